"""Delivery loops: deliver what a queue table holds through a channel, retrying failures with backoff.

A message leaves its queue only once the channel accepted it (`sent`) or refused it for good
(`failed`); any other failure keeps it pending for a later try. Several replicas send side by side:
each batch is claimed with `FOR UPDATE SKIP LOCKED`. No nameko here (see `dependencies`).
`DeliveryLoop` is the loop; each queue (emails, SMS, webhook calls) says how to claim, send and mark.
"""
from __future__ import annotations

import logging
import threading

from services.notifications import domain, storage
from services.notifications.channels import Attachment, Channel, OutgoingMessage, PermanentFailure, session

log = logging.getLogger(__name__)


class DeliveryLoop:
    """A loop over a `queues.QueueTable`: subclasses say how a row becomes a message (`message`)."""

    what = "message"
    table = None  # a queues.QueueTable

    def __init__(self, pool, channel: Channel, poll_seconds: float = 0.5, batch_size: int = 20):
        self.pool = pool
        self.channel = channel
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._stopping = threading.Event()

    def message(self, conn, item: dict) -> OutgoingMessage:
        raise NotImplementedError

    def claim(self, conn, limit: int) -> list[dict]:
        return self.table.claim(conn, limit)

    def mark_sent(self, conn, item_id) -> None:
        self.table.mark_sent(conn, item_id)

    def mark_retry(self, conn, item_id, delay_seconds: float, error: str) -> None:
        self.table.mark_retry(conn, item_id, delay_seconds, error)

    def mark_failed(self, conn, item_id, error: str) -> None:
        self.table.mark_failed(conn, item_id, error)

    def send_due(self) -> int:
        """Try every due item of one batch; returns how many were tried."""
        with self.pool.connection() as conn:
            items = self.claim(conn, self.batch_size)
            if items:
                with session(self.channel) as send:
                    for item in items:
                        self._deliver(conn, item, send)
        return len(items)

    def _deliver(self, conn, item: dict, send) -> None:
        try:
            send(self.message(conn, item))
        except PermanentFailure as exc:
            log.error("%s %s refused for good: %s", self.what, item["id"], exc)
            self.mark_failed(conn, item["id"], str(exc))
        except Exception as exc:  # noqa: BLE001 - server away, timeout…: keep it and try again later
            delay = domain.retry_delay_seconds(item["attempts"] + 1)
            log.warning("%s %s not sent (%s); next try in %.0f s", self.what, item["id"], exc, delay)
            self.mark_retry(conn, item["id"], delay, f"{type(exc).__name__}: {exc}")
        else:
            self.mark_sent(conn, item["id"])

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                if self.send_due():
                    continue
            except Exception:  # noqa: BLE001 - database away: the items stay pending, try again
                log.exception("%s sender failed; retrying", self.what)
                self._stopping.wait(1.0)
                continue
            self._stopping.wait(self.poll_seconds)

    def stop(self) -> None:
        self._stopping.set()


class EmailSender(DeliveryLoop):
    """Emails wait for their address, and a secret one (a link) loses its content once sent or failed."""

    what = "email"
    table = storage.EMAIL_QUEUE

    def message(self, conn, email: dict) -> OutgoingMessage:
        attachments = tuple(Attachment(*attachment) for attachment in storage.attachments(conn, email["id"]))
        return OutgoingMessage(to=email["to_address"], subject=email["subject"], text=email["body_text"],
                               html=email["body_html"], attachments=attachments)

    def mark_sent(self, conn, item_id) -> None:
        storage.mark_sent(conn, item_id)

    def mark_failed(self, conn, item_id, error: str) -> None:
        storage.mark_failed(conn, item_id, error)
