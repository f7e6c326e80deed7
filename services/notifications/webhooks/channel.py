"""The `webhook` channel: the message's text POSTed to its `to` (a URL) with its headers; any answer
but 2xx, or no answer, is a failure worth retrying."""
from __future__ import annotations

import hashlib
import hmac
import urllib.request

from services.chassis import config
from services.notifications.channels import OutgoingMessage

SIGNATURE_HEADER = "X-Portail-Signature"
CONTENT_TYPE = "application/cloudevents+json; charset=utf-8"


def signature(secret: str, body: bytes) -> str:
    """`sha256=<hex HMAC-SHA256 of the body with the subscription's secret>`."""
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


class WebhookChannel:
    def __init__(self, timeout: float | None = None):
        self.timeout = timeout or config.get_float("WEBHOOK_TIMEOUT_SECONDS")

    def send(self, message: OutgoingMessage) -> None:
        request = urllib.request.Request(message.to, data=message.text.encode(), method="POST",
                                         headers={"Content-Type": CONTENT_TYPE, **dict(message.headers)})
        # urlopen raises HTTPError for 4xx/5xx: retried like a network failure
        with urllib.request.urlopen(request, timeout=self.timeout) as response:
            response.read()
