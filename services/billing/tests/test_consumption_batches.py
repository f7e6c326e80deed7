"""Booking events come in batches (the opening-day rush sends a request's 30 lines at once): each is
recorded as if alone, once, and announced once."""
import eventlet
from kombu import Connection, Producer
from nameko.testing.services import entrypoint_waiter

from services.billing.tests.conftest import RecordedListener, booking, set_flat
from services.chassis import outbox
from services.chassis.events import envelope


def publish_all(amqp_uri, events):
    """Published back to back on one connection, as reservations' relay does a committed request."""
    exchange = outbox.event_exchange("reservations")
    with Connection(amqp_uri) as conn:
        producer = Producer(conn.default_channel)
        for event in events:
            producer.publish(event, exchange=exchange, routing_key="booking.accepted", serializer="json",
                             declare=[exchange])


def test_a_requests_lines_are_recorded_together_each_once(start_service, billing, api, amqp_uri, family, sql):
    start_service(RecordedListener)
    set_flat(api, family, 350, "2026-09-01")
    lines = [booking(family, f"2026-12-{day:02d}") for day in range(1, 31)]
    events = [envelope("reservations", "booking.accepted", line) for line in lines]
    batches = []

    def all_handled(worker_ctx, result, exc_info):
        batches.append(len(worker_ctx.args[0]))
        return sum(batches) >= len(events) + 2

    with entrypoint_waiter(billing, "on_booking_accepted", callback=all_handled):
        publish_all(amqp_uri, events + events[:2])  # two delivered twice, maybe in the same batch
    with eventlet.Timeout(10):
        while len(RecordedListener.received) < len(events):
            eventlet.sleep(0.05)
    eventlet.sleep(0.3)  # and no more

    assert len(batches) < len(events)  # taken together, not one by one
    rows = sql("SELECT booking_id::text, billable, amount_cents, regie_id IS NOT NULL AS priced FROM consumptions")
    assert sorted(row["booking_id"] for row in rows) == sorted(line["booking_id"] for line in lines)
    assert {(row["billable"], row["amount_cents"], row["priced"]) for row in rows} == {(True, 350, True)}
    assert sorted(event["data"]["booking_id"] for event in RecordedListener.received) == sorted(
        line["booking_id"] for line in lines)
