"""Fixtures of the billing tests: the service on a fresh database, events injected as reservations
and accounts would publish them, and a listener of what billing publishes."""
import uuid

import pytest
from nameko.events import event_handler
from nameko.testing.services import entrypoint_waiter

from services.billing.service import BillingService
from services.chassis.events import envelope, event_name

HANDLERS = {
    "family.created": "on_family_created", "family.updated": "on_family_updated",
    "quotient.changed": "on_quotient_changed", "child.created": "on_child_created",
    "child.updated": "on_child_updated", "family.anonymised": "on_family_anonymised",
    "booking.accepted": "on_booking_accepted", "booking.cancelled": "on_booking_cancelled",
    "booking.promoted": "on_booking_promoted", "attendance.recorded": "on_attendance_recorded",
    "contract.extra_hours_recorded": "on_extra_hours_recorded",
}
STAFF = {"user_id": str(uuid.uuid4()), "role": "staff"}
STATUS_OF = {"booking.accepted": "accepted", "booking.promoted": "accepted", "booking.cancelled": "cancelled"}
SHARED_BY_BOOKINGS = ("child_id", "family_id", "by")


def status(refused) -> int:
    # Over RPC nameko stringifies an exception's arguments: the status arrives as "404" (chassis).
    return int(refused.value.status)


def parent_of(family_id):
    return {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family_id}


class RecordedListener:
    """Stands for any consumer of billing's events."""

    name = "billing_listener"
    received = []

    @event_handler("billing", "consumption.recorded")
    def on_recorded(self, event):
        RecordedListener.received.append(event)


@pytest.fixture
def billing(start_service):
    RecordedListener.received = []
    return start_service(BillingService)


@pytest.fixture
def api(billing, rpc_proxy):
    return rpc_proxy("billing")


@pytest.fixture
def sql(billing, service_sql):
    return service_sql("billing")


@pytest.fixture
def handle(billing, redeliver):
    """`handle(source, name, data)` publishes an event and waits until billing has handled it."""
    def run(source, name, data=None, event=None):
        event = event or event_of(source, name, data)
        with entrypoint_waiter(billing, HANDLERS[event_name(event)]):
            redeliver(event)
        return event
    return run


@pytest.fixture
def family():
    return {"family_id": str(uuid.uuid4()), "child_id": str(uuid.uuid4()), "activity_id": str(uuid.uuid4())}


def booking(family, day, unit="soir", booking_id=None):
    return {
        "booking_id": booking_id or str(uuid.uuid4()), "child_id": family["child_id"],
        "family_id": family["family_id"], "activity_id": family["activity_id"],
        "activity_name": "Accueil du soir", "structure_id": str(uuid.uuid4()), "date": day, "unit": unit,
        "waiting_position": None,
    }


def booking_event(name, *bookings, by="family"):
    """A v2 `booking.*` event as reservations publishes it: one child's bookings (made with `booking`),
    listed in order, their child, family and author on top."""
    first = bookings[0]
    defaults = {"status": STATUS_OF[name], "reason": None, "price_cents": None} | (
        {"late": False} if name == "booking.cancelled" else {})
    lines = [{**defaults, "unit_label": line["unit"],
              **{key: value for key, value in line.items() if key not in SHARED_BY_BOOKINGS}} for line in bookings]
    data = {"child_id": first["child_id"], "family_id": first["family_id"], "by": by, "bookings": lines}
    return envelope("reservations", name, data, subject=first["child_id"], version=2)


def event_of(source, name, data):
    """The event `source` publishes with `data`: a booking event lists `data` as its only booking."""
    if source == "reservations" and name in STATUS_OF:
        return booking_event(name, data)
    return envelope(source, name, data)


def set_flat(api, family, amount_cents, valid_from, unit="soir"):
    regie = api.create_regie(STAFF, {"name": "Régie périscolaire"})
    return api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": family["activity_id"], "unit": unit,
                                  "rule": "flat", "amount_cents": amount_cents, "valid_from": valid_from})
