"""Fixtures of the reservations tests: the service on a fresh database, children fed by events,
an activity with open days, and a queue bound to `reservations.events` to read what it publishes."""
from __future__ import annotations

import uuid

import pytest
from nameko.testing.services import entrypoint_waiter

from services.reservations.booking.domain import (BOOKING_EVENTS, PROMOTED_EVENT, REQUEST_PROCESSED_EVENT,
                                                  SHARED_BY_LINES)
from services.reservations.service import ReservationsService

STAFF = {"user_id": "staff-1", "role": "admin", "family_id": None, "structure_ids": []}
UNITS = [{"code": "matin", "label": "Matin"}, {"code": "midi", "label": "Midi"},
         {"code": "apres_midi", "label": "Après-midi"}]
DAY = "2030-03-13"


def parent(family_id: str) -> dict:
    return {"user_id": f"parent-of-{family_id}", "role": "parent", "family_id": family_id,
            "structure_ids": []}


@pytest.fixture
def reservations(start_service):
    return start_service(ReservationsService)


@pytest.fixture
def rpc(reservations, rpc_proxy):
    return rpc_proxy("reservations", timeout=30)


@pytest.fixture
def sql(reservations, service_sql):
    """`sql("SELECT …", params)` → rows, read straight from the service's database."""
    return service_sql("reservations")


@pytest.fixture
def add_child(reservations, publish_event):
    """A child known to reservations, through accounts' `child.created` event."""
    def add(family_id: str | None = None, first_name: str = "Léa", last_name: str = "Martin",
            birth_date: str = "2019-04-02") -> dict:
        data = {"child_id": str(uuid.uuid4()), "family_id": family_id or str(uuid.uuid4()),
                "first_name": first_name, "last_name": last_name, "birth_date": birth_date}
        with entrypoint_waiter(reservations, "on_child_created"):
            publish_event("accounts", "child.created", data)
        return data
    return add


@pytest.fixture
def activities_made():
    """The activities `make_activity` created in this test, in order."""
    return []


@pytest.fixture
def make_activity(rpc, activities_made):
    """An activity with `capacity` places on each unit of `days` (automatic mode unless told)."""
    def make(days=(DAY,), capacity=2, booking_mode="automatic", units=("matin", "midi", "apres_midi"),
             name="ALSH 3-6 ans") -> dict:
        structure = rpc.create_structure(STAFF, {"name": "Centre de loisirs Jean Moulin", "kind": "alsh"})
        activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": name,
                                               "booking_mode": booking_mode, "units": UNITS})
        if days:
            rpc.open_days(STAFF, activity["id"], {"days": [
                {"date": day, "unit": unit, "capacity": capacity} for day in days for unit in units]})
        activities_made.append(activity)
        return activity
    return make


def change(activity: dict, unit: str = "matin", action: str = "book", date: str = DAY) -> dict:
    return {"activity_id": activity["id"], "date": date, "unit": unit, "action": action}


def new_key() -> str:
    return str(uuid.uuid4())


# The bookings' own events; `booking.request_processed` (one per request) is read on its own.
BOOKING_MOVES = (*BOOKING_EVENTS.values(), PROMOTED_EVENT)


class BookingLines:
    """Reservations' booking events read one booking at a time: each event lists the bookings of one
    child changed together (`take_events` reads the events themselves)."""

    def __init__(self, log):
        self.log = log
        self.pending: list[dict] = []

    def take(self, count: int, timeout: float = 10) -> list[dict]:
        """The next `count` bookings, each as its event with `data` = the booking and the shared fields."""
        while len(self.pending) < count:
            [event] = self.log.take(1, timeout)
            shared = {name: event["data"][name] for name in SHARED_BY_LINES}
            self.pending += [{**event, "data": {**line, **shared}} for line in event["data"]["bookings"]]
        taken, self.pending = self.pending[:count], self.pending[count:]
        return taken

    def take_events(self, count: int, timeout: float = 10) -> list[dict]:
        assert not self.pending, "bookings of an event were left unread"
        return self.log.take(count, timeout)

    def assert_quiet(self, wait: float = 1.0) -> None:
        assert not self.pending, f"unread bookings: {self.pending}"
        self.log.assert_quiet(wait)


@pytest.fixture
def events(reservations, event_log):
    """What reservations publishes about bookings, a booking at a time (`BookingLines`)."""
    return BookingLines(event_log("reservations", BOOKING_MOVES))


@pytest.fixture
def requests_processed(reservations, event_log):
    """The `booking.request_processed` events, one per booking request applied."""
    return event_log("reservations", REQUEST_PROCESSED_EVENT)


@pytest.fixture
def enrol(rpc):
    """`enrol(child, activity)`: the child enrolled (staff enrol at once, without approval)."""
    def enrol(child: dict, activity: dict) -> dict:
        return rpc.request_enrolment(STAFF, {"child_id": child["child_id"], "activity_id": activity["id"]})
    return enrol


@pytest.fixture
def add_enrolled_child(add_child, enrol, activities_made):
    """A child enrolled in every activity made so far in the test."""
    def add(*args, **kwargs) -> dict:
        child = add_child(*args, **kwargs)
        for activity in activities_made:
            enrol(child, activity)
        return child
    return add
