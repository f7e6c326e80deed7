"""Fixtures of the accounts tests: the running service, its database, its published events."""
import socket
import time
import uuid

import pytest
from kombu import Connection, Consumer, Queue

from services.accounts.service import AccountsService
from services.chassis.outbox import event_exchange

TEMPORARY_PASSWORD = "Bienvenue2025"
STAFF = {"user_id": str(uuid.uuid4()), "role": "staff"}


def family_payload(**overrides) -> dict:
    payload = {
        "guardians": [
            {"civility": "Mme", "first_name": "Marie", "last_name": "Dupont", "email": "marie.dupont@example.org",
             "phone": "0601020304", "position": "mother"},
            {"civility": "M.", "first_name": "Paul", "last_name": "Martin", "email": None, "phone": None},
        ],
        "children": [
            {"first_name": "Léa", "last_name": "Dupont", "birth_date": "2017-03-14"},
            {"first_name": "Hugo", "last_name": "Martin", "birth_date": "2019-11-02"},
        ],
        "quotient": 850,
        "temporary_password": TEMPORARY_PASSWORD,
    }
    payload.update(overrides)
    return payload


@pytest.fixture
def accounts(start_service):
    return start_service(AccountsService)


@pytest.fixture
def rpc(accounts, rpc_proxy):
    return rpc_proxy("accounts")


@pytest.fixture
def create_family(rpc):
    """Create a family as staff; returns the result."""
    def create(**overrides):
        return rpc.create_family(STAFF, family_payload(**overrides))
    return create


def parent_of(family: dict, user_id: str) -> dict:
    return {"user_id": user_id, "role": "parent", "family_id": family["id"]}


@pytest.fixture
def sql(accounts, service_sql):
    """`sql("SELECT …", params)` → rows of the accounts database, read directly."""
    return service_sql("accounts")


@pytest.fixture
def accounts_events(amqp_uri):
    """A queue bound to every event on `accounts.events`; `collect(n)` waits for n of them."""
    connection = Connection(amqp_uri)
    channel = connection.channel()
    exchange = event_exchange("accounts")
    exchange(channel).declare()
    queue = Queue(f"test-accounts-{uuid.uuid4()}", exchange=exchange, routing_key="#", exclusive=True)
    received = []

    def on_message(body, message):
        received.append((message.delivery_info["routing_key"], body))
        message.ack()

    consumer = Consumer(channel, queues=[queue], callbacks=[on_message], accept=["json"])
    consumer.consume()

    def collect(count: int, timeout: float = 10) -> list:
        deadline = time.monotonic() + timeout
        while len(received) < count and time.monotonic() < deadline:
            try:
                connection.drain_events(timeout=0.2)
            except socket.timeout:
                pass
        return list(received)

    yield collect
    connection.release()
