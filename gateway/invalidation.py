"""What changed, told to every gateway process over RabbitMQ, so that their caches forget it at once.

Each gateway process keeps sessions (`gateway.sessions`) and dashboard panels (`gateway.panels`) in
memory. A process that serves a write forgets the entries it touched and announces their tag
(`family:<id>`, every dashboard for staff's writes, `session:…`/`user:…` for a logout or a password
change) on the fanout exchange `gateway.invalidation`; every process's listener forgets it too. The
listener's queue is also bound to the services' events that change a dashboard without a request
through the gateway — a place given from a waiting list, invoices issued by a run, consumptions
recorded after a booking, a payment notified by the provider, a message — each forgets its family.

A process whose listener is not connected could miss a change: `listening` is False then, caches that
rely on it are not used, and they are emptied when it connects again.
"""
from __future__ import annotations

import logging
import threading
import time
import uuid

from flask import current_app, g, request
from kombu import Connection, Consumer, Exchange, Queue
from kombu.pools import producers

from gateway.cache import ALL
from services.chassis.outbox import event_exchange

log = logging.getLogger(__name__)

EXCHANGE = Exchange("gateway.invalidation", type="fanout", durable=True, auto_delete=False)
# Events that change a family's dashboard with no write through the gateway (a staff write forgets
# everything; a parent's forgets its family). Not `booking.accepted`: the request that made it forgot already.
FAMILY_EVENTS = {
    "reservations": ("booking.promoted",),
    "billing": ("consumption.recorded", "invoice.issued", "credit_note.issued", "payment.received",
                "payment.failed", "balance.changed"),
    "notifications": ("message.sent",),
}
RECONNECT_SECONDS = 1.0
HEARTBEAT_SECONDS = 10


DASHBOARDS = "dashboards"  # the tag of every dashboard panel


def family_tag(family_id) -> str:
    return f"family:{family_id}"


def announce(tag: str) -> None:
    """Forget `tag` in every cache of every gateway process (this one at once)."""
    current_app.extensions["portail.invalidation"].announce(tag)


class Invalidation:
    """`announce(tag)` forgets `tag` here and in every other gateway process; `on_tag(tag)` is how this
    process forgets (its caches' `forget`)."""

    def __init__(self, amqp_uri: str, on_tag):
        self.amqp_uri = amqp_uri
        self.on_tag = on_tag
        self.listening = False
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        # the key of kombu's producer pool, made once: a Connection per announcement parsed the URL each time
        self._announcing = Connection(amqp_uri)

    def start(self) -> None:
        """Start the listener once per process (after gunicorn's fork: on the first request)."""
        if self._thread is not None:
            return
        with self._lock:
            if self._thread is None:
                self._thread = threading.Thread(target=self._listen, name="gateway-invalidation", daemon=True)
                self._thread.start()

    def stop(self) -> None:
        self._stopping.set()

    def announce(self, tag: str) -> None:
        self.on_tag(tag)
        try:
            with producers[self._announcing].acquire(block=True, timeout=2) as producer:
                producer.publish({"tag": tag}, exchange=EXCHANGE, routing_key="", declare=[EXCHANGE],
                                 retry=True, retry_policy={"max_retries": 1, "interval_start": 0.1})
        except Exception:  # noqa: BLE001 - the other processes' listeners reconnect and empty their caches
            log.exception("could not announce %s to the other gateway processes", tag)

    def _listen(self) -> None:
        queue_name = f"gateway.invalidation.{uuid.uuid4().hex}"
        while not self._stopping.is_set():
            try:
                with Connection(self.amqp_uri, heartbeat=HEARTBEAT_SECONDS) as connection:
                    self._consume(connection, queue_name)
            except Exception as exc:  # noqa: BLE001 - any broker trouble: stop trusting the caches, retry
                if self.listening:
                    log.warning("cache invalidation listener disconnected: %r", exc)
            self.listening = False
            self._stopping.wait(RECONNECT_SECONDS)

    def _consume(self, connection: Connection, queue_name: str) -> None:
        channel = connection.channel()
        queue = Queue(queue_name, exclusive=True, auto_delete=True)(channel)
        EXCHANGE(channel).declare()
        queue.declare()
        queue.bind_to(EXCHANGE)
        for service, names in FAMILY_EVENTS.items():
            event_exchange(service)(channel).declare()
            for name in names:
                queue.bind_to(event_exchange(service), routing_key=name)
        with Consumer(channel, queues=[queue], callbacks=[self._received], accept=["json"], no_ack=True):
            self.on_tag(ALL)  # whatever changed while nobody listened
            self.listening = True
            self._drain(connection)

    def _drain(self, connection) -> None:
        while not self._stopping.is_set():
            try:
                connection.drain_events(timeout=1)
            except TimeoutError:
                pass
            # Also while announcements keep coming: this consumer (no acks) sends the broker nothing
            # else, and a broker that hears nothing for two heartbeats closes the connection — which
            # emptied every cache of the process every 20-30 s of the opening-day rush.
            connection.heartbeat_check()

    def _received(self, body, message) -> None:
        if "tag" in body:
            tag = body["tag"]
        else:  # a service's event: forget its family
            family_id = (body.get("data") or {}).get("family_id")
            tag = family_tag(family_id) if family_id else ALL
        self.on_tag(tag)


def caller_changed(caller: dict | None) -> None:
    """The caller just changed something: a parent, its family's entries; staff, possibly anyone's."""
    if not caller:
        return  # anonymous writes (logins, the provider's notifications) reach the caches through events
    if caller["role"] != "parent":
        announce(DASHBOARDS)
    elif caller.get("family_id"):
        announce(family_tag(caller["family_id"]))


def init_app(app) -> None:
    from gateway.auth import UNSAFE_METHODS  # gateway.auth needs this module, through gateway.calls

    app.before_request(app.extensions["portail.invalidation"].start)

    @app.after_request
    def forget_what_writes_changed(response):
        if request.method in UNSAFE_METHODS:
            caller_changed(g.get("caller"))
        return response


def wait_listening(invalidation: Invalidation, timeout: float = 10) -> bool:
    """For tests and start-up checks: True once the listener is connected."""
    deadline = time.monotonic() + timeout
    while not invalidation.listening and time.monotonic() < deadline:
        time.sleep(0.05)
    return invalidation.listening
