from marshmallow import fields, validate

from services.chassis.schemas import StrictSchema

# An event name or an AMQP topic pattern of them (`*` one word, `#` zero or more):
# `invoice.issued`, `invoice.*`, `booking.#`, `#`.
_WORD = r"([a-z_]+|\*|#)"
PATTERN = validate.And(
    validate.Length(max=200),
    validate.Regexp(rf"^{_WORD}(\.{_WORD})*$", error=(
        "Motif d'événement invalide : des mots en minuscules (a-z, _) séparés par des points, "
        "« * » pour un mot quelconque, « # » pour zéro ou plusieurs mots (ex. invoice.*, booking.#).")),
)


class WebhookCreateSchema(StrictSchema):
    url = fields.Url(required=True, require_tld=False, schemes={"http", "https"},
                     validate=validate.Length(max=2000))
    events = fields.List(fields.String(validate=PATTERN), required=True, validate=validate.Length(min=1, max=50))
    secret = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=16, max=200))


class WebhookIdSchema(StrictSchema):
    webhook_id = fields.UUID(required=True)
