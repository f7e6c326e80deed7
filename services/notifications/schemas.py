"""Marshmallow schemas of the event data notifications consumes (tolerant readers)."""
from marshmallow import fields

from services.chassis.schemas import EventDataSchema


class FamilyCreatedData(EventDataSchema):
    family_id = fields.UUID(required=True)
    display_name = fields.String(required=True)
    email = fields.String(load_default=None, allow_none=True)
    login = fields.String(required=True)
    # Not in accounts' event yet: a family that refused emails will say so here (default: consents).
    consent_email = fields.Boolean(load_default=True)


class ChildCreatedData(EventDataSchema):
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)


class BookingAcceptedData(EventDataSchema):
    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    unit_label = fields.String(load_default=None, allow_none=True)
