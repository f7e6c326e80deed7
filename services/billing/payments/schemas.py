"""Schemas of the payment RPC payloads."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema

STAFF_METHODS = ("cheque", "cash", "cesu", "direct_debit", "transfer")
MAX_CENTS = 10_000_000  # 100,000 €
CENTS = dict(strict=True, validate=validate.Range(min=1, max=MAX_CENTS, error="Montant invalide (1 centime à 100 000 €)."))


class FamilyQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)


class OnlinePaymentIdSchema(StrictSchema):
    online_payment_id = fields.UUID(required=True)


class StaffPaymentSchema(StrictSchema):
    family_id = fields.UUID(required=True)
    regie_id = fields.UUID(required=True)
    method = fields.String(required=True, validate=validate.OneOf(STAFF_METHODS, error="Mode de règlement inconnu."))
    amount_cents = fields.Integer(required=True, **CENTS)
    received_on = fields.Date(required=True)
    piece_number = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    payer = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    bank = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=100))

    @validates_schema
    def cheque_number(self, data, **_):
        if data["method"] in ("cheque", "cesu") and not (data.get("piece_number") or "").strip():
            raise ValidationError("Indiquez le numéro du chèque ou du titre CESU.", "piece_number")


class OnlinePaymentSchema(StrictSchema):
    """`{invoice_ids, email}`, or `{amount_cents, regie_id, purpose: balance|wallet, email}`
    (`regie` is accepted for `regie_id`, as API.md names it)."""
    invoice_ids = fields.List(fields.UUID(), load_default=None, allow_none=True,
                              validate=validate.Length(max=100))
    amount_cents = fields.Integer(load_default=None, allow_none=True, **CENTS)
    regie_id = fields.UUID(load_default=None, allow_none=True)
    regie = fields.UUID(load_default=None, allow_none=True)
    purpose = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(("balance", "wallet")))
    email = fields.Email(required=True, validate=validate.Length(min=6, max=80),
                         error_messages={"invalid": "Adresse électronique invalide."})

    @validates_schema
    def what_to_pay(self, data, **_):
        regie = data.get("regie_id") or data.get("regie")
        if data.get("invoice_ids"):
            if data.get("amount_cents") is not None or data.get("purpose") == "wallet":
                raise ValidationError("Choisissez des factures ou un montant, pas les deux.", "invoice_ids")
        elif data.get("amount_cents") is None or regie is None:
            raise ValidationError("Choisissez des factures, ou un montant et une régie.", "invoice_ids")
