"""Nameko glue of notifications: the sender loop runs in a managed thread of the service container."""
from __future__ import annotations

from services.chassis import config
from services.chassis.dependencies import BackgroundLoop
from services.notifications.channels import load_channel
from services.notifications.sender import EmailSender


class EmailSenderRunner(BackgroundLoop):
    def make_loop(self):
        return EmailSender(self.postgres.pool, load_channel("email"),
                           poll_seconds=config.get_float("EMAIL_POLL_SECONDS"))
