"""What a family may change in its notification settings (every field optional: only those sent change)."""
from marshmallow import ValidationError, fields, pre_load, validate, validates

from services.chassis.schemas import StrictSchema
from services.notifications.rendering import LOCALES

MAX_EXTRA_INVOICE_EMAILS = 3


class SettingsChanges(StrictSchema):
    locale = fields.String(validate=validate.OneOf(LOCALES, error="Langue inconnue : choisissez « fr » ou « en »."),
                           error_messages={"invalid": "Langue inconnue : choisissez « fr » ou « en »."})
    daily_report = fields.Boolean(error_messages={"invalid": "Valeur attendue : vrai ou faux."})
    extra_invoice_emails = fields.List(
        fields.Email(validate=validate.Length(max=254, error="Adresse électronique trop longue."),
                     error_messages={"invalid": "Adresse électronique invalide."}),
        validate=validate.Length(max=MAX_EXTRA_INVOICE_EMAILS,
                                 error=f"{MAX_EXTRA_INVOICE_EMAILS} adresses supplémentaires au plus."),
        error_messages={"invalid": "Une liste d'adresses électroniques est attendue."},
    )

    @pre_load
    def strip(self, data, **_):
        emails = data.get("extra_invoice_emails") if isinstance(data, dict) else None
        if isinstance(emails, list):
            data = {**data, "extra_invoice_emails": [e.strip() if isinstance(e, str) else e for e in emails]}
        return data

    @validates("extra_invoice_emails")
    def no_duplicates(self, emails, **_):
        seen = set()
        for email in emails:
            if email.lower() in seen:
                raise ValidationError(f"L'adresse {email} figure deux fois.")
            seen.add(email.lower())
