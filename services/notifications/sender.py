"""The sender loop: delivers due emails through a channel, retrying failures with backoff.

An email leaves the queue only once the channel accepted it (`sent`) or refused it for good
(`failed`); any other failure keeps it pending for a later try. Several replicas send side by side:
each batch is claimed with `FOR UPDATE SKIP LOCKED`. No nameko here (see `dependencies`).
"""
from __future__ import annotations

import logging
import threading

from services.notifications import domain, storage
from services.notifications.channels import Channel, OutgoingMessage, PermanentFailure

log = logging.getLogger(__name__)


class EmailSender:
    def __init__(self, pool, channel: Channel, poll_seconds: float = 0.5, batch_size: int = 20):
        self.pool = pool
        self.channel = channel
        self.poll_seconds = poll_seconds
        self.batch_size = batch_size
        self._stopping = threading.Event()

    def send_due(self) -> int:
        """Try every due email of one batch; returns how many were tried."""
        with self.pool.connection() as conn:
            emails = storage.claim_due_emails(conn, self.batch_size)
            for email in emails:
                self._deliver(conn, email)
        return len(emails)

    def _deliver(self, conn, email: dict) -> None:
        message = OutgoingMessage(to=email["to_address"], subject=email["subject"], text=email["body_text"],
                                  html=email["body_html"])
        try:
            self.channel.send(message)
        except PermanentFailure as exc:
            log.error("email %s refused for good: %s", email["id"], exc)
            storage.mark_failed(conn, email["id"], str(exc))
        except Exception as exc:  # noqa: BLE001 - server away, timeout…: keep it and try again later
            delay = domain.retry_delay_seconds(email["attempts"] + 1)
            log.warning("email %s not sent (%s); next try in %.0f s", email["id"], exc, delay)
            storage.mark_retry(conn, email["id"], delay, f"{type(exc).__name__}: {exc}")
        else:
            storage.mark_sent(conn, email["id"])

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                if self.send_due():
                    continue
            except Exception:  # noqa: BLE001 - database away: the emails stay pending, try again
                log.exception("email sender failed; retrying")
                self._stopping.wait(1.0)
                continue
            self._stopping.wait(self.poll_seconds)

    def stop(self) -> None:
        self._stopping.set()
