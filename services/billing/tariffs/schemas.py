"""Marshmallow schemas of the régie and tariff RPCs. A tariff's `parameters` are checked by its rule."""
from marshmallow import ValidationError, fields, validate, validates, validates_schema

from services.billing import pricing
from services.chassis.schemas import StrictSchema

NOT_BLANK = validate.Regexp(r"\S", error="Ce champ ne peut pas être vide.")
CATEGORIES = ("care", "meal", "other")


class RegiePayload(StrictSchema):
    name = fields.String(required=True, validate=[validate.Length(min=1, max=200), NOT_BLANK])
    code = fields.String(allow_none=True, validate=validate.Regexp(
        r"^[A-Z0-9][A-Z0-9_-]{0,19}$", error="Code de 1 à 20 caractères : majuscules, chiffres, - ou _."))
    due_days = fields.Integer(strict=True, validate=validate.Range(min=0, max=365))
    minimum_payment_cents = fields.Integer(strict=True, validate=validate.Range(
        min=0, error="Le montant ne peut pas être négatif."))
    prepaid = fields.Boolean()
    payfip_numcli = fields.String(allow_none=True, validate=validate.Regexp(
        r"^\d{6}$", error="Le numéro client PayFiP compte 6 chiffres."))
    payment_instructions = fields.String(allow_none=True, validate=validate.Length(max=2000))


class TariffPayload(StrictSchema):
    regie_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    unit = fields.String(required=True, validate=[validate.Length(min=1, max=50), NOT_BLANK])
    rule = fields.String(required=True)
    category = fields.String(load_default="care", validate=validate.OneOf(
        CATEGORIES, error="Catégorie attendue : care, meal ou other."))
    amount_cents = fields.Integer(
        load_default=None, allow_none=True, strict=True,
        validate=validate.Range(min=0, error="Le montant ne peut pas être négatif."),
    )
    parameters = fields.Dict(load_default=dict)
    sibling_reductions = fields.List(
        fields.Integer(strict=True, validate=validate.Range(min=0, max=100, error="Un pourcentage de 0 à 100.")),
        load_default=list, validate=validate.Length(max=10))
    valid_from = fields.Date(load_default=None, allow_none=True)

    @validates("rule")
    def known_rule(self, value, **_):
        if value not in pricing.rules():
            raise ValidationError("Règle de tarification inconnue.")

    @validates_schema(skip_on_field_errors=True)
    def fits_the_rule(self, data, **_):
        rule = pricing.rules()[data["rule"]]
        if rule.amount_required and data["amount_cents"] is None:
            raise ValidationError("Montant obligatoire pour cette règle.", "amount_cents")
        try:
            data["parameters"] = rule.parameters_schema().load(data["parameters"])
        except ValidationError as exc:
            raise ValidationError(exc.messages, "parameters") from None


class TariffFilter(StrictSchema):
    regie_id = fields.UUID(load_default=None, allow_none=True)
    activity_id = fields.UUID(load_default=None, allow_none=True)


class PriceGridArguments(StrictSchema):
    family_id = fields.UUID(required=True)
    activity_ids = fields.List(fields.UUID(), required=True, validate=validate.Length(max=100))
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
