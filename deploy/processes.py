"""Every process of the stack, in one place: the local runner, the end-to-end tests and the
container entrypoint all start the same commands."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SERVICES = ("accounts", "reservations", "billing", "notifications")


def service_command(service: str) -> list[str]:
    return [sys.executable, "-m", "nameko", "run", "--config", str(ROOT / "deploy" / "nameko.yaml"),
            f"services.{service}.service:{service.capitalize()}Service"]


def gateway_command(bind: str, workers: int = 2, threads: int = 16) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "--bind", bind, "--workers", str(workers),
            "--worker-class", "gthread", "--threads", str(threads), "--access-logfile", "-",
            # Idle keep-alive connections are closed after this long; gunicorn's 2 s let a busy worker
            # close connections whose next request was already on its way (dropped under load).
            "--keep-alive", "30",
            "gateway:create_app()"]


def mail_sink_command(port: int, directory: Path, web_port: int | None = None) -> list[str]:
    """The SMTP sink; with `web_port`, its emails are also readable in a browser."""
    command = [sys.executable, "-m", "deploy.mail_sink", "--port", str(port), "--dir", str(directory)]
    return command + ["--web-port", str(web_port)] if web_port is not None else command
