"""Marshmallow schemas of identity's RPC payloads and results (dumped: only declared fields leave)."""
from marshmallow import Schema, fields, validate

from services.accounts.fields import NOT_BLANK, login_field, password_field
from services.chassis.schemas import StrictSchema

ROLES = ("parent", "staff", "admin")


class LoginInput(StrictSchema):
    login = fields.String(required=True, validate=validate.Length(min=1, max=254))
    password = password_field()
    ip = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))
    user_agent = fields.String(load_default=None, allow_none=True)


class ChangePasswordInput(StrictSchema):
    current_password = password_field()
    new_password = password_field()
    session_token = fields.String(load_default=None, allow_none=True)


class StaffUserInput(StrictSchema):
    login = login_field(required=True)
    password = password_field()
    role = fields.String(required=True, validate=validate.OneOf(("staff", "admin")))
    display_name = fields.String(required=True, validate=[validate.Length(min=1, max=200), NOT_BLANK])
    email = fields.Email(load_default=None, allow_none=True)


def _email(**kwargs):
    return fields.Email(validate=validate.Length(max=254), **kwargs)


def _token():
    return fields.String(required=True, validate=validate.Length(min=1, max=128))


class PasswordResetRequestInput(StrictSchema):
    email = _email(required=True)
    ip = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=64))


class TokenPasswordInput(StrictSchema):
    token = _token()
    password = password_field()


class TokenInput(StrictSchema):
    token = _token()


class EmailChangeInput(StrictSchema):
    password = password_field()
    new_email = _email(required=True)
    new_email_confirm = fields.String(required=True, validate=validate.Length(max=254))


class CreateStaffUserInput(StrictSchema):
    login = login_field(required=True)
    display_name = fields.String(required=True, validate=[validate.Length(min=1, max=200), NOT_BLANK])
    email = _email(required=True)
    role = fields.String(required=True, validate=validate.OneOf(("staff", "admin")))
    structure_ids = fields.List(fields.UUID(), load_default=list)


class StaffUserResult(Schema):
    id = fields.UUID()
    login = fields.String()
    role = fields.String()
    structure_ids = fields.List(fields.UUID())


class UserEmailChangedData(Schema):
    user_id = fields.UUID()
    family_id = fields.UUID(allow_none=True)
    email = fields.String()


class MeResult(Schema):
    id = fields.UUID()
    login = fields.String()
    role = fields.String()
    family_id = fields.UUID(allow_none=True)
    display_name = fields.String()
    email = fields.String(allow_none=True)


class LoginUserResult(Schema):
    id = fields.UUID()
    role = fields.String()
    family_id = fields.UUID(allow_none=True)
    must_change_password = fields.Boolean()


class SessionResult(Schema):
    user_id = fields.UUID()
    role = fields.String()
    family_id = fields.UUID(allow_none=True)
    structure_ids = fields.List(fields.UUID())
    login = fields.String()
    must_change_password = fields.Boolean()
    expires_at = fields.AwareDateTime()  # gateways keep a session no longer


class LoginHistoryResult(Schema):
    at = fields.AwareDateTime()
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    success = fields.Boolean()
