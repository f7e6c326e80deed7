"""A tiny SMTP server for tests: stores each message it receives as a .eml file.

Run in its own process (the test process is monkey-patched by eventlet, aiosmtpd needs asyncio):
    python smtp_sink.py DIRECTORY PORT
It stops on SIGTERM or SIGINT.
"""
import signal
import sys
import threading
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller


class StoreMessages:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        name = uuid.uuid4().hex
        partial = self.directory / f"{name}.part"
        partial.write_bytes(envelope.original_content or envelope.content)
        partial.rename(self.directory / f"{name}.eml")  # readers never see half a message
        return "250 Message accepted for delivery"


def main() -> None:
    directory, port = Path(sys.argv[1]), int(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    controller = Controller(StoreMessages(directory), hostname="127.0.0.1", port=port)
    controller.start()
    stopping = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopping.set())
    signal.signal(signal.SIGINT, lambda *_: stopping.set())
    print("ready", flush=True)
    stopping.wait()
    controller.stop()


if __name__ == "__main__":
    main()
