"""Helpers for the services' tests (imported by tests only)."""
from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from kombu import Connection, Queue, binding

from services.chassis import outbox
from services.chassis.clock import FixedClock
from services.chassis.errors import ServiceError


@contextmanager
def refused(status: int, code: str | None = None):
    """The block raises ServiceError with this status (and code); yields pytest's ExceptionInfo."""
    with pytest.raises(ServiceError) as info:
        yield info
    assert info.value.status == status, info.value
    if code is not None:
        assert info.value.code == code, info.value


def travel(container, to) -> None:
    """Stop a running service's clock at `to` (its injectable clock, as for every business rule)."""
    provider = next(d for d in container.dependencies if d.attr_name == "clock")
    provider.clock = FixedClock(to)


class EventLog:
    """What a service published, in order, read from a queue bound before the calls."""

    def __init__(self, connection: Connection, service: str, pattern: str | tuple = "#"):
        """`pattern`: a routing pattern, or several (the events matching any of them)."""
        exchange = outbox.event_exchange(service)
        exchange(connection.default_channel).declare()
        patterns = (pattern,) if isinstance(pattern, str) else pattern
        self.queue = connection.SimpleQueue(Queue(f"test-{service}-{uuid.uuid4()}", exclusive=True, bindings=[
            binding(exchange, routing_key=key) for key in patterns]))

    def take(self, count: int, timeout: float = 10) -> list[dict]:
        """The next `count` events as their CloudEvents envelopes, with `name` = routing key."""
        events = []
        for _ in range(count):
            message = self.queue.get(timeout=timeout)
            message.ack()
            events.append({**message.payload, "name": message.delivery_info["routing_key"]})
        return events

    def assert_quiet(self, wait: float = 1.0) -> None:
        with pytest.raises(self.queue.Empty):
            message = self.queue.get(timeout=wait)
            raise AssertionError(f"unexpected event {message.delivery_info['routing_key']}")
