"""SQL of the SMS queue and of the contacts' mobile numbers. Never commits."""
from __future__ import annotations

from services.notifications.queues import QueueTable
from services.notifications.storage import ERASED

QUEUE = QueueTable("sms_messages", ("q.to_number", "q.body"))


def save_mobile_phone(conn, family_id, mobile_phone: str | None) -> None:
    """The number of the family's first guardian (the contact itself is written by its own handler)."""
    conn.execute(
        "INSERT INTO contacts (family_id, display_name, mobile_phone) VALUES (%s, '', %s) "
        "ON CONFLICT (family_id) DO UPDATE SET mobile_phone = EXCLUDED.mobile_phone",
        (family_id, mobile_phone),
    )


def forget_family(conn, family_id) -> None:
    """Anonymisation: no number kept, the texts' contents erased, those still waiting never sent."""
    conn.execute("UPDATE contacts SET mobile_phone = NULL WHERE family_id = %s", (family_id,))
    conn.execute(
        "UPDATE sms_messages SET to_number = %(erased)s, body = %(erased)s, "
        "status = CASE WHEN status = 'pending' THEN 'failed' ELSE status END WHERE family_id = %(family_id)s",
        {"erased": ERASED, "family_id": family_id},
    )


def queue_sms(conn, sms: dict) -> str | None:
    row = conn.execute(
        "INSERT INTO sms_messages (event_id, kind, family_id, to_number, body) "
        "VALUES (%(event_id)s, %(kind)s, %(family_id)s, %(to_number)s, %(body)s) "
        "ON CONFLICT (event_id, kind) DO NOTHING RETURNING id::text",
        sms,
    ).fetchone()
    return row and row["id"]


def family_sms(conn, family_id) -> list[dict]:
    return conn.execute(
        "SELECT id::text, kind, to_number AS to, body, status, attempts, sent_at FROM sms_messages "
        "WHERE family_id = %s ORDER BY created_at, id", (family_id,),
    ).fetchall()
