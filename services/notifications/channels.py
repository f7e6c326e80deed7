"""Notification channels are plugins: entry points of the group `portail.channels`, one per name.

A channel delivers one message or raises: `PermanentFailure` when trying again cannot help (the
recipient is refused), any other exception for a failure worth retrying (server away, timeout).
"""
from __future__ import annotations

import smtplib
from contextlib import contextmanager
from dataclasses import dataclass
from email import policy as email_policy
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Protocol

from services.chassis import config, plugins

ENTRY_POINT_GROUP = "portail.channels"
SMTP_TIMEOUT_SECONDS = 15
_UNFOLDED_HEADERS = email_policy.default.clone(max_line_length=None)


class PermanentFailure(Exception):
    """Trying this message again would fail the same way."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str  # `application/pdf`
    content: bytes


@dataclass(frozen=True)
class OutgoingMessage:
    to: str
    subject: str
    text: str
    html: str | None = None
    attachments: tuple[Attachment, ...] = ()
    headers: tuple[tuple[str, str], ...] = ()  # for channels that speak HTTP (webhooks)


class Channel(Protocol):
    def send(self, message: OutgoingMessage) -> None: ...


class EmailChannel:
    """Plain SMTP to `SMTP_HOST:SMTP_PORT`, from `MAIL_FROM`; text with an HTML alternative."""

    def __init__(self, host: str | None = None, port: int | None = None, sender: str | None = None):
        self.host = host or config.get("SMTP_HOST")
        self.port = port or config.get_int("SMTP_PORT")
        self.sender = sender or config.get("MAIL_FROM")

    def build(self, message: OutgoingMessage) -> EmailMessage:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=True)
        email["Message-ID"] = make_msgid(domain=self.sender.rsplit("@", 1)[-1].strip("> "))
        # base64: 7-bit safe for relays that refuse 8-bit bodies, and encoded in C (Python's
        # quoted-printable encoder was the largest cost of the sender on the opening-day rush)
        email.set_content(message.text, cte="base64")
        if message.html:
            email.add_alternative(message.html, subtype="html", cte="base64")
        for attachment in message.attachments:
            maintype, subtype = attachment.content_type.split("/", 1)
            email.add_attachment(attachment.content, maintype=maintype, subtype=subtype,
                                 filename=attachment.filename)
        # Headers unfolded: Python 3.11's folding drops the space before an encoded word it wraps
        # ("a été traitée" arrived as "a ététraitée"). The bodies are encoded already (76 columns).
        email.policy = _UNFOLDED_HEADERS
        return email

    def send(self, message: OutgoingMessage) -> None:
        with self.session() as send:
            send(message)

    @contextmanager
    def session(self):
        """`send(message)` for several messages over one SMTP connection (a sender's batch): opened
        by the first message, so that a server away is that message's failure, and opened again by
        the next one after a failure."""
        smtp = None

        def send(message: OutgoingMessage) -> None:
            nonlocal smtp
            if smtp is None:
                smtp = smtplib.SMTP(self.host, self.port, timeout=SMTP_TIMEOUT_SECONDS)
            try:
                smtp.send_message(self.build(message))
            except smtplib.SMTPRecipientsRefused as exc:  # the server refused these recipients only
                raise PermanentFailure(f"destinataire refusé : {exc.recipients}") from exc
            except Exception:
                smtp.close()
                smtp = None
                raise

        try:
            yield send
        finally:
            if smtp is not None:
                try:
                    smtp.quit()
                except (smtplib.SMTPException, OSError):
                    smtp.close()


@contextmanager
def session(channel: Channel):
    """The channel's `session()` when it has one (several messages over one connection), else its `send`."""
    if hasattr(channel, "session"):
        with channel.session() as send:
            yield send
    else:
        yield channel.send


def load_channel(name: str) -> Channel:
    """The installed channel of that name, configured from the environment."""
    return plugins.load(ENTRY_POINT_GROUP, name)
