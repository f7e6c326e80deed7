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


TOKEN = fields.String(required=True, validate=validate.Length(min=1, max=512))
PASSWORD = fields.String(required=True, validate=validate.Length(min=1, max=1024))
EMAIL = fields.String(required=True, validate=validate.Length(min=1, max=254))


class ForgotPasswordSchema(StrictSchema):
    email = EMAIL


class TokenPasswordSchema(StrictSchema):
    """Password reset and account activation: the emailed token and the new password."""
    token = TOKEN
    password = PASSWORD


class TokenSchema(StrictSchema):
    token = TOKEN


class EmailChangeSchema(StrictSchema):
    password = PASSWORD
    new_email = EMAIL
    new_email_confirm = EMAIL


class ChangeRequestSchema(StrictSchema):
    target = fields.String(required=True, validate=validate.OneOf(("family", "guardian", "child", "new_child")))
    target_id = UuidString(load_default=None, allow_none=True)
    changes = fields.Dict(keys=fields.String(), required=True)


class ChangeRequestsQuery(QuerySchema):
    status = fields.String(validate=validate.OneOf(("pending", "accepted", "refused")))
    family_id = UuidString()  # staff only


REASON = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class ChangeDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "refuse")))
    reason = REASON


class DocumentDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("validate", "refuse")))
    reason = REASON
    valid_until = IsoDate(load_default=None, allow_none=True)


class DocumentUploadSchema(QuerySchema):
    """The form fields of an upload (the file itself is read apart)."""
    type = fields.String(required=True, validate=validate.Length(min=1, max=64))
    child_id = UuidString(load_default=None, allow_none=True)


class SearchQuery(QuerySchema):
    q = fields.String(load_default="", validate=validate.Length(max=200))


# reservations
class PlanningQuery(PeriodQuery):
    family_id = UuidString()  # staff only: whose prices fill the planning


class EnrolmentRequestSchema(StrictSchema):
    child_id = UuidString(required=True)
    activity_id = UuidString(required=True)


class HistoryQuery(QuerySchema):
    child_id = UuidString()
    family_id = UuidString()  # staff only


class AbsenceSchema(StrictSchema):
    date_from = IsoDate(required=True)
    date_to = IsoDate(required=True)
    reason = fields.String(required=True, validate=validate.Length(min=1, max=500))


class StructureQuery(QuerySchema):
    structure_id = UuidString()


class PendingBookingsQuery(StructureQuery):
    date = IsoDate()


class DayQuery(QuerySchema):
    """A day in a query string or a path; today when the query names none."""
    date = IsoDate()


class StaffFamilyQuery(QuerySchema):
    family_id = UuidString(required=True)


class EnrolmentDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "refuse")))
    reason = REASON


class BookingDecisionSchema(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "waiting_list", "refuse")))
    reason = REASON
