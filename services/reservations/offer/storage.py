"""SQL of the offer: structures, activities and their units, windows, opening days and closures."""
from __future__ import annotations

import json

ACTIVITY_FIELDS = ("name", "booking_mode", "min_age_months", "max_age_months", "enrolment_approval",
                   "required_documents", "unit_combinations", "booking_deadline", "cancel_deadline",
                   "blocks_on_debt")
UPDATABLE_FIELDS = ACTIVITY_FIELDS + ("archived",)
_JSON_FIELDS = ("unit_combinations", "booking_deadline", "cancel_deadline")


def insert_structure(conn, structure: dict) -> dict:
    return conn.execute(
        "INSERT INTO structures (id, name, kind) VALUES (%(id)s, %(name)s, %(kind)s) RETURNING *",
        structure,
    ).fetchone()


def structure_exists(conn, structure_id) -> bool:
    return conn.execute("SELECT 1 FROM structures WHERE id = %s", (structure_id,)).fetchone() is not None


def list_structures(conn, structure_ids=None) -> list[dict]:
    """`structure_ids` None for every structure."""
    return conn.execute(
        "SELECT id, name, kind FROM structures WHERE %s::uuid[] IS NULL OR id = ANY(%s::uuid[]) "
        "ORDER BY name, id", (structure_ids, structure_ids),
    ).fetchall()


def _db_value(field: str, value):
    return json.dumps(value) if field in _JSON_FIELDS else value


def insert_activity(conn, activity: dict) -> None:
    fields = ("id", "structure_id") + ACTIVITY_FIELDS
    conn.execute(
        f"INSERT INTO activities ({', '.join(fields)}) VALUES ({', '.join(['%s'] * len(fields))})",
        [_db_value(field, activity[field]) for field in fields],
    )
    insert_units(conn, activity["id"], activity["units"], 0)


def update_activity(conn, activity_id, changes: dict) -> None:
    fields = [field for field in UPDATABLE_FIELDS if field in changes]
    if fields:
        conn.execute(
            f"UPDATE activities SET {', '.join(f'{field} = %s' for field in fields)} WHERE id = %s",
            [_db_value(field, changes[field]) for field in fields] + [activity_id],
        )


def insert_units(conn, activity_id, units: list[dict], first_position: int) -> None:
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO activity_units (activity_id, code, label, position, pool, kind, starts_at, ends_at, "
            "                            price_cents, date) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            [(activity_id, unit["code"], unit["label"], first_position + i, unit.get("pool") or unit["code"],
              unit.get("kind", "unit"), unit.get("starts_at"), unit.get("ends_at"), unit.get("price_cents"),
              unit.get("date"))
             for i, unit in enumerate(units)],
        )


def update_unit(conn, activity_id, unit: dict) -> None:
    conn.execute(
        "UPDATE activity_units SET label = %(label)s, pool = %(pool)s, starts_at = %(starts_at)s, "
        "ends_at = %(ends_at)s WHERE activity_id = %(activity_id)s AND code = %(code)s",
        {**unit, "activity_id": activity_id},
    )


def lock_activity(conn, activity_id) -> None:
    """Serialises the changes of one activity's configuration (units, windows)."""
    conn.execute("SELECT 1 FROM activities WHERE id = %s FOR UPDATE", (activity_id,))


_ACTIVITIES = """
    SELECT a.*, json_build_object('id', s.id, 'name', s.name, 'kind', s.kind) AS structure
      FROM activities a JOIN structures s ON s.id = a.structure_id
"""


def get_activities(conn, activity_ids) -> dict:
    """{activity id (str): the activity with all its columns, `structure` {id, name, kind}, `units`
    [{code, label, pool, kind, starts_at, ends_at, price_cents, date}] in their order (times, dates
    as Python values; `date` only for an outing) and `windows` [{label, period_start, period_end,
    opens_at, closes_at}] by period}."""
    rows = conn.execute(_ACTIVITIES + " WHERE a.id = ANY(%s::uuid[])", (list(activity_ids),)).fetchall()
    return _complete(conn, rows)


def list_activities(conn, structure_ids=None, archived: bool = False) -> list[dict]:
    """Activities (not archived unless asked) of `structure_ids` (None for all), by structure and name."""
    rows = conn.execute(
        _ACTIVITIES + " WHERE (%s OR NOT a.archived) AND (%s::uuid[] IS NULL OR a.structure_id = ANY(%s::uuid[])) "
        "ORDER BY s.name, a.name, a.id",
        (archived, structure_ids, structure_ids),
    ).fetchall()
    return list(_complete(conn, rows).values())


