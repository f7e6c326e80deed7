"""CloudEvents 1.0 structured envelopes for our events.

The routing key on the service's exchange is the event name (`booking.accepted`); the CloudEvents
`type` carries the same name under our reverse-DNS prefix and its version (`fr.portail-famille.booking.accepted.v1`).
"""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from marshmallow import fields, validate

from services.chassis.schemas import StrictSchema

TYPE_PREFIX = "fr.portail-famille."
# What personal names become when a family is anonymised (GDPR), in every service alike.
ANONYMOUS = "Anonyme"
SOURCE_PREFIX = "/portail-famille/"


def exchange_name(service: str) -> str:
    """Nameko's convention, so nameko `@event_handler`s and plain AMQP subscribers both bind to it."""
    return f"{service}.events"


def envelope(service: str, name: str, data: dict, subject: str | None = None, version: int = 1) -> dict:
    event = {
        "specversion": "1.0",
        "id": str(uuid.uuid4()),
        "source": f"{SOURCE_PREFIX}{service}",
        "type": f"{TYPE_PREFIX}{name}.v{version}",
        "time": datetime.now(timezone.utc).isoformat(),
        "datacontenttype": "application/json",
        "data": data,
    }
    if subject is not None:
        event["subject"] = str(subject)
    return event


def event_time(event: dict) -> datetime:
    """When the change happened at its source: consumers keep the latest and ignore older news."""
    return datetime.fromisoformat(event["time"])


def event_name(event: dict) -> str:
    """`fr.portail-famille.booking.accepted.v1` → `booking.accepted`."""
    name = event["type"].removeprefix(TYPE_PREFIX)
    return name.rsplit(".v", 1)[0]


class CloudEventSchema(StrictSchema):
    specversion = fields.String(required=True, validate=validate.Equal("1.0"))
    id = fields.String(required=True, validate=validate.Length(min=1))
    source = fields.String(required=True, validate=validate.Length(min=1))
    type = fields.String(required=True, validate=validate.Regexp(r"^fr\.portail-famille\.[a-z_.]+\.v\d+$"))
    time = fields.AwareDateTime(required=True)
    subject = fields.String()
    datacontenttype = fields.String(validate=validate.Equal("application/json"))
    data = fields.Dict(required=True)
