"""Fixtures of the notifications tests: the running service with a real SMTP sink, events handled."""
import uuid

import pytest
from nameko.testing.services import entrypoint_waiter

from services.chassis.events import envelope, event_name
from services.notifications.service import NotificationsService
from services.notifications.tests.mail import SmtpSink

STAFF = {"user_id": str(uuid.uuid4()), "role": "staff"}
PUBLIC_URL = "https://portail.example.fr"
HANDLERS = {"family.created": "on_family_created", "family.updated": "on_family_updated",
            "family.anonymised": "on_family_anonymised", "user.email_changed": "on_user_email_changed",
            "child.created": "on_child_created", "change_request.decided": "on_change_request_decided",
            "document.validated": "on_document_validated", "document.refused": "on_document_refused",
            "booking.accepted": "on_booking_accepted", "booking.promoted": "on_booking_promoted",
            "booking.request_processed": "on_booking_request_processed",
            "invoice.issued": "on_invoice_issued", "payment.received": "on_payment_received"}
BOOKING_SHARED = ("child_id", "family_id", "by")


def booking_event(name: str, *bookings: dict) -> dict:
    """A `booking.*` event as reservations publishes it (v2): one child's `bookings`, changed together by one
    author, each given as v1 published it (with `child_id`, `family_id` and `by`, taken from the first)."""
    shared = {field: bookings[0][field] for field in BOOKING_SHARED}
    lines = [{key: value for key, value in booking.items() if key not in BOOKING_SHARED} for booking in bookings]
    return envelope("reservations", name, {**shared, "bookings": lines}, subject=shared["child_id"], version=2)


@pytest.fixture
def sink(tmp_path):
    sink = SmtpSink(tmp_path / "mail")
    yield sink
    sink.stop()


@pytest.fixture
def notifications(start_service, sink):
    return start_service(NotificationsService, SMTP_PORT=sink.port, EMAIL_POLL_SECONDS=0.1, PUBLIC_URL=PUBLIC_URL)


@pytest.fixture
def api(notifications, rpc_proxy):
    return rpc_proxy("notifications")


@pytest.fixture
def handle(notifications, redeliver):
    """`handle(source, name, data)` (or `handle(event=event)`) publishes an event and waits until
    notifications has handled it."""
    def run(source=None, name=None, data=None, event=None):
        event = event or envelope(source, name, data)
        with entrypoint_waiter(notifications, HANDLERS[event_name(event)]):
            redeliver(event)
        return event
    return run


@pytest.fixture
def family():
    family_id, child_id = str(uuid.uuid4()), str(uuid.uuid4())
    return {
        "family_id": family_id, "number": "F-0042", "display_name": "Famille Martin",
        "email": "claire.martin@example.org", "login": "claire.martin@example.org",
        "guardians": [{"id": str(uuid.uuid4()), "civility": "Mme", "first_name": "Claire", "last_name": "Martin",
                       "email": "claire.martin@example.org", "phone": "0601020304"}],
        "children": [{"id": child_id, "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"}],
        "quotient": 850,
    }
