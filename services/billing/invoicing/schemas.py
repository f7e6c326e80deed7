"""Schemas of the invoicing RPC payloads."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema

INVOICE_FILTERS = ("unpaid", "partly_paid", "paid")


class StartRunSchema(StrictSchema):
    regie_id = fields.UUID(required=True)
    period_start = fields.Date(required=True)
    period_end = fields.Date(required=True)
    issued_on = fields.Date(load_default=None, allow_none=True)
    due_on = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def dates_in_order(self, data, **_):
        if data["period_end"] < data["period_start"]:
            raise ValidationError("La fin de la période précède son début.", "period_end")
        if data["period_end"].toordinal() - data["period_start"].toordinal() > 366:
            raise ValidationError("Une facturation couvre au plus un an.", "period_end")
        if data["issued_on"] and data["due_on"] and data["due_on"] < data["issued_on"]:
            raise ValidationError("L'échéance précède la date d'émission.", "due_on")


class RunIdSchema(StrictSchema):
    run_id = fields.UUID(required=True)


class RunListSchema(StrictSchema):
    regie_id = fields.UUID(load_default=None, allow_none=True)


class InvoiceIdSchema(StrictSchema):
    invoice_id = fields.UUID(required=True)


class InvoiceListSchema(StrictSchema):
    family_id = fields.UUID(required=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(INVOICE_FILTERS))


class CreditNoteLineSchema(StrictSchema):
    label = fields.String(required=True, validate=validate.Length(min=1, max=200))
    amount_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))


class CreditNoteSchema(StrictSchema):
    amount_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))
    lines = fields.List(fields.Nested(CreditNoteLineSchema), load_default=list)

    @validates_schema
    def lines_add_up(self, data, **_):
        if not data["reason"].strip():
            raise ValidationError("Indiquez le motif de l'avoir.", "reason")
        if data.get("lines") and sum(line["amount_cents"] for line in data["lines"]) != data["amount_cents"]:
            raise ValidationError("Le total des lignes doit égaler le montant de l'avoir.", "lines")
