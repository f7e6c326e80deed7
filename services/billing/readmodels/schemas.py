"""What billing reads of accounts' events: tolerant readers, so a producer may add fields."""
from marshmallow import fields

from services.chassis.schemas import EventDataSchema


class FamilyNamesData(EventDataSchema):
    """`family.updated` (and the start of `family.created`): what billing keeps of the names."""

    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
    display_name = fields.String(required=True)


class CreatedChild(EventDataSchema):
    id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(load_default=None, allow_none=True)


class FamilyCreatedData(FamilyNamesData):
    """A family is created with its children (no `child.created` for them)."""

    quotient = fields.Integer(load_default=None, allow_none=True)
    quotient_valid_until = fields.Date(load_default=None, allow_none=True)
    children = fields.List(fields.Nested(CreatedChild), load_default=list)


class QuotientChangedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    quotient = fields.Integer(required=True, allow_none=True)
    quotient_valid_until = fields.Date(load_default=None, allow_none=True)


class ChildData(EventDataSchema):
    """`child.created` and `child.updated`."""

    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(load_default=None, allow_none=True)


class FamilyAnonymisedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
