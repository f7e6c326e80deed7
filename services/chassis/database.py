"""PostgreSQL for a service: its own database (created if missing), its migrations, a connection pool.

Nothing here imports nameko: `services.chassis.nameko_database` wraps it for service containers.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from services import chassis  # noqa: F401  (chooses the wait function before psycopg loads)
import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool
from yoyo import get_backend, read_migrations

CHASSIS_MIGRATIONS = Path(__file__).parent / "migrations"


def _split_name(url: str) -> tuple[str, str]:
    """(URL of the server's maintenance database, name of the database in `url`)."""
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    return urlunsplit(parts._replace(path="/postgres")), name


def ensure_database(url: str) -> None:
    """Create the database named in `url` if it does not exist yet (several processes may race)."""
    admin_url, name = _split_name(url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return
        try:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        except (psycopg.errors.DuplicateDatabase, psycopg.errors.UniqueViolation):
            pass  # another replica created it between our check and our CREATE


def drop_database(url: str) -> None:
    admin_url, name = _split_name(url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def clone_database(template_url: str, url: str) -> None:
    """The database of `url` made anew as a copy of the (idle) database of `template_url`."""
    drop_database(url)
    admin_url, name = _split_name(url)
    _, template = _split_name(template_url)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (template,))
        conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))


def migrate(url: str, migrations_dir: Path) -> None:
    """Apply the chassis' and the service's pending migrations, under yoyo's lock."""
    backend = get_backend(url.replace("postgresql://", "postgresql+psycopg://", 1))
    migrations = read_migrations(str(CHASSIS_MIGRATIONS), str(migrations_dir))
    with backend.lock():
        backend.apply_migrations(backend.to_apply(migrations))


def prepare(url: str, migrations_dir: Path) -> None:
    ensure_database(url)
    migrate(url, migrations_dir)


def open_pool(url: str, min_size: int = 2, max_size: int = 10) -> ConnectionPool:
    pool = ConnectionPool(
        url, min_size=min_size, max_size=max_size, kwargs={"row_factory": dict_row}, open=False
    )
    pool.open(wait=True, timeout=30)
    return pool
