"""Nameko glue: the pieces a service class declares. The rest of the chassis knows nothing of nameko."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path

from nameko.extensions import DependencyProvider, SharedExtension
from nameko.rpc import rpc

from services.chassis import clock, config, database, outbox


def migrations_dir(service_cls) -> Path:
    """`migrations/` beside the module that defines the service class."""
    return Path(sys.modules[service_cls.__module__].__file__).parent / "migrations"


class PostgresPool(SharedExtension):
    """One pool per service container; the database is created and migrated before anything starts."""

    pool = None

    def setup(self):
        service = self.container.service_name
        url = config.database_url(service)
        database.prepare(url, migrations_dir(self.container.service_cls))
        self.pool = database.open_pool(url, max_size=config.get_int("DATABASE_POOL_SIZE"))

    def stop(self):
        if self.pool is not None:
            self.pool.close()

    kill = stop


class ServiceDatabase:
    """What a worker gets as `self.db`: transactions, and events written inside them."""

    def __init__(self, pool, service: str, wake_relay=lambda: None):
        self.pool = pool
        self.service = service
        self.wake_relay = wake_relay
        self._emitted = False

    @contextmanager
    def transaction(self):
        """A connection in a transaction: committed at the end of the block, rolled back on error;
        the events it wrote are relayed once it has committed."""
        self._emitted = False
        with self.pool.connection() as conn:
            yield conn
        if self._emitted:
            self.wake_relay()

    def emit(self, conn, name: str, data: dict, subject=None) -> dict:
        return self.emit_many(conn, [(name, data, subject)])[0]

    def emit_many(self, conn, events: list[tuple]) -> list[dict]:
        """Several events `(name, data, subject)` of one transaction, written in one round trip."""
        self._emitted = self._emitted or bool(events)
        return outbox.record_many(conn, self.service, events)

    @staticmethod
    def first_delivery(conn, event: dict, handler: str) -> bool:
        return outbox.first_delivery(conn, event, handler)


class Database(DependencyProvider):
    postgres = PostgresPool()

    def get_dependency(self, worker_ctx):
        return ServiceDatabase(self.postgres.pool, self.container.service_name, self._wake_relay)

    def _wake_relay(self) -> None:
        for extension in self.container.dependencies:
            if isinstance(extension, OutboxRelayRunner) and extension.loop is not None:
                extension.loop.wake()


class BackgroundLoop(DependencyProvider):
    """Runs a loop object (with `run()` and `stop()`) in a managed green thread for as long as the
    service runs; subclasses say which loop with `make_loop()`. Workers get the loop object."""

    postgres = PostgresPool()
    loop = None

    def make_loop(self):
        raise NotImplementedError

    def start(self):
        self.loop = self.make_loop()
        self._thread = self.container.spawn_managed_thread(self.loop.run)

    def stop(self):
        if self.loop is not None:
            self.loop.stop()
            self._thread.wait()

    def kill(self):
        if self.loop is not None:
            self.loop.stop()

    def get_dependency(self, worker_ctx):
        return self.loop


class OutboxRelayRunner(BackgroundLoop):
    """Relays the service's outbox to its event exchange."""

    def make_loop(self):
        return outbox.OutboxRelay(
            self.postgres.pool, self.container.service_name, config.amqp_uri(),
            poll_seconds=config.get_float("OUTBOX_POLL_SECONDS"),
        )


class ClockProvider(DependencyProvider):
    def setup(self):
        self.clock = clock.from_environment()

    def get_dependency(self, worker_ctx):
        return self.clock


class ServiceBase:
    """Every service: its database, its outbox relay, its clock and a health check."""

    db = Database()
    outbox_relay = OutboxRelayRunner()
    clock = ClockProvider()

    @rpc
    def health(self):
        with self.db.transaction() as conn:
            conn.execute("SELECT 1")
        return {"service": self.name, "status": "ok"}
