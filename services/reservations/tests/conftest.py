"""Fixtures of the reservations tests: the service on a fresh database, children fed by events,
an activity with open days, and a queue bound to `reservations.events` to read what it publishes."""
from __future__ import annotations

import uuid
from contextlib import contextmanager

import pytest
from kombu import Connection, Producer, Queue
from nameko.testing.services import entrypoint_waiter

from services.chassis import config, database, outbox
from services.chassis.errors import ServiceError
from services.reservations.service import ReservationsService

STAFF = {"user_id": "staff-1", "role": "staff", "family_id": None, "structure_ids": []}
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
def sql(reservations):
    """`sql("SELECT …", params)` → rows, read straight from the service's database."""
    pool = database.open_pool(config.database_url("reservations"), min_size=1, max_size=2)

    def query(statement: str, params=None) -> list[dict]:
        with pool.connection() as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []

    yield query
    pool.close()


@pytest.fixture
def redeliver(rabbit_config):
    """Publish an already published envelope again, as a broker redelivery would."""
    def publish(source: str, event: dict) -> None:
        with Connection(rabbit_config["AMQP_URI"]) as conn:
            exchange = outbox.event_exchange(source)
            Producer(conn.default_channel).publish(
                event, exchange=exchange, routing_key="child.created", serializer="json",
                declare=[exchange])
    return publish


@pytest.fixture
def add_child(reservations, publish_event):
    """A child known to reservations, through accounts' `child.created` event."""
    def add(family_id: str | None = None, first_name: str = "Léa", last_name: str = "Martin") -> dict:
        data = {"child_id": str(uuid.uuid4()), "family_id": family_id or str(uuid.uuid4()),
                "first_name": first_name, "last_name": last_name, "birth_date": "2019-04-02"}
        with entrypoint_waiter(reservations, "on_child_created"):
            publish_event("accounts", "child.created", data)
        return data
    return add


@pytest.fixture
def make_activity(rpc):
    """An activity with `capacity` places on each unit of `days` (automatic mode unless told)."""
    def make(days=(DAY,), capacity=2, booking_mode="automatic", units=("matin", "midi", "apres_midi"),
             name="ALSH 3-6 ans") -> dict:
        structure = rpc.create_structure(STAFF, {"name": "Centre de loisirs Jean Moulin", "kind": "alsh"})
        activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": name,
                                               "booking_mode": booking_mode, "units": UNITS})
        if days:
            rpc.open_days(STAFF, activity["id"], {"days": [
                {"date": day, "unit": unit, "capacity": capacity} for day in days for unit in units]})
        return activity
    return make


def change(activity: dict, unit: str = "matin", action: str = "book", date: str = DAY) -> dict:
    return {"activity_id": activity["id"], "date": date, "unit": unit, "action": action}


@contextmanager
def refused(status: int, code: str | None = None):
    """The block raises ServiceError with this status (and code)."""
    with pytest.raises(ServiceError) as error:
        yield error
    # nameko stringifies non-string exception arguments on the way back, hence int()
    assert int(error.value.status) == status, error.value
    if code is not None:
        assert error.value.code == code


def new_key() -> str:
    return str(uuid.uuid4())


class EventLog:
    """What `reservations` published, in order, read from a queue bound before the calls."""

    def __init__(self, connection: Connection):
        exchange = outbox.event_exchange("reservations")
        self.queue = connection.SimpleQueue(
            Queue(f"test-{uuid.uuid4()}", exchange=exchange, routing_key="#", exclusive=True))

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


@pytest.fixture
def events(reservations, amqp_uri):
    with Connection(amqp_uri) as connection:
        log = EventLog(connection)
        yield log
        log.queue.close()
