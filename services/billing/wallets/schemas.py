"""Schemas of the wallet RPC arguments."""
from marshmallow import fields

from services.chassis.schemas import StrictSchema


class WalletsQuerySchema(StrictSchema):
    family_id = fields.UUID(required=True)
    until = fields.Date(load_default=None, allow_none=True)
