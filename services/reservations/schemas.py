"""Marshmallow schemas of the reservations RPC payloads and event data."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import EventDataSchema, StrictSchema
from services.reservations.domain import ACTIONS, BOOKING_MODES, STATUSES

MAX_PLANNING_DAYS = 366

def _name():
    return fields.String(required=True, validate=validate.Length(min=1, max=200))


def _unit_code():
    return fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$"))


class StructureSchema(StrictSchema):
    name = _name()
    kind = fields.String(required=True, validate=validate.Length(min=1, max=100))


class UnitSchema(StrictSchema):
    code = _unit_code()
    label = fields.String(required=True, validate=validate.Length(min=1, max=100))


class ActivitySchema(StrictSchema):
    structure_id = fields.UUID(required=True)
    name = _name()
    booking_mode = fields.String(required=True, validate=validate.OneOf(BOOKING_MODES))
    units = fields.List(fields.Nested(UnitSchema), required=True, validate=validate.Length(min=1, max=20))

    @validates_schema
    def unique_codes(self, data, **_):
        codes = [unit["code"] for unit in data["units"]]
        if len(codes) != len(set(codes)):
            raise ValidationError("Chaque unité doit avoir un code différent.", "units")


class OpeningDaySchema(StrictSchema):
    date = fields.Date(required=True)
    unit = _unit_code()
    capacity = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=100000))


class OpenDaysSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    days = fields.List(fields.Nested(OpeningDaySchema), required=True,
                       validate=validate.Length(min=1, max=5000))

    @validates_schema
    def unique_days(self, data, **_):
        keys = [(day["date"], day["unit"]) for day in data["days"]]
        if len(keys) != len(set(keys)):
            raise ValidationError("Un même jour et une même unité apparaissent deux fois.", "days")


class ChangeSchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    unit = _unit_code()
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))


class BookSchema(StrictSchema):
    child_id = fields.UUID(required=True)
    changes = fields.List(fields.Nested(ChangeSchema), required=True,
                          validate=validate.Length(min=1, max=500))
    idempotency_key = fields.String(required=True, validate=validate.Length(min=1, max=200))


class ChildQuerySchema(StrictSchema):
    child_id = fields.UUID(required=True)


class PlanningQuerySchema(StrictSchema):
    child_id = fields.UUID(required=True)
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)

    @validates_schema
    def sensible_range(self, data, **_):
        span = (data["date_to"] - data["date_from"]).days
        if span < 0:
            raise ValidationError("La date de fin précède la date de début.", "date_to")
        if span >= MAX_PLANNING_DAYS:
            raise ValidationError(f"Au plus {MAX_PLANNING_DAYS} jours à la fois.", "date_to")


class BookingsQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)
    child_id = fields.UUID(load_default=None, allow_none=True)
    date_from = fields.Date(load_default=None, allow_none=True)
    date_to = fields.Date(load_default=None, allow_none=True)
    status = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(STATUSES))


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


class BookingEventSchema(StrictSchema):
    """Data of `booking.accepted`, `booking.waitlisted` and `booking.cancelled`."""

    booking_id = fields.UUID(required=True)
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    activity_name = fields.String(required=True)
    structure_id = fields.UUID(required=True)
    date = fields.Date(required=True)
    unit = fields.String(required=True)
    unit_label = fields.String(required=True)
    waiting_position = fields.Integer(required=True, allow_none=True)
