"""A local SMTP server that keeps every message it receives as an .eml file (development and tests).

    python -m deploy.mail_sink --port 8025 --dir var/mail [--web-port 8026]

With `--web-port`, the emails can also be read in a browser (`deploy.mail_web`).
"""
import argparse
import signal
import threading
import time
import uuid
from pathlib import Path

from aiosmtpd.controller import Controller

from deploy import mail_web


class SaveToDirectory:
    def __init__(self, directory: Path):
        self.directory = directory

    async def handle_DATA(self, server, session, envelope):
        # the client's port says which messages came over one connection (a sender reuses it for a batch)
        name = f"{time.time_ns()}-{session.peer[1]}-{uuid.uuid4().hex[:8]}.eml"
        temporary = self.directory / f".{name}.part"
        temporary.write_bytes(envelope.original_content or envelope.content)
        temporary.rename(self.directory / name)  # readers never see half a message
        return "250 Message accepted for delivery"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8025)
    parser.add_argument("--dir", type=Path, default=Path("var/mail"))
    parser.add_argument("--web-port", type=int, default=None)
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    controller = Controller(SaveToDirectory(args.dir), hostname=args.host, port=args.port)
    controller.start()
    print(f"mail sink listening on {args.host}:{args.port}, saving to {args.dir}", flush=True)
    web = None
    if args.web_port is not None:
        web = mail_web.make_server(args.dir, args.host, args.web_port)
        threading.Thread(target=web.serve_forever, daemon=True).start()
        print(f"emails readable at http://{args.host}:{args.web_port}", flush=True)
    stopped = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stopped.set())
    signal.signal(signal.SIGINT, lambda *_: stopped.set())
    stopped.wait()
    if web is not None:
        web.shutdown()
    controller.stop()


if __name__ == "__main__":
    main()
