"""Data of the events this service consumes: only the fields it reads (tolerant readers)."""
from marshmallow import fields

from services.chassis.schemas import EventDataSchema


class ChildCreatedSchema(EventDataSchema):
    """`accounts` `child.created` and `child.updated` data (the fields this service keeps)."""

    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(required=True)


class FamilyAnonymisedSchema(EventDataSchema):
    """`accounts` `family.anonymised` data."""

    family_id = fields.UUID(required=True)
    number = fields.String(required=True)


class DocumentEventSchema(EventDataSchema):
    """`accounts` `document.submitted`, `document.validated` and `document.refused` data."""

    document_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True, allow_none=True)
    type = fields.String(required=True)
    valid_until = fields.Date(load_default=None, allow_none=True)


class DebtChangedSchema(EventDataSchema):
    """`billing` `balance.changed` data (its amounts due and credit are not kept here): whether the
    family owes money past its due dates."""

    family_id = fields.UUID(required=True)
    in_debt = fields.Boolean(required=True)
    overdue_cents = fields.Integer(load_default=0)
