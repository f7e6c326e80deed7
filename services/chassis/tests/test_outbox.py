"""The outbox: a committed change is always announced, exactly once to an idempotent consumer;
a rolled-back one never. Real PostgreSQL, real RabbitMQ."""
import json
import threading

import pika
import pytest
from nameko.events import event_handler
from nameko.rpc import rpc
from nameko.testing.services import entrypoint_waiter

from services.chassis import config, database
from services.chassis.dependencies import ServiceBase
from services.chassis.events import CloudEventSchema, exchange_name
from services.chassis.outbox import OutboxRelay


class ProbeService(ServiceBase):
    name = "probe"

    @rpc
    def add_note(self, text, fail=False):
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO notes (text) VALUES (%s)", (text,))
            self.db.emit(conn, "note.added", {"text": text})
            if fail:
                raise ValueError("rolled back")


class ListenerService(ServiceBase):
    name = "listener"
    handled = []

    @event_handler("probe", "note.added", requeue_on_error=True)
    def on_note(self, event):
        with self.db.transaction() as conn:
            if self.db.first_delivery(conn, event, "listener.on_note"):
                ListenerService.handled.append(event)


@pytest.fixture(autouse=True)
def reset_handled():
    ListenerService.handled = []


def test_committed_event_reaches_a_consumer_as_cloudevent(start_service, rpc_proxy):
    listener = start_service(ListenerService)
    start_service(ProbeService)
    with entrypoint_waiter(listener, "on_note"):
        rpc_proxy("probe").add_note("hello")
    [event] = ListenerService.handled
    assert event["data"] == {"text": "hello"}
    assert CloudEventSchema().validate(event) == {}
    assert event["source"] == "/portail-famille/probe"


def test_rolled_back_change_is_never_announced(start_service, rpc_proxy):
    start_service(ProbeService)
    with pytest.raises(Exception):
        rpc_proxy("probe").add_note("nope", fail=True)
    with database.open_pool(config.database_url("probe"), min_size=1) as pool, pool.connection() as conn:
        assert conn.execute("SELECT count(*) AS n FROM outbox").fetchone()["n"] == 0
        assert conn.execute("SELECT count(*) AS n FROM notes").fetchone()["n"] == 0


def test_event_survives_relay_death_and_is_handled_once(start_service, rpc_proxy, amqp_uri):
    """The relay dies after the commit (it never published); a new relay publishes later.
    Then the same rows are published twice (a crash after publish, before marking them sent):
    the idempotent consumer still handles each event once."""
    listener = start_service(ListenerService)
    probe = start_service(ProbeService)
    runner = next(d for d in probe.dependencies if d.attr_name == "outbox_relay")
    runner.stop()  # the relay is gone: commits pile up in the outbox

    rpc_proxy("probe").add_note("kept")
    pool = database.open_pool(config.database_url("probe"), min_size=1)
    with pool.connection() as conn:
        assert conn.execute("SELECT count(*) AS n FROM outbox WHERE sent_at IS NULL").fetchone()["n"] == 1
    assert ListenerService.handled == []

    relay = OutboxRelay(pool, "probe", amqp_uri)
    with entrypoint_waiter(listener, "on_note"):
        assert relay.relay_all() == 1
    with pool.connection() as conn:  # as if the first publish had not been marked sent
        conn.execute("UPDATE outbox SET sent_at = NULL")
    with entrypoint_waiter(listener, "on_note"):
        assert relay.relay_all() == 1
    assert [event["data"]["text"] for event in ListenerService.handled] == ["kept"]
    pool.close()


def test_plain_pika_subscriber_receives_cloudevents(start_service, rpc_proxy, amqp_uri):
    """A municipal system binds its own queue with pika, without nameko, and gets CloudEvents JSON."""
    start_service(ProbeService)
    params = pika.URLParameters(amqp_uri.replace("pyamqp://", "amqp://"))
    connection = pika.BlockingConnection(params)
    channel = connection.channel()
    channel.exchange_declare(exchange_name("probe"), exchange_type="topic", durable=True)
    queue = channel.queue_declare("", exclusive=True).method.queue
    channel.queue_bind(queue, exchange_name("probe"), routing_key="note.*")

    rpc_proxy("probe").add_note("for the town hall")
    received = threading.Event()
    bodies = []

    def on_message(ch, method, properties, body):
        bodies.append((method.routing_key, properties.content_type, body))
        received.set()
        ch.stop_consuming()

    channel.basic_consume(queue, on_message, auto_ack=True)
    connection.call_later(10, channel.stop_consuming)
    channel.start_consuming()
    connection.close()
    assert received.is_set()
    routing_key, content_type, body = bodies[0]
    event = json.loads(body)
    assert routing_key == "note.added"
    assert content_type == "application/json"
    assert event["type"] == "fr.portail-famille.note.added.v1"
    assert event["data"] == {"text": "for the town hall"}
