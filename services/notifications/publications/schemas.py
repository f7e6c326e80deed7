"""Schemas of the news, forms and contact RPC payloads."""
from marshmallow import fields, validate

from services.chassis.schemas import StrictSchema

TITLE = validate.Length(min=1, max=200)
TEXT = validate.Length(min=1, max=20_000)


class NewsCreateSchema(StrictSchema):
    title = fields.String(required=True, validate=TITLE)
    body = fields.String(required=True, validate=TEXT)
    structure_id = fields.UUID(load_default=None, allow_none=True)
    activity_id = fields.UUID(load_default=None, allow_none=True)
    activity_name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    published = fields.Boolean(load_default=True)


class NewsUpdateSchema(StrictSchema):
    title = fields.String(validate=TITLE)
    body = fields.String(validate=TEXT)
    published = fields.Boolean()


class NewsQuerySchema(StrictSchema):
    activity_ids = fields.List(fields.UUID(), load_default=list, validate=validate.Length(max=500))
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class IdSchema(StrictSchema):
    id = fields.UUID(required=True)


class FileSchema(StrictSchema):
    filename = fields.String(required=True, validate=validate.Length(min=1, max=255))
    content_base64 = fields.String(required=True)


class FormCreateSchema(FileSchema):
    title = fields.String(required=True, validate=TITLE)
    description = fields.String(load_default="", validate=validate.Length(max=2000))
    structure_id = fields.UUID(load_default=None, allow_none=True)
    published = fields.Boolean(load_default=True)


class FormUpdateSchema(StrictSchema):
    title = fields.String(validate=TITLE)
    description = fields.String(validate=validate.Length(max=2000))
    published = fields.Boolean()


class StructureContactSchema(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(load_default=None, allow_none=True)


class ContactRequestSchema(StrictSchema):
    structure_id = fields.UUID(required=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    email = fields.Email(required=True)
    subject = fields.String(required=True, validate=validate.Length(min=1, max=200))
    message = fields.String(required=True, validate=validate.Length(min=1, max=5000))


class StructureQuerySchema(StrictSchema):
    structure_id = fields.UUID(load_default=None, allow_none=True)
