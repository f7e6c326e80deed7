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
        event = event or envelope(source, name, data)
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


def set_flat(api, family, amount_cents, valid_from, unit="soir"):
    regie = api.create_regie(STAFF, {"name": "Régie périscolaire"})
    return api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": family["activity_id"], "unit": unit,
                                  "rule": "flat", "amount_cents": amount_cents, "valid_from": valid_from})
