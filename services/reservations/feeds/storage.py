"""SQL of the calendar feeds. Functions take a psycopg connection; rows are dicts."""
from __future__ import annotations


def insert_feed(conn, token_hash: str, child_id, family_id, now) -> None:
    conn.execute(
        "INSERT INTO calendar_feeds (token_hash, child_id, family_id, created_at) VALUES (%s, %s, %s, %s)",
        (token_hash, child_id, family_id, now),
    )


def revoke_feeds(conn, child_id, now) -> int:
    return conn.execute(
        "UPDATE calendar_feeds SET revoked_at = %s WHERE child_id = %s AND revoked_at IS NULL",
        (now, child_id),
    ).rowcount


def live_feed(conn, token_hash: str):
    """The feed's child, unless the feed is revoked (or the child has left the feed's family)."""
    return conn.execute(
        "SELECT f.child_id, c.first_name FROM calendar_feeds f "
        "  JOIN children c ON c.id = f.child_id AND c.family_id = f.family_id "
        " WHERE f.token_hash = %s AND f.revoked_at IS NULL",
        (token_hash,),
    ).fetchone()


def accepted_bookings(conn, child_id, since) -> list[dict]:
    """The child's accepted bookings from `since` on, with their activity and unit times."""
    return conn.execute(
        "SELECT b.id AS booking_id, b.date, a.name AS activity_name, u.label AS unit_label, "
        "       u.starts_at, u.ends_at "
        "  FROM bookings b "
        "  JOIN activities a ON a.id = b.activity_id "
        "  JOIN activity_units u ON (u.activity_id, u.code) = (b.activity_id, b.unit) "
        " WHERE b.child_id = %s AND b.status = 'accepted' AND b.date >= %s "
        " ORDER BY b.date, u.starts_at NULLS FIRST, a.name, u.position",
        (child_id, since),
    ).fetchall()
