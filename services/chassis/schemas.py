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


class LinesOf:
    """Loads an event about several lines — `{<shared fields>, "<key>": [line, ...]}`, as reservations'
    `booking.*` events, a child's bookings changed together — as the list of its lines, each loaded by
    `line` with the shared fields added (`LinesOf(BookingLine(), "bookings", ("child_id", "family_id", "by"))`).
    Takes the place of a schema in `consumers.handles` and `batch_consumers.handles`. An event of the
    version before (its data one line, no list) reads as one line: those still queued at an upgrade
    are handled, not dropped."""

    def __init__(self, line: Schema, key: str, shared: tuple[str, ...]):
        self.line, self.key, self.shared = line, key, shared

    def load(self, data) -> list:
        if isinstance(data, dict) and self.key not in data:
            return [self.line.load(data)]
        lines = data.get(self.key) if isinstance(data, dict) else None
        if not isinstance(lines, list) or not lines:
            raise ValidationError({self.key: ["A non-empty list of lines is required."]})
        shared = {name: data[name] for name in self.shared if name in data}
        loaded, errors = [], {}
        for index, line in enumerate(lines):
            try:
                loaded.append(self.line.load({**line, **shared} if isinstance(line, dict) else line))
            except ValidationError as exc:
                errors[index] = exc.messages
        if errors:
            raise ValidationError({self.key: errors})
        return loaded


def each_line(items: list) -> list:
    """`(lines, event)` pairs of `LinesOf` events → `(line, event)` pairs, in order."""
    return [(line, event) for lines, event in items for line in lines]


def load(schema: Schema, data, **kwargs):
    """Validate `data` with `schema`, turning a validation failure into a 422 ServiceError."""
    try:
        return schema.load(data if data is not None else {}, **kwargs)
    except ValidationError as exc:
        raise invalid({"fields": exc.messages}) from None
