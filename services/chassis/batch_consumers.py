"""Idempotent event handlers that take events in batches: with `from services.chassis import
batch_consumers as batch`, `@batch.handles("reservations", "booking.accepted", BookingSchema(),
max_batch=100)` on a method `(self, conn, items)`, `items` being `(data, event)` pairs in delivery
order. Several event names (a tuple) may share one queue.

The same promises as `@handles`, for many events at once: each event is handled once per event id and
handler, in one transaction with the marks that its events were handled; nothing accepted is lost;
malformed data is logged and dropped. A batch is what the broker has ready (up to `max_batch`, the
prefetch), taken without waiting for more, so a quiet queue still answers at once.

Each batch runs as one nameko worker (dependencies injected as usual), one batch at a time per
entrypoint; its messages are acked only after the commit. A batch that fails is tried again one event
at a time: the events that pass are acked, and only a failing one is requeued, so a poison event
cannot hold the others back.
"""
from __future__ import annotations

import functools
import logging
import socket
import threading

from eventlet.event import Event
from kombu import Connection, Consumer, Queue, binding
from marshmallow import Schema, ValidationError
from nameko.exceptions import ContainerBeingKilled
from nameko.extensions import Entrypoint

from services.chassis import config
from services.chassis.outbox import event_exchange, first_deliveries

log = logging.getLogger(__name__)

FIRST_WAIT_SECONDS = 0.5  # how long to wait for a batch's first message (and to notice a stop)
MORE_WAIT_SECONDS = 0.003  # then for each further one: only what the broker already sent
FAILURE_PAUSE_SECONDS = 0.2  # after a batch of which nothing passed, before the next


def queue_name(source: str, names: tuple[str, ...], service: str, method: str) -> str:
    """Nameko's name for one event: a handler moved from `consumers.handles` keeps its queue (and
    its events' marks, `<service>.<method>`)."""
    return f"evt-{source}-{','.join(names)}--{service}.{method}"


class BatchEventConsumer(Entrypoint):
    """Consumes a durable queue bound to `source`'s event exchange with the routing keys `names`, and
    runs the decorated method on batches of valid events; see the module's docstring."""

    def __init__(self, source: str, names, schema: Schema, max_batch: int = 100, **kwargs):
        self.source = source
        self.names = (names,) if isinstance(names, str) else tuple(names)
        self.schema = schema
        self.max_batch = max_batch
        super().__init__(**kwargs)

    def setup(self):
        self.amqp_uri = self.container.config.get("AMQP_URI") or config.amqp_uri()
        exchange = event_exchange(self.source)
        self.queue = Queue(
            queue_name(self.source, self.names, self.container.service_name, self.method_name),
            durable=True, auto_delete=False,
            bindings=[binding(exchange, routing_key=name) for name in self.names])
        self._stopping = threading.Event()
        self._thread = None

    def start(self):
        # Declared before the container is up, so no event published after its start is missed.
        with Connection(self.amqp_uri) as conn:
            self._declare(conn.default_channel)
        self._thread = self.container.spawn_managed_thread(self._run, identifier=f"batches of {self.method_name}")

    def _declare(self, channel) -> Queue:
        for exchange in {b.exchange.name: b.exchange for b in self.queue.bindings}.values():
            exchange(channel).declare()
        queue = self.queue(channel)
        queue.declare()
        return queue

    def stop(self):
        """The batch in hand is finished (and acked); messages not taken go back to the queue."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.wait()

    def kill(self):
        self._stopping.set()
        if self._thread is not None:
            self._thread.kill()

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._consume()
            except ContainerBeingKilled:
                return
            except Exception:  # noqa: BLE001 - broker away: unacked messages come back, try again
                if self._stopping.is_set():
                    return
                log.exception("batch consumer %s failed; retrying", self.method_name)
                self._stopping.wait(1.0)

    def _consume(self) -> None:
        received: list = []
        with Connection(self.amqp_uri) as conn:
            conn.connect()
            channel = conn.default_channel
            queue = self._declare(channel)
            with Consumer(channel, [queue], on_message=received.append, prefetch_count=self.max_batch,
                          auto_declare=False):
                while not self._stopping.is_set():
                    self._drain(conn, received)
                    if received:
                        batch = received[:]
                        received.clear()
                        self._handle(batch)

    def _drain(self, conn, received: list) -> None:
        """Wait a little for a first message, then take only what else is already there."""
        timeout = FIRST_WAIT_SECONDS
        while len(received) < self.max_batch:
            try:
                conn.drain_events(timeout=timeout)
            except socket.timeout:
                return
            timeout = MORE_WAIT_SECONDS

    def _handle(self, messages: list) -> None:
        items = []  # (data, event, message) of the valid events, in delivery order
        for message in messages:
            loaded = self._loaded(message)
            if loaded is not None:
                items.append((*loaded, message))
        if not items or self._run_worker(items):
            # Every message of the channel not acked yet is in this batch: one ack for them all
            # (the malformed ones included: they are dropped).
            messages[-1].ack(multiple=True)
            return
        valid = {id(message) for _, _, message in items}
        for message in messages:
            if id(message) not in valid:
                message.ack()
        # Which one fails? Each alone, in order: those that pass are acked, the failing ones come back.
        passed = False
        for item in items:
            if len(items) > 1 and self._run_worker([item]):
                item[2].ack()
                passed = True
            else:
                item[2].requeue()
        if not passed:  # nothing passes (the database away, say): no need to spin on it
            self._stopping.wait(FAILURE_PAUSE_SECONDS)

    def _loaded(self, message) -> tuple[dict, dict] | None:
        try:
            event = message.decode()
            data = self.schema.load(event.get("data") or {})
        except ValidationError as exc:
            log.error("ignoring malformed event %s (%s): %s", event.get("id"), event.get("type"), exc.messages)
            return None
        except Exception:  # noqa: BLE001 - not even a JSON object: nothing to do with it
            log.error("ignoring a message that is no event: %.200r", message.body)
            return None
        if not isinstance(event.get("id"), str):
            log.error("ignoring an event without id: %.200r", message.body)
            return None
        return data, event

    def _run_worker(self, items: list) -> bool:
        """Run the method on these events in a worker and wait for it: True if it succeeded."""
        done = Event()

        def handle_result(worker_ctx, result, exc_info):
            done.send(exc_info is None)
            return result, exc_info

        self.container.spawn_worker(self, ([(data, event) for data, event, _ in items],), {},
                                    handle_result=handle_result)
        return done.wait()


def handles(source: str, names, schema: Schema, max_batch: int = 100):
    """Decorate `method(self, conn, items)`; `names`: one event name or several (routing keys)."""
    def decorate(method):
        @functools.wraps(method)
        def handle(self, items):
            handler = f"{self.name}.{method.__name__}"
            with self.db.transaction() as conn:
                fresh = first_deliveries(conn, [event for _, event in items], handler)
                todo = []
                for data, event in items:
                    if event["id"] in fresh:
                        fresh.discard(event["id"])  # the same event twice in one batch: once
                        todo.append((data, event))
                if todo:
                    method(self, conn, todo)

        return BatchEventConsumer.decorator(source, names, schema, max_batch=max_batch)(handle)

    return decorate
