"""SQL of bookings, waiting lines, history and idempotent requests. Rows are dicts."""
from __future__ import annotations

from psycopg.types.json import Jsonb

from services.reservations.booking.domain import CANCELLED, LIVE, WAITING_LIST

# --- places: the lock rows of each pool and day ----------------------------------------------------


def lock_opening_days(conn, keys: list[tuple]) -> dict:
    """Lock the open days among `keys` (activity_id, date, pool); {key: row}.

    Rows are locked in one fixed order (the ORDER BY, applied before the locking), so two requests
    never deadlock; every writer of `opening_days` locks in the same order.
    """
    if not keys:
        return {}
    activity_ids, dates, pools = zip(*keys)
    rows = conn.execute(
        "SELECT od.* FROM opening_days od "
        "JOIN unnest(%b::uuid[], %b::date[], %b::text[]) AS k(activity_id, date, pool) "
        "  ON (od.activity_id, od.date, od.pool) = (k.activity_id, k.date, k.pool) "
        "ORDER BY od.activity_id, od.date, od.pool COLLATE \"C\" FOR UPDATE OF od",
        (list(activity_ids), list(dates), list(pools)),
    ).fetchall()
    return {(str(row["activity_id"]), row["date"], row["pool"]): row for row in rows}


def read_under_locks(conn, child_id, activity_ids: list, dates: list) -> tuple[set, dict]:
    """The closures among the days and the child's live bookings there, read once their pools are
    locked, so a closure or a booking committed while the request waited is seen."""
    closed = conn.execute("SELECT activity_id, date FROM closures WHERE activity_id = ANY(%s) AND date = ANY(%s)",
                          (list(activity_ids), list(dates))).fetchall()
    live = conn.execute("SELECT * FROM bookings WHERE child_id = %s AND activity_id = ANY(%s) AND date = ANY(%s) "
                        "AND status = ANY(%s)", (child_id, list(activity_ids), list(dates), list(LIVE))).fetchall()
    return ({(str(row["activity_id"]), row["date"]) for row in closed},
            {(str(row["activity_id"]), row["date"], row["unit"]): row for row in live})


def lock_day(conn, activity_id, date, pool):
    return lock_opening_days(conn, [(str(activity_id), date, pool)]).get((str(activity_id), date, pool))


def save_counts(conn, slots) -> None:
    slots = list(slots)
    conn.execute(
        "UPDATE opening_days od SET accepted_count = s.accepted, waiting_count = s.waiting "
        "FROM unnest(%b::uuid[], %b::date[], %b::text[], %b::int[], %b::int[]) "
        "     AS s(activity_id, date, pool, accepted, waiting) "
        "WHERE (od.activity_id, od.date, od.pool) = (s.activity_id, s.date, s.pool)",
        [[slot[name] for slot in slots] for name in ("activity_id", "date", "pool", "accepted_count",
                                                     "waiting_count")],
    )


# --- idempotency of booking requests --------------------------------------------------------------


def open_request(conn, child_id, user_id: str, key: str, fingerprint: str, now, activity_ids: list):
    """What a booking request starts from: the child (None if unknown), the earlier answer to this
    idempotency key (None when this request claimed the key), and `booking_context`. A concurrent
    request with the same key waits at the claim until the first one commits or rolls back; an
    unknown child claims nothing."""
    child = conn.execute("SELECT * FROM children WHERE id = %s", (child_id,)).fetchone()
    claimed = conn.execute(
        "INSERT INTO booking_requests (user_id, idempotency_key, family_id, fingerprint, created_at) "
        "SELECT %s, %s, family_id, %s, %s FROM children WHERE id = %s "
        "ON CONFLICT DO NOTHING RETURNING user_id",
        (user_id, key, fingerprint, now, child_id)).fetchone()
    earlier = None if claimed else conn.execute(
        "SELECT * FROM booking_requests WHERE user_id = %s AND idempotency_key = %s", (user_id, key)).fetchone()
    return child, earlier, booking_context(conn, child_id, None, activity_ids)


def release_request(conn, user_id: str, key: str) -> None:
    """A claimed request that failed: its key is free again, as if the request had never come."""
    conn.execute("DELETE FROM booking_requests WHERE user_id = %s AND idempotency_key = %s", (user_id, key))


def save_response(conn, user_id: str, key: str, response: dict) -> None:
    conn.execute(
        "UPDATE booking_requests SET response = %s WHERE user_id = %s AND idempotency_key = %s",
        (Jsonb(response), user_id, key),
    )


# --- what a request is checked against ------------------------------------------------------------


def booking_context(conn, child_id, family_id, activity_ids: list) -> dict:
    """The activities the child is enrolled in (those enrolments locked against a concurrent
    cancellation until the commit) and the family's debt status."""
    return _context_of(_context(conn, child_id, family_id, activity_ids).fetchone())


