"""The whole stack as real processes, for end-to-end tests: the four services, the gateway behind
gunicorn and a mail sink, on their own databases (`portail_e2e_*`) and their own RabbitMQ vhost."""
from __future__ import annotations

import email
import email.policy
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import requests

from deploy import processes
from deploy.healthcheck import gateway_is_healthy, service_is_healthy
from services.chassis import database

ROOT = processes.ROOT


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Stack:
    """`name` keeps runs apart: databases `portail_<name>_<service>`, vhost `portail_<name>`.
    `replicas` runs that many processes of a service (they share its queues, as scaled containers do);
    `niceness` lowers the CPU priority of some processes (`nice -n`), as CPU shares would in compose."""

    def __init__(self, workdir: Path, name: str = "e2e", replicas: dict[str, int] | None = None,
                 gateway_workers: int = 1, rabbit_api: str = "http://guest:guest@127.0.0.1:15672",
                 niceness: dict[str, int] | None = None):
        self.workdir = workdir
        self.vhost = f"portail_{name}"
        self.database_prefix = f"portail_{name}_"
        self.replicas = replicas or {}
        self.niceness = niceness or {}
        self.gateway_workers = gateway_workers
        self.rabbit_api = rabbit_api
        self.port = free_port()
        self.smtp_port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.mail_dir = workdir / "mail"
        self.logs = workdir / "logs"
        self.amqp_uri = f"pyamqp://guest:guest@127.0.0.1:5672/{self.vhost}"
        self.env = {
            **os.environ,
            "AMQP_URI": self.amqp_uri,
            "DATABASE_NAME_PREFIX": self.database_prefix,
            "SMTP_PORT": str(self.smtp_port),
            "PUBLIC_URL": self.base_url,
            "OUTBOX_POLL_SECONDS": "0.2",
            "EMAIL_POLL_SECONDS": "0.2",
            "PYTHONUNBUFFERED": "1",
        }
        self.processes: dict[str, subprocess.Popen] = {}

    # -- lifecycle ---------------------------------------------------------------------------
    def reset(self) -> None:
        """Fresh databases and a fresh vhost, so each run starts from nothing."""
        for service in processes.SERVICES:
            database.drop_database(self.database_url(service))
        session = requests.Session()
        api = self.rabbit_api.replace("guest:guest@", "")
        session.auth = ("guest", "guest")
        session.delete(f"{api}/api/vhosts/{self.vhost}")
        session.put(f"{api}/api/vhosts/{self.vhost}").raise_for_status()
        session.put(f"{api}/api/permissions/{self.vhost}/guest",
                    json={"configure": ".*", "write": ".*", "read": ".*"}).raise_for_status()

    def database_url(self, service: str) -> str:
        return f"postgresql://postgres@127.0.0.1:5432/{self.database_prefix}{service}"

    def start(self) -> None:
        self.logs.mkdir(parents=True, exist_ok=True)
        self._spawn("mail", processes.mail_sink_command(self.smtp_port, self.mail_dir))
        for service in processes.SERVICES:
            self.start_service(service)
        self._spawn("gateway", processes.gateway_command(f"127.0.0.1:{self.port}", workers=self.gateway_workers,
                                                         threads=16))
        self.wait_healthy()

    def _spawn(self, name: str, command: list[str]) -> None:
        log = open(self.logs / f"{name}.log", "ab")
        if self.niceness.get(name.split("-")[0]):
            command = ["nice", "-n", str(self.niceness[name.split("-")[0]]), *command]
        self.processes[name] = subprocess.Popen(command, cwd=ROOT, env=self.env, stdout=log,
                                                stderr=subprocess.STDOUT)

    def start_service(self, service: str) -> None:
        for replica in range(self.replicas.get(service, 1)):
            self._spawn(f"{service}-{replica}" if replica else service, processes.service_command(service))

    def stop_service(self, service: str) -> None:
        for name in [n for n in self.processes if n == service or n.startswith(f"{service}-")]:
            process = self.processes.pop(name)
            process.terminate()
            process.wait(timeout=20)

    def kill(self, name: str) -> None:
        """Kill one process at once (SIGKILL), as a crash would."""
        process = self.processes.pop(name)
        process.kill()
        process.wait(timeout=20)

    def restart(self, name: str) -> None:
        """Start again one service process (`reservations`, `reservations-1`…) that was killed."""
        self._spawn(name, processes.service_command(name.split("-")[0]))
        self.wait_healthy()

    def wait_healthy(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        pending = set(processes.SERVICES) & set(self.processes)
        while pending and time.monotonic() < deadline:
            pending = {s for s in pending if not service_is_healthy(s, timeout=2, amqp_uri=self.amqp_uri)}
        if pending:
            raise RuntimeError(f"services not healthy: {sorted(pending)}; see {self.logs}")
        while not gateway_is_healthy(self.base_url, timeout=2):
            if time.monotonic() > deadline:
                raise RuntimeError(f"gateway did not start; see {self.logs}")
            time.sleep(0.2)

    def stop(self) -> None:
        for process in self.processes.values():
            process.terminate()
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        self.processes.clear()

    # -- helpers for tests -------------------------------------------------------------------
    def run_tool(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, *args], cwd=ROOT, env=self.env, capture_output=True,
                              text=True, check=True, timeout=60)

    def emails(self) -> list[email.message.EmailMessage]:
        if not self.mail_dir.exists():
            return []
        return [email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
                for path in sorted(self.mail_dir.glob("*.eml"))]

    def wait_for_email(self, predicate, timeout: float = 15) -> email.message.EmailMessage:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in self.emails():
                if predicate(message):
                    return message
            time.sleep(0.2)
        raise AssertionError(f"no such email arrived; got {[m['Subject'] for m in self.emails()]}")
