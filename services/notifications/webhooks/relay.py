"""RabbitMQ filters the events for the webhooks. One durable queue, `notifications.webhooks`, is bound to
every service's event exchange with the subscriptions' patterns only (AMQP topic patterns: an event
name is unique across the services): an event nobody subscribed to never reaches notifications.
Replicas consume the queue side by side; each re-syncs the bindings with the `webhooks` table every
`WEBHOOK_SYNC_SECONDS`, so a binding raced away (made or dropped by another replica) comes right."""
from __future__ import annotations

import json
import logging
import socket
import threading
import time

from kombu import Connection, Consumer, Queue

from services.chassis.events import event_name
from services.chassis.outbox import event_exchange
from services.notifications.webhooks import storage

log = logging.getLogger(__name__)

QUEUE = "notifications.webhooks"
SOURCES = ("accounts", "reservations", "billing", "notifications")


def topic_matches(pattern: str, name: str) -> bool:
    """AMQP topic semantics: `*` is one word, `#` zero or more words."""
    def match(words: list, keys: list) -> bool:
        if not words:
            return not keys
        if words[0] == "#":
            return any(match(words[1:], keys[i:]) for i in range(len(keys) + 1))
        return bool(keys) and words[0] in ("*", keys[0]) and match(words[1:], keys[1:])
    return match(pattern.split("."), name.split("."))


def matching(subscriptions: list[dict], name: str) -> list:
    """The ids of the subscriptions one of whose patterns matches the event name."""
    return [row["id"] for row in subscriptions if any(topic_matches(p, name) for p in row["patterns"])]


def declare(channel) -> Queue:
    """The queue and the exchanges it is bound to (either side may come first)."""
    for source in SOURCES:
        event_exchange(source)(channel).declare()
    queue = Queue(QUEUE, durable=True, auto_delete=False)(channel)
    queue.declare()
    return queue


def rebind(queue: Queue, bind=(), unbind=()) -> None:
    """Binding an existing binding or unbinding a missing one are no-ops for RabbitMQ."""
    for source in SOURCES:
        for pattern in bind:
            queue.bind_to(event_exchange(source), routing_key=pattern)
        for pattern in unbind:
            queue.unbind_from(event_exchange(source), routing_key=pattern)


def change_bindings(amqp_uri: str, bind=(), unbind=()) -> None:
    """From an RPC worker, through a short-lived connection."""
    if bind or unbind:
        with Connection(amqp_uri) as conn:
            rebind(declare(conn.default_channel), bind, unbind)


class WebhookRelay:
    """Consumes `notifications.webhooks`: each event queues one delivery per matching subscription
    (once per event id, whatever the redeliveries); messages are acked after the commit."""

    def __init__(self, pool, amqp_uri: str, prefetch: int = 50, sync_seconds: float = 5.0):
        self.pool = pool
        self.amqp_uri = amqp_uri
        self.prefetch = prefetch
        self.sync_seconds = sync_seconds
        self._stopping = threading.Event()
        self._received: list = []
        self._bound: set[str] = set()

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._consume()
            except Exception:  # noqa: BLE001 - broker or database away: unacked messages come back
                log.exception("webhook relay failed; retrying")
                self._received = []
                self._stopping.wait(1.0)

    def stop(self) -> None:
        self._stopping.set()

    def _consume(self) -> None:
        with Connection(self.amqp_uri) as conn:
            conn.ensure_connection(max_retries=3)
            channel = conn.default_channel
            queue = declare(channel)
            self.sync(queue)
            synced_at = time.monotonic()
            with Consumer(channel, [queue], on_message=self._received.append, prefetch_count=self.prefetch,
                          auto_declare=False):
                while not self._stopping.is_set():
                    self._drain(conn)
                    self.relay(self._received)
                    self._received.clear()
                    if time.monotonic() - synced_at >= self.sync_seconds:
                        self.sync(queue)
                        synced_at = time.monotonic()

    def _drain(self, conn) -> None:
        """Wait a little for a first message, then take what else is there, up to a batch."""
        timeout = 0.5
        while len(self._received) < self.prefetch:
            try:
                conn.drain_events(timeout=timeout)
            except socket.timeout:
                return
            timeout = 0.01

    def sync(self, queue: Queue) -> None:
        """Bind every pattern in use; unbind those this replica saw in use and are no more."""
        with self.pool.connection() as conn:
            wanted = storage.patterns_in_use(conn)
        rebind(queue, bind=wanted, unbind=self._bound - wanted)
        self._bound = wanted

    def relay(self, messages: list) -> None:
        if not messages:
            return
        with self.pool.connection() as conn:
            subscriptions = storage.subscriptions(conn)
            for message in messages:
                event = _decoded(message)
                if event is None:
                    continue
                webhook_ids = matching(subscriptions, event_name(event))
                if webhook_ids:
                    storage.queue_deliveries(conn, webhook_ids, str(event["id"]), event_name(event),
                                             json.dumps(event, ensure_ascii=False))
        for message in messages:
            message.ack()


def _decoded(message) -> dict | None:
    try:
        event = message.decode()
        if isinstance(event["id"], str) and isinstance(event_name(event), str):
            return event
    except Exception:  # noqa: BLE001 - whatever it is, it is no CloudEvent
        pass
    log.error("not relaying a message that is no CloudEvent: %.200r", message.body)
    return None
