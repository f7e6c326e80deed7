"""Schemas of the inbox RPC payloads: plain text, length-limited, never blank."""
from marshmallow import ValidationError, fields, pre_load, validate, validates

from services.chassis.schemas import StrictSchema

BOXES = ("inbox", "sent", "trash")
SUBJECT_MAX = 150
BODY_MAX = 5000
NAME_MAX = 200


def _strip(data: dict, *names: str) -> dict:
    if not isinstance(data, dict):
        return data
    return {**data, **{name: data[name].strip() for name in names if isinstance(data.get(name), str)}}


class ReplySchema(StrictSchema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=BODY_MAX,
                         error="Le message doit faire entre {min} et {max} caractères."))

    @pre_load
    def strip(self, data, **_):
        return _strip(data, "body", "subject", "structure_name")

    @validates("body")
    def no_control_characters(self, value, **_):
        if any(ord(char) < 32 and char not in "\n\r\t" for char in value):
            raise ValidationError("Le message contient des caractères non autorisés.")


class NewThreadSchema(ReplySchema):
    """A first message: to a structure (a parent) or to a family (staff, for one of their structures).
    `structure_name` is the structure's name as reservations gives it to the gateway."""
    family_id = fields.UUID(required=True)
    structure_id = fields.UUID(required=True)
    structure_name = fields.String(required=True, validate=validate.Length(min=1, max=NAME_MAX))
    subject = fields.String(required=True, validate=validate.Length(min=1, max=SUBJECT_MAX,
                            error="L'objet doit faire entre {min} et {max} caractères."))

    @validates("subject")
    def one_line(self, value, **_):
        if any(ord(char) < 32 for char in value):
            raise ValidationError("L'objet doit tenir sur une ligne.")


class ThreadIdSchema(StrictSchema):
    thread_id = fields.UUID(required=True)


class FamilyBoxSchema(StrictSchema):
    family_id = fields.UUID(required=True)
    box = fields.String(load_default="inbox", validate=validate.OneOf(BOXES))


class StructureBoxSchema(StrictSchema):
    structure_id = fields.UUID(load_default=None, allow_none=True)
    box = fields.String(load_default="inbox", validate=validate.OneOf(BOXES))
