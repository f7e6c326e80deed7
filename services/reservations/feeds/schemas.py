"""Schemas of the feed RPC arguments."""
from marshmallow import fields, validate

from services.chassis.schemas import StrictSchema


class ChildSchema(StrictSchema):
    child_id = fields.UUID(required=True)


class TokenSchema(StrictSchema):
    token = fields.String(required=True, validate=validate.Length(min=1, max=200))
