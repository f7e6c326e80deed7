"""Test set-up shared by every test: green threads, test databases, service containers.

Services run on eventlet, so the test process is monkey-patched before anything else is imported.
In-process service tests use databases named `portail_unit_<service>`, recreated for each test, and a
throw-away RabbitMQ vhost per test (nameko's `rabbit_config` fixture). The stack tests in `tests/`
run every service as a process against `portail_e2e_<service>` databases. The demo data of
`make run` (`portail_<service>`) is never touched.
"""
import os

os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
os.environ.setdefault("DATABASE_NAME_PREFIX", "portail_unit_")
os.environ.setdefault("OUTBOX_POLL_SECONDS", "0.1")

import eventlet  # noqa: E402

eventlet.monkey_patch()

import pytest  # noqa: E402
from kombu import Connection, Producer  # noqa: E402

from services.chassis import config, database, outbox  # noqa: E402
from services.chassis.dependencies import migrations_dir  # noqa: E402
from services.chassis.events import SOURCE_PREFIX, envelope, event_name  # noqa: E402

# Every event written to an outbox during the session is checked against docs/asyncapi.yaml.
pytest_plugins = ["tests.contract.plugin"]


_templates: set[str] = set()


@pytest.fixture
def fresh_database():
    """`fresh("billing")` drops a service's unit-test database, so its container creates and migrates
    it anew; `fresh("billing", migrations)` makes it a copy of a database migrated once per session
    (a template), which is much faster than migrating it for every test."""
    def fresh(service: str, migrations=None) -> str:
        url = config.database_url(service)
        if migrations is None:
            database.drop_database(url)
            return url
        template = config.database_url(f"template_{service}")
        if template not in _templates:
            database.drop_database(template)
            database.prepare(template, migrations)
            _templates.add(template)
        database.clone_database(template, url)
        return url
    return fresh


@pytest.fixture
def amqp_uri(rabbit_config):
    return rabbit_config["AMQP_URI"]


@pytest.fixture
def start_service(container_factory, rabbit_config, fresh_database, monkeypatch):
    """Start a service class in-process against a fresh database and the test's own vhost."""
    def start(service_cls, **env):
        monkeypatch.setenv("AMQP_URI", rabbit_config["AMQP_URI"])
        for key, value in env.items():
            monkeypatch.setenv(key, str(value))
        fresh_database(service_cls.name, migrations_dir(service_cls))
        container = container_factory(service_cls, {**rabbit_config, "serializer": "json"})
        container.start()
        return container
    return start


@pytest.fixture
def rpc_proxy(rabbit_config):
    """`rpc_proxy("accounts")` → a standalone proxy to that service, closed after the test."""
    from nameko.standalone.rpc import ServiceRpcProxy

    import services.chassis.rpc_errors  # noqa: F401  (ServiceError comes back as itself)

    opened = []

    def make(service: str, timeout: float = 10):
        proxy = ServiceRpcProxy(service, rabbit_config, timeout=timeout)
        opened.append(proxy)
        return proxy.start()

    yield make
    for proxy in opened:
        proxy.stop()


def _publish(amqp_uri: str, event: dict) -> None:
    """Publish an envelope on its source's exchange, as that service's relay would."""
    source = event["source"].removeprefix(SOURCE_PREFIX)
    with Connection(amqp_uri) as conn:
        exchange = outbox.event_exchange(source)
        Producer(conn.default_channel).publish(
            event, exchange=exchange, routing_key=event_name(event), serializer="json", declare=[exchange])


@pytest.fixture
def publish_event(amqp_uri):
    """`publish_event(source, name, data)` → the new envelope, published as `source` would."""
    def publish(source: str, name: str, data: dict, subject=None) -> dict:
        event = envelope(source, name, data, subject)
        _publish(amqp_uri, event)
        return event
    return publish


@pytest.fixture
def redeliver(amqp_uri):
    """`redeliver(event)` publishes an already published envelope again, as a broker might."""
    return lambda event: _publish(amqp_uri, event)


@pytest.fixture
def service_sql():
    """`service_sql("billing")` → `query(statement, params=None)` → rows of that service's database."""
    pools = []

    def for_service(service: str):
        pool = database.open_pool(config.database_url(service), min_size=1, max_size=2)
        pools.append(pool)

        def query(statement: str, params=None) -> list[dict]:
            with pool.connection() as conn:
                cursor = conn.execute(statement, params)
                return cursor.fetchall() if cursor.description else []
        return query

    yield for_service
    for pool in pools:
        pool.close()


@pytest.fixture
def event_log(amqp_uri):
    """`event_log("reservations", "booking.#")` → an EventLog of what that service publishes from now on
    (the events whose name matches the routing pattern; all of them by default)."""
    from services.chassis.testing import EventLog

    connections = []

    def for_service(service: str, pattern: str = "#") -> EventLog:
        connection = Connection(amqp_uri)
        connections.append(connection)
        return EventLog(connection, service, pattern)

    yield for_service
    for connection in connections:
        connection.release()
