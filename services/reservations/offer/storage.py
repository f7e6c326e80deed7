"""SQL of the offer: structures, activities and their units, opening days and capacities."""
from __future__ import annotations


def insert_structure(conn, structure: dict) -> dict:
    return conn.execute(
        "INSERT INTO structures (id, name, kind) VALUES (%(id)s, %(name)s, %(kind)s) RETURNING *",
        structure,
    ).fetchone()


def structure_exists(conn, structure_id) -> bool:
    return conn.execute("SELECT 1 FROM structures WHERE id = %s", (structure_id,)).fetchone() is not None


def insert_activity(conn, activity: dict) -> None:
    conn.execute(
        "INSERT INTO activities (id, structure_id, name, booking_mode) "
        "VALUES (%(id)s, %(structure_id)s, %(name)s, %(booking_mode)s)",
        activity,
    )
    with conn.cursor() as cur:
        cur.executemany(
            "INSERT INTO activity_units (activity_id, code, label, position, pool) VALUES (%s, %s, %s, %s, %s)",
            [(activity["id"], unit["code"], unit["label"], position, unit.get("pool") or unit["code"])
             for position, unit in enumerate(activity["units"])],
        )


_ACTIVITIES = """
    SELECT a.id, a.name, a.structure_id, a.booking_mode,
           json_build_object('id', s.id, 'name', s.name, 'kind', s.kind) AS structure,
           (SELECT json_agg(json_build_object('code', u.code, 'label', u.label, 'pool', u.pool)
                            ORDER BY u.position)
              FROM activity_units u WHERE u.activity_id = a.id) AS units
      FROM activities a JOIN structures s ON s.id = a.structure_id
"""


def get_activities(conn, activity_ids) -> dict:
    """{activity id (str): activity with its `units` [{code, label}] in their order}."""
    rows = conn.execute(_ACTIVITIES + " WHERE a.id = ANY(%s)", (list(activity_ids),)).fetchall()
    return {str(row["id"]): row for row in rows}


def list_activities(conn) -> list[dict]:
    return conn.execute(_ACTIVITIES + " ORDER BY s.name, a.name, a.id").fetchall()


def upsert_opening_days(conn, activity_id, days: list[tuple]) -> list[dict]:
    """Open (or change the places of) pools on days, `days` [((date, pool), capacity)] in lock order;
    the rows come back locked."""
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
