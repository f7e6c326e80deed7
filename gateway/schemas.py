"""Marshmallow schemas of the API's request bodies and query strings.

Bodies are strict (an unknown field is an error); query strings ignore what they do not know. Dates
and ids are validated here and passed on as strings, the services' wire format. The staff payloads
are validated by the service that owns them, not duplicated here.
"""
from __future__ import annotations

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from services.chassis.schemas import StrictSchema


class IsoDate(fields.Date):
    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).isoformat()


class UuidString(fields.UUID):
    def _deserialize(self, value, attr, data, **kwargs):
        return str(super()._deserialize(value, attr, data, **kwargs))


MONTH = validate.Regexp(r"^\d{4}-(0[1-9]|1[0-2])$", error="Mois attendu au format AAAA-MM.")


class LoginSchema(StrictSchema):
    login = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class PasswordChangeSchema(StrictSchema):
    current_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))
    new_password = fields.String(required=True, validate=validate.Length(min=1, max=1024))


class ChangeSchema(StrictSchema):
    activity_id = UuidString(required=True)
    date = IsoDate(required=True)
    unit = fields.String(required=True, validate=validate.Length(min=1, max=64))
    action = fields.String(required=True, validate=validate.OneOf(("book", "cancel")))


class BookingRequestSchema(StrictSchema):
    child_id = UuidString(required=True)
    changes = fields.List(fields.Nested(ChangeSchema), required=True,
                          validate=validate.Length(min=1, max=400))


class QuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE


class ActivitiesQuery(QuerySchema):
    child_id = UuidString(required=True)


class PeriodQuery(QuerySchema):
    date_from = IsoDate(data_key="from")
    date_to = IsoDate(data_key="to")


class BookingsQuery(PeriodQuery):
    child_id = UuidString()
    family_id = UuidString()  # staff only; a parent's own family is always used
    status = fields.String(validate=validate.OneOf(
        ("accepted", "pending", "waiting_list", "refused", "cancelled")))


class MonthQuery(QuerySchema):
    month = fields.String(validate=MONTH)
    family_id = UuidString()


def json_object(data) -> dict:
    """A body that must be a JSON object, passed on as it is to the service that validates it."""
    if not isinstance(data, dict):
        raise ValidationError({"_schema": ["Un objet JSON est attendu."]})
    return data


class FamilyQuery(QuerySchema):
    family_id = UuidString()  # staff only; a parent's own family is always used
