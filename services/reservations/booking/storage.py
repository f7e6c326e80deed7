"""SQL of bookings, waiting lines and idempotent requests. Functions take a psycopg connection; rows are dicts."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from services.reservations.booking.domain import CANCELLED, WAITING_LIST

# --- places: the lock rows of each pool and day -------------------------------------------------


def lock_opening_days(conn, keys: list[tuple]) -> dict:
    """Lock the open days among `keys` (activity_id, date, pool); {key: row}.

    Rows are locked in one fixed order (the ORDER BY, applied before the locking), so two requests
    never deadlock; `open_days` writes in the same order.
    """
    if not keys:
        return {}
    activity_ids, dates, pools = zip(*keys)
    rows = conn.execute(
        "SELECT od.* FROM opening_days od "
        "JOIN unnest(%s::uuid[], %s::date[], %s::text[]) AS k(activity_id, date, pool) "
        "  ON (od.activity_id, od.date, od.pool) = (k.activity_id, k.date, k.pool) "
        "ORDER BY od.activity_id, od.date, od.pool COLLATE \"C\" FOR UPDATE OF od",
        (list(activity_ids), list(dates), list(pools)),
    ).fetchall()
    return {(str(row["activity_id"]), row["date"], row["pool"]): row for row in rows}


def save_accepted_count(conn, slot: dict) -> None:
    conn.execute(
        "UPDATE opening_days SET accepted_count = %(accepted_count)s "
        "WHERE activity_id = %(activity_id)s AND date = %(date)s AND pool = %(pool)s",
        slot,
    )


# --- idempotency of booking requests --------------------------------------------------------------


def claim_request(conn, user_id: str, key: str, family_id, fingerprint: str, now):
    """Reserve `key` for this user; returns None when claimed, else the earlier request's row.

    A concurrent request with the same key waits here until the first one commits or rolls back.
    """
    claimed = conn.execute(
        "INSERT INTO booking_requests (user_id, idempotency_key, family_id, fingerprint, created_at) "
        "VALUES (%s, %s, %s, %s, %s) ON CONFLICT DO NOTHING RETURNING user_id",
        (user_id, key, family_id, fingerprint, now),
    ).fetchone()
    if claimed:
        return None
    return conn.execute(
        "SELECT * FROM booking_requests WHERE user_id = %s AND idempotency_key = %s", (user_id, key)
    ).fetchone()


def save_response(conn, user_id: str, key: str, response: dict) -> None:
    conn.execute(
        "UPDATE booking_requests SET response = %s WHERE user_id = %s AND idempotency_key = %s",
        (Jsonb(response), user_id, key),
    )


# --- bookings -------------------------------------------------------------------------------------


def find_live_booking(conn, child_id, activity_id, date, unit):
    return conn.execute(
        "SELECT * FROM bookings WHERE child_id = %s AND activity_id = %s AND date = %s AND unit = %s "
        "AND status <> %s",
        (child_id, activity_id, date, unit, CANCELLED),
    ).fetchone()


def next_waiting_position(conn, activity_id, date, pool) -> int:
    return conn.execute(
        "SELECT coalesce(max(waiting_position), 0) + 1 AS position FROM bookings "
        "WHERE activity_id = %s AND date = %s AND pool = %s AND status = %s",
        (activity_id, date, pool, WAITING_LIST),
    ).fetchone()["position"]


def insert_booking(conn, booking: dict) -> dict:
    return conn.execute(
        "INSERT INTO bookings (id, child_id, family_id, activity_id, date, unit, pool, status, "
        "waiting_position, by, created_at, updated_at) VALUES (%(id)s, %(child_id)s, %(family_id)s, "
        "%(activity_id)s, %(date)s, %(unit)s, %(pool)s, %(status)s, %(waiting_position)s, %(by)s, %(now)s, %(now)s) "
        "RETURNING *",
        booking,
    ).fetchone()


def set_status(conn, booking_id, status: str, now) -> dict:
    """A new status; a booking leaving the waiting line leaves its position too."""
    return conn.execute(
        "UPDATE bookings SET status = %s, waiting_position = NULL, updated_at = %s WHERE id = %s "
        "RETURNING *",
        (status, now, booking_id),
    ).fetchone()


def close_waiting_gap(conn, activity_id, date, pool, position: int) -> None:
    """Everyone behind `position` moves up one place, so positions stay 1..n."""
    conn.execute(
        "UPDATE bookings SET waiting_position = waiting_position - 1 "
        "WHERE activity_id = %s AND date = %s AND pool = %s AND status = %s AND waiting_position > %s",
        (activity_id, date, pool, WAITING_LIST, position),
    )


def first_in_line(conn, activity_id, date, pool):
    return conn.execute(
        "SELECT * FROM bookings WHERE activity_id = %s AND date = %s AND pool = %s AND status = %s "
        "ORDER BY waiting_position LIMIT 1",
        (activity_id, date, pool, WAITING_LIST),
    ).fetchone()


def planning(conn, child_id, date_from, date_to) -> list[dict]:
    """Every open day and unit in the range, with the child's live booking there if any."""
    return conn.execute(
        "SELECT od.activity_id, od.date, u.code AS unit, od.capacity, od.accepted_count, "
        "       b.id AS booking_id, b.status, b.waiting_position "
        "  FROM opening_days od "
        "  JOIN activity_units u ON (u.activity_id, u.pool) = (od.activity_id, od.pool) "
        "  JOIN activities a ON a.id = od.activity_id "
        "  LEFT JOIN bookings b ON (b.activity_id, b.date, b.unit) = (od.activity_id, od.date, u.code) "
        "       AND b.child_id = %s AND b.status <> %s "
        " WHERE od.date BETWEEN %s AND %s "
        " ORDER BY od.date, a.name, od.activity_id, u.position",
        (child_id, CANCELLED, date_from, date_to),
    ).fetchall()


def list_bookings(conn, family_id, child_id=None, date_from=None, date_to=None, status=None) -> list[dict]:
    return conn.execute(
        "SELECT b.id, b.child_id, c.first_name || ' ' || c.last_name AS child_name, "
        "       b.activity_id, a.name AS activity_name, b.date, b.unit, b.status "
        "  FROM bookings b JOIN children c ON c.id = b.child_id JOIN activities a ON a.id = b.activity_id "
        " WHERE b.family_id = %(family_id)s "
        "   AND (%(child_id)s::uuid IS NULL OR b.child_id = %(child_id)s) "
        "   AND (%(date_from)s::date IS NULL OR b.date >= %(date_from)s) "
        "   AND (%(date_to)s::date IS NULL OR b.date <= %(date_to)s) "
        "   AND (%(status)s::text IS NULL OR b.status = %(status)s) "
        " ORDER BY b.date, c.first_name, a.name, b.unit, b.created_at",
        {"family_id": family_id, "child_id": child_id, "date_from": date_from, "date_to": date_to,
         "status": status},
    ).fetchall()

