"""Booking events come in batches (the opening-day rush: every family's request at once, one event per
child listing its bookings): each booking is recorded as if alone, once, and announced once."""
import uuid

import eventlet
from kombu import Connection, Producer
from nameko.testing.services import entrypoint_waiter

from services.billing.tests.conftest import RecordedListener, booking, booking_event, set_flat
from services.chassis import outbox


def publish_all(amqp_uri, events):
    """Published back to back on one connection, as reservations' relay does committed requests."""
    exchange = outbox.event_exchange("reservations")
    with Connection(amqp_uri) as conn:
        producer = Producer(conn.default_channel)
        for event in events:
            producer.publish(event, exchange=exchange, routing_key="booking.accepted", serializer="json",
                             declare=[exchange])


def test_the_rushs_requests_are_recorded_together_each_booking_once(start_service, billing, api, amqp_uri,
                                                                      family, sql):
    start_service(RecordedListener)
    set_flat(api, family, 350, "2026-09-01")
    children = [{**family, "child_id": str(uuid.uuid4())} for _ in range(12)]
    requests = [[booking(child, f"2026-12-{day:02d}") for day in range(1, 6)] for child in children]
    events = [booking_event("booking.accepted", *lines) for lines in requests]
    lines = [line for request in requests for line in request]
    batches = []

    def all_handled(worker_ctx, result, exc_info):
        batches.append(len(worker_ctx.args[0]))
        return sum(batches) >= len(events) + 2

    with entrypoint_waiter(billing, "on_booking_accepted", callback=all_handled):
        publish_all(amqp_uri, events + events[:2])  # two delivered twice, maybe in the same batch
    with eventlet.Timeout(10):
        while len(RecordedListener.received) < len(lines):
            eventlet.sleep(0.05)
    eventlet.sleep(0.3)  # and no more

    assert len(batches) < len(events)  # taken together, not one by one
    rows = sql("SELECT booking_id::text, billable, amount_cents, regie_id IS NOT NULL AS priced FROM consumptions")
    assert sorted(row["booking_id"] for row in rows) == sorted(line["booking_id"] for line in lines)
    assert {(row["billable"], row["amount_cents"], row["priced"]) for row in rows} == {(True, 350, True)}
    assert sorted(event["data"]["booking_id"] for event in RecordedListener.received) == sorted(
        line["booking_id"] for line in lines)
