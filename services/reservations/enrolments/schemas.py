"""Schemas of the enrolment RPC payloads."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema

DECISIONS = ("accept", "refuse")


class ChildQuerySchema(StrictSchema):
    child_id = fields.UUID(required=True)


class RequestSchema(StrictSchema):
    child_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)


class EnrolmentIdSchema(StrictSchema):
    enrolment_id = fields.UUID(required=True)


class DecisionSchema(StrictSchema):
    enrolment_id = fields.UUID(required=True)
    decision = fields.String(required=True, validate=validate.OneOf(DECISIONS))
    reason = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))

    @validates_schema
    def reason_to_refuse(self, data, **_):
        if data["decision"] == "refuse" and not (data.get("reason") or "").strip():
            raise ValidationError("Indiquez le motif du refus.", "reason")


class FamilyQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)


class PendingQuerySchema(StrictSchema):
    structure_id = fields.UUID(load_default=None, allow_none=True)
