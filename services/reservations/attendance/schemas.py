"""Schemas of the roll call and contract RPC payloads."""
from marshmallow import ValidationError, fields, post_load, validate, validates, validates_schema

from services.chassis.schemas import StrictSchema
from services.reservations.attendance import contracts

ATTENDANCE_STATUSES = ("present", "absent_excused", "absent_billed")
MAX_ENTRIES = 500
MAX_CONTRACT_DAYS = 3 * 366


class DayQuerySchema(StrictSchema):
    activity_id = fields.UUID(required=True)
    date = fields.Date(required=True)


class EntrySchema(StrictSchema):
    booking_id = fields.UUID(required=True)
    status = fields.String(required=True, validate=validate.OneOf(ATTENDANCE_STATUSES))


class AttendanceSchema(StrictSchema):
    entries = fields.List(fields.Nested(EntrySchema), required=True,
                          validate=validate.Length(min=1, max=MAX_ENTRIES))

    @validates_schema
    def one_entry_per_booking(self, data, **_):
        ids = [entry["booking_id"] for entry in data["entries"]]
        if len(ids) != len(set(ids)):
            raise ValidationError("Une même réservation apparaît deux fois.", "entries")


class ContractSchema(StrictSchema):
    child_id = fields.UUID(required=True)
    activity_id = fields.UUID(required=True)
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    schedule = fields.Raw(required=True)

    @validates("schedule")
    def valid_schedule(self, schedule, **_):
        errors = contracts.schedule_errors(schedule)
        if errors:
            raise ValidationError(errors)

    @validates_schema
    def sensible_span(self, data, **_):
        span = (data["ends_on"] - data["starts_on"]).days
        if span < 0:
            raise ValidationError("La date de fin précède la date de début.", "ends_on")
        if span >= MAX_CONTRACT_DAYS:
            raise ValidationError("Un contrat couvre au plus trois ans.", "ends_on")

    @post_load
    def normalise(self, data, **_):
        return {**data, "schedule": contracts.normalise(data["schedule"])}


class ContractIdSchema(StrictSchema):
    contract_id = fields.UUID(required=True)


class ExtraHoursSchema(StrictSchema):
    date = fields.Date(required=True)
    minutes = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=24 * 60))


class AbsenceSchema(StrictSchema):
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))

    @validates_schema
    def ordered(self, data, **_):
        if data["date_to"] < data["date_from"]:
            raise ValidationError("La date de fin précède la date de début.", "date_to")