def _context(conn, child_id, family_id, activity_ids: list):
    return conn.execute(
        "SELECT (SELECT coalesce(array_agg(e.activity_id::text), '{}') FROM ("
        "         SELECT activity_id FROM enrolments WHERE child_id = %(child)s AND status = 'accepted' "
        "            AND activity_id = ANY(%(activities)s) FOR SHARE) e) AS enrolled, "
        "       (SELECT coalesce(bool_or(in_debt), false) FROM family_debts "
        "         WHERE family_id = coalesce(%(family)s, (SELECT family_id FROM children WHERE id = %(child)s))) "
        "         AS in_debt",
        {"child": child_id, "family": family_id, "activities": list(activity_ids)},
    )


def _context_of(row) -> dict:
    return {"enrolled": set(row["enrolled"]), "in_debt": row["in_debt"]}


# --- writing bookings and their history -----------------------------------------------------------

# Rows are written with one statement per table, whatever their number (arrays unnested by the
# server): far less work under the day's lock than a statement per row.

def insert_bookings(conn, bookings: list[dict]) -> None:
    conn.execute(
        "INSERT INTO bookings (id, child_id, family_id, activity_id, date, unit, pool, status, waiting_position, "
        "by, user_id, reason, created_at, updated_at) "
        "SELECT * FROM unnest(%b::uuid[], %b::uuid[], %b::uuid[], %b::uuid[], %b::date[], %b::text[], %b::text[], "
        "%b::text[], %b::int[], %b::text[], %b::text[], %b::text[], %b::timestamptz[], %b::timestamptz[])",
        _columns(bookings, ("id", "child_id", "family_id", "activity_id", "date", "unit", "pool", "status",
                            "waiting_position", "by", "user_id", "reason", "created_at", "updated_at")),
    )


def insert_changes(conn, changes: list[dict]) -> None:
    conn.execute(
        "INSERT INTO booking_changes (booking_id, child_id, family_id, activity_id, date, unit, status, "
        "waiting_position, by, user_id, reason, at) "
        "SELECT * FROM unnest(%b::uuid[], %b::uuid[], %b::uuid[], %b::uuid[], %b::date[], %b::text[], %b::text[], "
        "%b::int[], %b::text[], %b::text[], %b::text[], %b::timestamptz[])",
        _columns(changes, ("id", "child_id", "family_id", "activity_id", "date", "unit", "status",
                           "waiting_position", "changed_by", "user_id", "reason", "updated_at")),
    )


def _columns(rows: list[dict], names: tuple) -> list[list]:
    """Arrays for `unnest(%b::…[])`: sent in binary, as psycopg's text arrays quote every element in Python."""
    return [[row[name] for row in rows] for name in names]


