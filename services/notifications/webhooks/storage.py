"""SQL of webhook subscriptions and their deliveries. Never commits."""
from __future__ import annotations

from services.notifications.queues import QueueTable

QUEUE = QueueTable("webhook_deliveries", ("q.body", "w.url", "w.secret"),
                   join="JOIN webhooks w ON w.id = q.webhook_id")


def insert_webhook(conn, webhook: dict) -> dict:
    return conn.execute(
        "INSERT INTO webhooks (id, url, patterns, secret, created_by, created_at) "
        "VALUES (%(id)s, %(url)s, %(patterns)s, %(secret)s, %(created_by)s, %(created_at)s) RETURNING *",
        webhook,
    ).fetchone()


def webhooks(conn) -> list[dict]:
    """Every subscription with its deliveries' counts by status."""
    return conn.execute(
        "SELECT w.*, count(d.id) FILTER (WHERE d.status = 'pending') AS pending, "
        "count(d.id) FILTER (WHERE d.status = 'sent') AS sent, "
        "count(d.id) FILTER (WHERE d.status = 'failed') AS failed "
        "FROM webhooks w LEFT JOIN webhook_deliveries d ON d.webhook_id = w.id "
        "GROUP BY w.id ORDER BY w.created_at, w.id"
    ).fetchall()


def subscriptions(conn) -> list[dict]:
    return conn.execute("SELECT id, patterns FROM webhooks").fetchall()


def patterns_in_use(conn) -> set[str]:
    return {row["pattern"] for row in conn.execute("SELECT DISTINCT unnest(patterns) AS pattern FROM webhooks")}


def delete_webhook(conn, webhook_id) -> list[str] | None:
    """The subscription and its deliveries, sent or not, are gone → its patterns (None when unknown)."""
    row = conn.execute("DELETE FROM webhooks WHERE id = %s RETURNING patterns", (webhook_id,)).fetchone()
    return row and row["patterns"]


def queue_deliveries(conn, webhook_ids: list, event_id: str, event_type: str, body: str) -> None:
    conn.execute(
        "INSERT INTO webhook_deliveries (webhook_id, event_id, event_type, body) "
        "SELECT unnest(%s::uuid[]), %s, %s, %s ON CONFLICT (webhook_id, event_id) DO NOTHING",
        (webhook_ids, event_id, event_type, body),
    )
