"""The stack's mail sink (`deploy/mail_sink.py`) run for a test, and helpers to read what it received.

Imported by the tests of every service that sends email (accounts' links arrive through notifications).
"""
from __future__ import annotations

import email
import re
import socket
import subprocess
import time
from email import policy
from pathlib import Path

from deploy import processes


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout=15.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (result := condition()):
            return result
        time.sleep(every)
    raise AssertionError(f"still false after {timeout} s: {condition}")


class SmtpSink:
    """An SMTP server in a subprocess (aiosmtpd needs asyncio, the test process runs eventlet),
    storing what it receives as .eml files in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen(processes.mail_sink_command(self.port, self.directory), cwd=processes.ROOT,
                                        stdout=subprocess.DEVNULL)
        wait_until(self._accepting)

    def _accepting(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def messages(self) -> list:
        return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(self.directory.glob("*.eml"))]

    def connections(self) -> int:
        """Over how many SMTP connections the messages came (the sink names each file after its client's port)."""
        return len({path.name.split("-")[1] for path in self.directory.glob("*.eml")})

    def wait_for(self, count: int) -> list:
        return wait_until(lambda: len(self.messages()) >= count and self.messages())

    def wait_for_one_to(self, address: str, subject: str, seen: int = 0):
        """The next message to `address` with that subject, after the first `seen` such ones."""
        def arrived():
            mine = [m for m in self.messages() if m["To"] == address and m["Subject"] == subject]
            return mine[seen] if len(mine) > seen else None
        return wait_until(arrived)


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def html_of(message) -> str:
    return message.get_body(("html",)).get_content()


def link_in(message, path: str) -> str:
    """The link to `path` (e.g. `/reset-password`) in the message's text; its token is the last part."""
    [link] = re.findall(rf"https?://\S+{re.escape(path)}\?token=[\w-]+", text_of(message))
    return link


def token_in(message, path: str) -> str:
    return link_in(message, path).rsplit("token=", 1)[1]