def set_status(conn, booking_id, status: str, now, user_id=None, reason=None, position=None) -> dict:
    """A new status (and place in line, for the waiting list); who changed it and why."""
    return conn.execute(
        "UPDATE bookings SET status = %s, waiting_position = %s, updated_at = %s, user_id = %s, reason = %s "
        "WHERE id = %s RETURNING *",
        (status, position, now, user_id, reason, booking_id),
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


def get_booking(conn, booking_id):
    return conn.execute("SELECT * FROM bookings WHERE id = %s", (booking_id,)).fetchone()


def live_bookings_on_days(conn, activity_id, dates: list) -> list[dict]:
    return conn.execute(
        "SELECT * FROM bookings WHERE activity_id = %s AND date = ANY(%s) AND status = ANY(%s) "
        "ORDER BY date, pool, waiting_position NULLS FIRST, created_at",
        (activity_id, list(dates), list(LIVE)),
    ).fetchall()


def pools_of_days(conn, activity_id, dates: list) -> list[tuple]:
    rows = conn.execute("SELECT activity_id, date, pool FROM opening_days WHERE activity_id = %s AND date = ANY(%s)",
                        (activity_id, list(dates))).fetchall()
    return [(str(row["activity_id"]), row["date"], row["pool"]) for row in rows]


# --- reading: planning, lists, history, queues ----------------------------------------------------


def planning(conn, child_id, date_from, date_to) -> list[dict]:
    """Every open day and unit in the range of the activities the child is enrolled in, with the
    child's booking there (a live one, else the latest refusal) and its roll call; closed days too."""
    return conn.execute(
        "SELECT od.activity_id, a.name AS activity_name, od.date, u.code AS unit, u.label AS unit_label, "
        "       u.kind AS unit_kind, u.price_cents, od.capacity, od.accepted_count, "
        "       b.id AS booking_id, b.status, b.waiting_position, att.status AS attendance, "
        "       c.kind AS closure, c.label AS closure_label, u.position AS unit_position "
        "  FROM enrolments e "
        "  JOIN activities a ON a.id = e.activity_id "
        "  JOIN opening_days od ON od.activity_id = e.activity_id AND od.date BETWEEN %(from)s AND %(to)s "
        "  JOIN activity_units u ON (u.activity_id, u.pool) = (od.activity_id, od.pool) "
        "  LEFT JOIN closures c ON (c.activity_id, c.date) = (od.activity_id, od.date) "
        "  LEFT JOIN LATERAL (SELECT * FROM bookings b "
        "        WHERE (b.activity_id, b.date, b.unit) = (od.activity_id, od.date, u.code) "
        "          AND b.child_id = %(child)s AND b.status <> %(cancelled)s "
        "        ORDER BY b.status = 'refused', b.updated_at DESC LIMIT 1) b ON true "
        "  LEFT JOIN attendance att ON att.booking_id = b.id "
        " WHERE e.child_id = %(child)s AND e.status = 'accepted' "
        "UNION ALL "
        "SELECT c.activity_id, a.name, c.date, u.code, u.label, u.kind, u.price_cents, 0, 0, "
        "       NULL, NULL, NULL, NULL, c.kind, c.label, u.position "
        "  FROM enrolments e "
        "  JOIN activities a ON a.id = e.activity_id "
        "  JOIN closures c ON c.activity_id = e.activity_id AND c.date BETWEEN %(from)s AND %(to)s "
        "  JOIN activity_units u ON u.activity_id = c.activity_id AND u.kind = 'unit' "
        " WHERE e.child_id = %(child)s AND e.status = 'accepted' "
        "   AND NOT EXISTS (SELECT 1 FROM opening_days od WHERE (od.activity_id, od.date) = (c.activity_id, c.date)) "
        " ORDER BY 3, 2, 1, 16",
        {"child": child_id, "from": date_from, "to": date_to, "cancelled": CANCELLED},
    ).fetchall()


def list_bookings(conn, family_id, child_id=None, date_from=None, date_to=None, status=None) -> list[dict]:
    return conn.execute(
        "SELECT b.id, b.child_id, c.first_name || ' ' || c.last_name AS child_name, "
        "       b.activity_id, a.name AS activity_name, b.date, b.unit, b.status, b.waiting_position, "
        "       b.by, b.updated_at "
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


def history(conn, family_id, child_id=None, limit: int = 200) -> list[dict]:
    return conn.execute(
        "SELECT h.booking_id, h.child_id, c.first_name || ' ' || c.last_name AS child_name, h.activity_id, "
        "       a.name AS activity_name, h.date, h.unit, h.status, h.waiting_position, h.by, h.at, h.reason "
        "  FROM booking_changes h JOIN children c ON c.id = h.child_id JOIN activities a ON a.id = h.activity_id "
        " WHERE h.family_id = %(family_id)s AND (%(child_id)s::uuid IS NULL OR h.child_id = %(child_id)s) "
        " ORDER BY h.at DESC, h.id DESC LIMIT %(limit)s",
        {"family_id": family_id, "child_id": child_id, "limit": limit},
    ).fetchall()


def pending_bookings(conn, structure_ids, day=None) -> list[dict]:
    """Pending requests of the structures (None: all), oldest first, with the places left."""
    return conn.execute(
        "SELECT b.id, b.child_id, c.first_name || ' ' || c.last_name AS child_name, b.family_id, "
        "       b.activity_id, a.name AS activity_name, a.structure_id, b.date, b.unit, "
        "       b.created_at AS requested_at, od.capacity - od.accepted_count AS places_left "
        "  FROM bookings b JOIN children c ON c.id = b.child_id JOIN activities a ON a.id = b.activity_id "
        "  JOIN opening_days od ON (od.activity_id, od.date, od.pool) = (b.activity_id, b.date, b.pool) "
        " WHERE b.status = 'pending' "
        "   AND (%(structures)s::uuid[] IS NULL OR a.structure_id = ANY(%(structures)s)) "
        "   AND (%(day)s::date IS NULL OR b.date = %(day)s) "
        " ORDER BY b.created_at, b.id",
        {"structures": structure_ids, "day": day},
    ).fetchall()


def waiting_lines(conn, activity_id, day) -> list[dict]:
    return conn.execute(
        "SELECT od.pool, od.capacity, od.accepted_count, b.id AS booking_id, "
        "       c.first_name || ' ' || c.last_name AS child_name, b.unit, b.waiting_position, b.updated_at AS since "
        "  FROM opening_days od "
        "  LEFT JOIN bookings b ON (b.activity_id, b.date, b.pool) = (od.activity_id, od.date, od.pool) "
        "       AND b.status = 'waiting_list' "
        "  LEFT JOIN children c ON c.id = b.child_id "
        " WHERE od.activity_id = %s AND od.date = %s "
        " ORDER BY od.pool COLLATE \"C\", b.waiting_position",
        (activity_id, day),
    ).fetchall()
