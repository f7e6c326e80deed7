"""Nameko glue of notifications: the sender loop runs in a managed thread of the service container."""
from __future__ import annotations

from nameko.extensions import DependencyProvider

from services.chassis import config
from services.chassis.dependencies import PostgresPool
from services.notifications.channels import load_channel
from services.notifications.sender import EmailSender

DEFAULT_POLL_SECONDS = 0.5


class EmailSenderRunner(DependencyProvider):
    postgres = PostgresPool()
    sender = None

    def start(self):
        poll_seconds = float(config.get("EMAIL_POLL_SECONDS") or DEFAULT_POLL_SECONDS)
        self.sender = EmailSender(self.postgres.pool, load_channel("email"), poll_seconds=poll_seconds)
        self._thread = self.container.spawn_managed_thread(self.sender.run)

    def stop(self):
        if self.sender is not None:
            self.sender.stop()
            self._thread.wait()

    def kill(self):
        if self.sender is not None:
            self.sender.stop()

    def get_dependency(self, worker_ctx):
        return self.sender
