"""Idempotent event handlers: `@handles("accounts", "child.created", ChildSchema())` on a method
`(self, conn, data, event)` runs it once per event id, in one transaction with the mark that the
event was handled, with `data` validated by the schema.

A handler that fails is requeued and tried again (nothing accepted is lost); an event whose data is
malformed is logged and dropped, since trying it again would only fail again.
"""
from __future__ import annotations

import functools
import logging

from marshmallow import Schema, ValidationError
from nameko.events import event_handler

log = logging.getLogger(__name__)


def handles(source: str, name: str, schema: Schema):
    def decorate(method):
        @functools.wraps(method)
        def handle(self, event):
            try:
                data = schema.load(event.get("data") or {})
            except ValidationError as exc:
                log.error("ignoring malformed event %s (%s): %s", event.get("id"), event.get("type"), exc.messages)
                return
            with self.db.transaction() as conn:
                if self.db.first_delivery(conn, event, f"{self.name}.{method.__name__}"):
                    method(self, conn, data, event)

        return event_handler(source, name, requeue_on_error=True)(handle)

    return decorate
