"""SQL shared by the queue tables delivered with retries (`emails`, `sms_messages`,
`webhook_deliveries`): each has `id, status, attempts, next_attempt_at, last_error, sent_at`."""
from __future__ import annotations

from psycopg import sql

from services.chassis.identity import caller_from


class QueueTable:
    def __init__(self, table: str, columns: tuple[str, ...], join: str = "", ready: str = "true"):
        """`columns`: what a delivery needs of a row (`q.` is the queue, `join` may add a table);
        `ready`: what else a pending row needs before it may go."""
        self.table = sql.Identifier(table)
        self.claim_query = sql.SQL(
            "SELECT q.id, q.attempts, {columns} FROM {table} q {join} WHERE q.status = 'pending' AND {ready} "
            "AND q.next_attempt_at <= now() ORDER BY q.next_attempt_at LIMIT %s FOR UPDATE OF q SKIP LOCKED"
        ).format(columns=sql.SQL(", ".join(columns)), table=self.table, join=sql.SQL(join), ready=sql.SQL(ready))

    def claim(self, conn, limit: int) -> list[dict]:
        """Pending rows whose time has come, locked for this transaction (other senders skip them)."""
        return conn.execute(self.claim_query, (limit,)).fetchall()

    def mark_sent(self, conn, item_id) -> None:
        conn.execute(sql.SQL("UPDATE {} SET status = 'sent', sent_at = now(), attempts = attempts + 1, "
                             "last_error = NULL WHERE id = %s").format(self.table), (item_id,))

    def mark_retry(self, conn, item_id, delay_seconds: float, error: str) -> None:
        conn.execute(sql.SQL("UPDATE {} SET attempts = attempts + 1, last_error = %s, "
                             "next_attempt_at = clock_timestamp() + make_interval(secs => %s) WHERE id = %s")
                     .format(self.table), (error, delay_seconds, item_id))

    def mark_failed(self, conn, item_id, error: str) -> None:
        conn.execute(sql.SQL("UPDATE {} SET status = 'failed', attempts = attempts + 1, last_error = %s "
                             "WHERE id = %s").format(self.table), (error, item_id))


def family_history(db, caller, family_id, read) -> list[dict]:
    """Staff: what a queue holds for a family (`read(conn, family_id)` → rows), times as ISO strings."""
    caller = caller_from(caller)
    caller.require_staff()
    family_id = caller.require_family(family_id)
    with db.transaction() as conn:
        rows = read(conn, family_id)
    return [{**row, "sent_at": row["sent_at"] and row["sent_at"].isoformat()} for row in rows]
