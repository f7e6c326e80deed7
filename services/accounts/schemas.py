"""Marshmallow schemas of the accounts RPC payloads, results and event data.

Results and events are produced with `dump`, which writes only the declared fields: a password or
its hash cannot slip into an event or an answer by accident.
"""
from marshmallow import Schema, fields, validate

from services.chassis.schemas import StrictSchema

CIVILITIES = ("M.", "Mme")
POSITIONS = ("father", "mother", "guardian", "other")
ROLES = ("parent", "staff", "admin")
MAX_PASSWORD_LENGTH = 256  # bounds the cost of hashing what a client sends

NOT_BLANK = validate.Regexp(r"\S", error="Ce champ ne peut pas être vide.")


def name_field():
    return fields.String(required=True, validate=[validate.Length(min=1, max=100), NOT_BLANK])


def password_field():
    return fields.String(required=True, validate=validate.Length(max=MAX_PASSWORD_LENGTH))


def login_field(**kwargs):
    return fields.String(validate=validate.Regexp(r"^\S{3,254}$", error="Identifiant invalide."), **kwargs)


# RPC input ------------------------------------------------------------------------------------------

class GuardianInput(StrictSchema):
    civility = fields.String(required=True, validate=validate.OneOf(CIVILITIES))
    first_name = name_field()
    last_name = name_field()
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=30))
    position = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(POSITIONS))


class ChildInput(StrictSchema):
    first_name = name_field()
    last_name = name_field()
    birth_date = fields.Date(required=True)


class CreateFamilyInput(StrictSchema):
    guardians = fields.List(fields.Nested(GuardianInput), required=True, validate=validate.Length(min=1, max=4))
    children = fields.List(fields.Nested(ChildInput), load_default=list, validate=validate.Length(max=20))
    quotient = fields.Integer(load_default=None, allow_none=True, strict=True, validate=validate.Range(min=0))
    login = login_field(load_default=None, allow_none=True)
    temporary_password = password_field()


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


# Results --------------------------------------------------------------------------------------------

class GuardianResult(Schema):
    id = fields.UUID()
    civility = fields.String()
    first_name = fields.String()
    last_name = fields.String()
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    position = fields.String(allow_none=True)


class ChildResult(Schema):
    id = fields.UUID()
    first_name = fields.String()
    last_name = fields.String()
    birth_date = fields.Date()


class FamilyResult(Schema):
    id = fields.UUID()
    number = fields.String()
    display_name = fields.String()
    guardians = fields.List(fields.Nested(GuardianResult))
    children = fields.List(fields.Nested(ChildResult))
    quotient = fields.Integer(allow_none=True)


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


class LoginHistoryResult(Schema):
    at = fields.AwareDateTime()
    ip = fields.String(allow_none=True)
    user_agent = fields.String(allow_none=True)
    success = fields.Boolean()


# Event data -----------------------------------------------------------------------------------------

class FamilyCreatedData(Schema):
    family_id = fields.UUID(required=True)
    number = fields.String(required=True)
    display_name = fields.String(required=True)
    email = fields.String(required=True, allow_none=True)
    login = fields.String(required=True)
    guardians = fields.List(fields.Nested(GuardianResult), required=True)
    children = fields.List(fields.Nested(ChildResult), required=True)
    quotient = fields.Integer(required=True, allow_none=True)


class ChildCreatedData(Schema):
    child_id = fields.UUID(required=True)
    family_id = fields.UUID(required=True)
    first_name = fields.String(required=True)
    last_name = fields.String(required=True)
    birth_date = fields.Date(required=True)