def _complete(conn, rows) -> dict:
    activities = {str(row["id"]): {**row, "units": [], "windows": []} for row in rows}
    if not activities:
        return activities
    ids = list(activities)
    for unit in conn.execute(
        "SELECT activity_id, code, label, pool, kind, starts_at, ends_at, price_cents, date "
        "FROM activity_units WHERE activity_id = ANY(%s::uuid[]) ORDER BY activity_id, position", (ids,),
    ):
        activities[str(unit.pop("activity_id"))]["units"].append(unit)
    for window in conn.execute(
        "SELECT activity_id, label, period_start, period_end, opens_at, closes_at FROM booking_windows "
        "WHERE activity_id = ANY(%s::uuid[]) ORDER BY activity_id, period_start, opens_at, id", (ids,),
    ):
        activities[str(window.pop("activity_id"))]["windows"].append(window)
    return activities


def replace_windows(conn, activity_id, windows: list[dict]) -> None:
    conn.execute("DELETE FROM booking_windows WHERE activity_id = %s", (activity_id,))
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO booking_windows (id, activity_id, label, period_start, period_end, opens_at, closes_at) "
            "VALUES (%(id)s, %(activity_id)s, %(label)s, %(period_start)s, %(period_end)s, %(opens_at)s, "
            "        %(closes_at)s)",
            [{**window, "activity_id": activity_id} for window in windows],
        )


def upsert_opening_days(conn, activity_id, days: list[tuple]) -> list[dict]:
    """Open (or change the places of) pools on days, `days` [((date, pool), capacity)] in lock order;
    the rows come back locked."""
    if not days:
        return []
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO opening_days (activity_id, date, pool, capacity) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (activity_id, date, pool) DO UPDATE SET capacity = EXCLUDED.capacity "
            "RETURNING *",
            [(activity_id, day, pool, capacity) for (day, pool), capacity in days],
            returning=True,
        )
        rows = []
        while True:
            rows.extend(cur.fetchall())
            if not cur.nextset():
                return rows


def lock_days(conn, activity_id, dates) -> list[dict]:
    """The opening days of those dates, locked in the engine's lock order."""
    return conn.execute(
        'SELECT * FROM opening_days WHERE activity_id = %s AND date = ANY(%s::date[]) '
        'ORDER BY activity_id, date, pool COLLATE "C" FOR UPDATE',
        (activity_id, list(dates)),
    ).fetchall()


def closures(conn, activity_id, dates) -> dict:
    rows = conn.execute("SELECT * FROM closures WHERE activity_id = %s AND date = ANY(%s::date[])",
                        (activity_id, list(dates))).fetchall()
    return {row["date"]: row for row in rows}


def upsert_closures(conn, activity_id, closures: list[dict]) -> None:
    """`closures` [{date, kind, label}]; a staff closure replaces a holiday's, never the other way round."""
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO closures (activity_id, date, kind, label) VALUES (%s, %s, %s, %s) "
            "ON CONFLICT (activity_id, date) DO UPDATE SET kind = EXCLUDED.kind, label = EXCLUDED.label "
            "WHERE EXCLUDED.kind = 'closure' OR closures.kind = 'holiday'",
            [(activity_id, c["date"], c["kind"], c["label"]) for c in closures],
        )


def delete_closure(conn, activity_id, day) -> bool:
    return conn.execute("DELETE FROM closures WHERE activity_id = %s AND date = %s RETURNING 1",
                        (activity_id, day)).fetchone() is not None


def list_days(conn, activity_id, date_from, date_to) -> list[dict]:
    """Each pool's places and counts per day, and the closures (days without a pool row too)."""
    return conn.execute(
        """
        WITH days AS (
            SELECT o.date, o.pool, o.capacity, o.accepted_count FROM opening_days o
             WHERE o.activity_id = %(activity)s AND o.date BETWEEN %(from)s AND %(to)s
        ), counts AS (
            SELECT b.date, b.pool,
                   count(*) FILTER (WHERE b.status = 'pending') AS pending,
                   count(*) FILTER (WHERE b.status = 'waiting_list') AS waiting
              FROM bookings b
             WHERE b.activity_id = %(activity)s AND b.date BETWEEN %(from)s AND %(to)s
             GROUP BY b.date, b.pool
        )
        SELECT coalesce(d.date, c.date) AS date, d.pool, d.capacity, d.accepted_count AS accepted,
               coalesce(n.pending, 0) AS pending, coalesce(n.waiting, 0) AS waiting,
               c.kind AS closure_kind, c.label AS closure_label
          FROM days d
          FULL JOIN (SELECT * FROM closures WHERE activity_id = %(activity)s
                                             AND date BETWEEN %(from)s AND %(to)s) c ON c.date = d.date
          LEFT JOIN counts n ON n.date = d.date AND n.pool = d.pool
         ORDER BY 1, d.pool COLLATE "C" NULLS FIRST
        """,
        {"activity": activity_id, "from": date_from, "to": date_to},
    ).fetchall()


def unit_has_bookings(conn, activity_id, code) -> bool:
    return conn.execute("SELECT 1 FROM bookings WHERE activity_id = %s AND unit = %s LIMIT 1",
                        (activity_id, code)).fetchone() is not None
