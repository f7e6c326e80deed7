"""The `sms` channel: a text to a mobile number through the provider of `SMS_PROVIDER`, itself a
plugin of the group `portail.sms_providers` (an operator's API in production; `logging` in development).

A provider sends one text or raises, as a channel does (`PermanentFailure` for a number refused).
"""
from __future__ import annotations

import json
import logging
from datetime import datetime, timezone
from pathlib import Path
from typing import Protocol

from services.chassis import config, plugins
from services.notifications.channels import OutgoingMessage

PROVIDER_GROUP = "portail.sms_providers"
log = logging.getLogger(__name__)


class SmsProvider(Protocol):
    def send(self, to: str, text: str) -> None: ...


class LoggingProvider:
    """Development: logs the text and appends it as a JSON line to `SMS_LOG_FILE`."""

    def __init__(self, path: str | None = None):
        self.path = Path(path or config.get("SMS_LOG_FILE"))

    def send(self, to: str, text: str) -> None:
        log.info("SMS to %s: %s", to, text)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = {"to": to, "text": text, "at": datetime.now(timezone.utc).isoformat()}
        with self.path.open("a", encoding="utf-8") as log_file:
            log_file.write(json.dumps(line, ensure_ascii=False) + "\n")


class SmsChannel:
    def __init__(self, provider: SmsProvider | None = None):
        self.provider = provider or plugins.load(PROVIDER_GROUP, config.get("SMS_PROVIDER"))

    def send(self, message: OutgoingMessage) -> None:
        self.provider.send(message.to, message.text)
