"""The database layer under eventlet: queries of concurrent workers overlap instead of queueing."""
import time

import eventlet
from nameko.rpc import rpc

from services.chassis.dependencies import ServiceBase


class SleepyService(ServiceBase):
    name = "sleepy"

    @rpc
    def sleep(self, seconds):
        with self.db.transaction() as conn:
            conn.execute("SELECT pg_sleep(%s)", (seconds,))
        return "done"


def test_concurrent_queries_overlap(start_service, rpc_proxy):
    """Ten workers each sleeping 0.5 s in PostgreSQL take ~0.5 s, not 5 s (psycopg's wait_select)."""
    start_service(SleepyService, DATABASE_POOL_SIZE=10)
    proxy = rpc_proxy("sleepy")
    proxy.sleep(0)  # warm the pool
    started = time.monotonic()
    calls = [eventlet.spawn(rpc_proxy("sleepy").sleep, 0.5) for _ in range(10)]
    assert [call.wait() for call in calls] == ["done"] * 10
    assert time.monotonic() - started < 2.0


def test_database_is_created_and_migrated_at_start(start_service, rpc_proxy):
    start_service(SleepyService)
    assert rpc_proxy("sleepy").health() == {"service": "sleepy", "status": "ok"}
