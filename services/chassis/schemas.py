"""Marshmallow at every boundary: strict base schema and one way to load input."""
from marshmallow import EXCLUDE, RAISE, Schema, ValidationError

from services.chassis.errors import invalid


class StrictSchema(Schema):
    """Unknown fields are an error, not silently dropped."""

    class Meta:
        unknown = RAISE


class EventDataSchema(Schema):
    """Another service's event data, read tolerantly: a producer may add fields without breaking us."""

    class Meta:
        unknown = EXCLUDE


def load(schema: Schema, data, **kwargs):
    """Validate `data` with `schema`, turning a validation failure into a 422 ServiceError."""
    try:
        return schema.load(data if data is not None else {}, **kwargs)
    except ValidationError as exc:
        raise invalid({"fields": exc.messages}) from None
