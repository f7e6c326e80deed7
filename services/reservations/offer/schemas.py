"""Schemas of the offer's RPC payloads."""
from marshmallow import ValidationError, fields, validate, validates_schema

from services.chassis.schemas import StrictSchema
from services.reservations.booking.domain import BOOKING_MODES


def _name():
    return fields.String(required=True, validate=validate.Length(min=1, max=200))


def unit_code():
    return fields.String(required=True, validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$"))


class StructureSchema(StrictSchema):
    name = _name()
    kind = fields.String(required=True, validate=validate.Length(min=1, max=100))


class UnitSchema(StrictSchema):
    code = unit_code()
    label = fields.String(required=True, validate=validate.Length(min=1, max=100))
    pool = fields.String(validate=validate.Regexp(r"^[a-z][a-z0-9_]{0,39}$"))


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
    unit = unit_code()
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
