"""The thin layer every service shares: configuration, database, outbox, events, errors, money, clock.

Importing this package chooses psycopg's select-based wait function. Services run on eventlet green
threads, and psycopg's default C wait function blocks the whole process while a query runs; the
select-based one yields to the hub, so concurrent queries overlap. It must be chosen before psycopg
is first imported, which is why it happens here, at the root of the chassis.
"""
import os

os.environ.setdefault("PSYCOPG_WAIT_FUNC", "wait_select")
