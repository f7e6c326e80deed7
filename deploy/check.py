"""Does PostgreSQL and RabbitMQ answer at the configured URLs? Says how to start them if not."""
import sys

import psycopg
from kombu import Connection

from services.chassis import config

HOW_TO_START = """
Start them, then run the command again:
  - with Docker:      docker compose up -d postgres rabbitmq
  - on this machine:  pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
                      rabbitmq-server -detached
Or point DATABASE_HOST_URL / AMQP_URI at servers that run (see README, Configuration)."""


def problems() -> list[str]:
    found = []
    try:
        with psycopg.connect(f"{config.get('DATABASE_HOST_URL')}/postgres", connect_timeout=3):
            pass
    except psycopg.OperationalError as exc:
        found.append(f"PostgreSQL does not answer at {config.get('DATABASE_HOST_URL')}: {str(exc).strip()}")
    try:
        with Connection(config.amqp_uri(), connect_timeout=3) as conn:
            conn.ensure_connection(max_retries=1)
    except Exception as exc:  # noqa: BLE001 - any failure means "not reachable"
        found.append(f"RabbitMQ does not answer at {config.amqp_uri()}: {exc}")
    return found


def main() -> int:
    found = problems()
    for problem in found:
        print(problem, file=sys.stderr)
    if found:
        print(HOW_TO_START, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
