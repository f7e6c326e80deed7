"""Marshmallow schemas of the family file's RPC payloads, results and events."""
from marshmallow import Schema, fields, validate

from services.accounts.fields import login_field, name_field, password_field
from services.chassis.schemas import StrictSchema

CIVILITIES = ("M.", "Mme")


POSITIONS = ("father", "mother", "guardian", "other")


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
