"""Transactional outbox: an event is written in the transaction of the change it announces, then
relayed to RabbitMQ in AMQP transactions and marked sent only after the broker's commit-ok.

A crash between publish and mark means the event is published again: consumers are idempotent
(`first_delivery`), so it is handled once. Several replicas relay side by side: each batch is
claimed with `FOR UPDATE SKIP LOCKED`.

The relay of the process that committed is woken in-process (`wake()`); every relay also polls, so
rows left by a crashed replica are relayed by the others. Not PostgreSQL's NOTIFY: a transaction that
notifies holds a cluster-wide lock through its commit, which serialised every commit of the opening
day rush.
"""
from __future__ import annotations

import json
import logging
import os
import threading

import psycopg
from kombu import Connection, Exchange, Producer
from psycopg.types.json import Jsonb
from psycopg_pool import ConnectionPool

from services.chassis.events import envelope, exchange_name

log = logging.getLogger(__name__)


def record_many(conn: psycopg.Connection, service: str, events: list[tuple]) -> list[dict]:
    """Add several events `(name, data, subject)` or `(name, data, subject, version)` (1 when not
    given) in one statement; returns their envelopes."""
    envelopes = [(name, envelope(service, name, data, subject, *version)) for name, data, subject, *version in events]
    if envelopes:
        # Binary arrays (%b): in text format psycopg escapes every quote of every JSON body with a
        # regex, a large part of the CPU of bulk writers such as an invoicing run.
        conn.execute("INSERT INTO outbox (id, type, body) SELECT * FROM unnest(%b::uuid[], %b::text[], %b::jsonb[])",
                     ([event["id"] for _, event in envelopes], [name for name, _ in envelopes],
                      [Jsonb(event) for _, event in envelopes]))
        if os.environ.get("EVENT_CONTRACT_LOG"):
            _log_for_contract(os.environ["EVENT_CONTRACT_LOG"], [event for _, event in envelopes])
    return [event for _, event in envelopes]


def _log_for_contract(directory: str, events: list[dict]) -> None:
    """The test suite checks every event written against docs/asyncapi.yaml (tests/contract)."""
    lines = "".join(json.dumps(event, default=str) + "\n" for event in events)
    with open(os.path.join(directory, f"{os.getpid()}.jsonl"), "a", encoding="utf-8") as file:
        file.write(lines)


def first_delivery(conn: psycopg.Connection, event: dict, handler: str) -> bool:
    """True the first time `handler` sees this event id (in the caller's transaction), else False."""
    return bool(first_deliveries(conn, [event], handler))


def first_deliveries(conn, events: list[dict], handler: str) -> set[str]:
    """The ids of `events` that `handler` sees for the first time (marked handled in the caller's
    transaction): one statement for the whole batch."""
    rows = conn.execute(
        "INSERT INTO handled_events (event_id, handler) SELECT unnest(%s::text[]), %s "
        "ON CONFLICT DO NOTHING RETURNING event_id",
        ([str(event["id"]) for event in events], handler),
    ).fetchall()
    return {row["event_id"] for row in rows}


def event_exchange(service: str) -> Exchange:
    # The same declaration as nameko's own event exchange, so either side may declare it first.
    return Exchange(exchange_name(service), type="topic", durable=True, auto_delete=False, delivery_mode=2)


class OutboxRelay:
    """Publishes a service's unsent outbox rows; `run` loops until `stop` is called."""

    def __init__(self, pool: ConnectionPool, service: str, amqp_uri: str, batch_size: int = 200,
                 poll_seconds: float = 0.5):
        self.pool = pool
        self.service = service
        self.amqp_uri = amqp_uri
        self.batch_size = batch_size
        self.poll_seconds = poll_seconds
        self.exchange = event_exchange(service)
        self._stopping = threading.Event()
        self._woken = threading.Event()
        self._amqp: Connection | None = None
        self._producer_of_connection: Producer | None = None

    def _producer(self) -> Producer:
        if self._amqp is None:
            self._amqp = Connection(self.amqp_uri)
            self._amqp.ensure_connection(max_retries=3)
            channel = self._amqp.default_channel
            # A batch is published in one AMQP transaction: the broker's commit-ok says it holds every
            # message of the batch (as a publisher confirm would), for one round trip per batch.
            channel.tx_select()
            # declared once here: subscribers may bind before any event
            self._producer_of_connection = Producer(channel, exchange=self.exchange)
        return self._producer_of_connection

    def _reset_amqp(self) -> None:
        if self._amqp is not None:
            try:
                self._amqp.release()
            except Exception:  # noqa: BLE001 - the connection is being thrown away anyway
                pass
        self._amqp, self._producer_of_connection = None, None

    def relay_batch(self) -> int:
        """Publish one batch of unsent events; returns how many were confirmed and marked sent."""
        with self.pool.connection() as conn:
            # The body as the JSON text it is stored as: published as is, not decoded and encoded again.
            rows = conn.execute(
                "SELECT seq, type, body::text AS json, body->>'id' AS ce_id, body->>'type' AS ce_type "
                "FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT %s FOR UPDATE SKIP LOCKED",
                (self.batch_size,),
            ).fetchall()
            if not rows:
                return 0
            producer = self._producer()
            for row in rows:
                producer.publish(
                    row["json"], routing_key=row["type"], content_type="application/json",
                    content_encoding="utf-8", delivery_mode=2, retry=False,
                    headers={"ce_id": row["ce_id"], "ce_type": row["ce_type"]},
                )
            producer.channel.tx_commit()
            conn.execute("UPDATE outbox SET sent_at = now() WHERE seq = ANY(%s)", ([r["seq"] for r in rows],))
        return len(rows)

    def relay_all(self) -> int:
        total = 0
        while (count := self.relay_batch()):
            total += count
        return total

    def run(self) -> None:
        while not self._stopping.is_set():
            self._woken.clear()
            try:
                if self.relay_batch():
                    continue
                self._woken.wait(self.poll_seconds)
            except Exception:  # noqa: BLE001 - broker or database away: keep the rows, try again
                log.exception("outbox relay of %s failed; retrying", self.service)
                self._reset_amqp()
                self._stopping.wait(1.0)
        self._reset_amqp()

    def wake(self) -> None:
        """Events were committed in this process: relay them now rather than at the next poll."""
        self._woken.set()

    def stop(self) -> None:
        self._stopping.set()
        self._woken.set()
