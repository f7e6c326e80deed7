"""SQL of enrolments, and what they read of the read models and bookings."""
from __future__ import annotations

LIVE = ("pending", "accepted")

_VIEW = """
    SELECT e.*, c.first_name || ' ' || c.last_name AS child_name,
           a.name AS activity_name, a.structure_id
      FROM enrolments e
      JOIN children c ON c.id = e.child_id
      JOIN activities a ON a.id = e.activity_id
"""


def insert_enrolment(conn, enrolment: dict) -> None:
    conn.execute(
        "INSERT INTO enrolments (id, child_id, family_id, activity_id, status, reason, requested_by, "
        "                        requested_at, decided_at, decided_by) "
        "VALUES (%(id)s, %(child_id)s, %(family_id)s, %(activity_id)s, %(status)s, %(reason)s, "
        "        %(requested_by)s, %(requested_at)s, %(decided_at)s, %(decided_by)s)",
        enrolment,
    )


def live_enrolment(conn, child_id, activity_id):
    return conn.execute(
        "SELECT * FROM enrolments WHERE child_id = %s AND activity_id = %s AND status = ANY(%s)",
        (child_id, activity_id, list(LIVE)),
    ).fetchone()


def get_enrolment(conn, enrolment_id, lock: bool = False):
    return conn.execute(_VIEW + " WHERE e.id = %s" + (" FOR UPDATE OF e" if lock else ""),
                        (enrolment_id,)).fetchone()


def set_status(conn, enrolment_id, status: str, reason, decided_by: str, now) -> None:
    conn.execute(
        "UPDATE enrolments SET status = %s, reason = %s, decided_at = %s, decided_by = %s WHERE id = %s",
        (status, reason, now, decided_by, enrolment_id),
    )


def family_enrolments(conn, family_id, structure_ids=None) -> list[dict]:
    """Newest first; `structure_ids` None for every structure."""
    return conn.execute(
        _VIEW + " WHERE e.family_id = %s AND (%s::uuid[] IS NULL OR a.structure_id = ANY(%s::uuid[])) "
        "ORDER BY e.requested_at DESC, e.id",
        (family_id, structure_ids, structure_ids),
    ).fetchall()


def pending_enrolments(conn, structure_ids=None) -> list[dict]:
    """Oldest first; `structure_ids` None for every structure."""
    return conn.execute(
        _VIEW + " WHERE e.status = 'pending' AND (%s::uuid[] IS NULL OR a.structure_id = ANY(%s::uuid[])) "
        "ORDER BY e.requested_at, e.id",
        (structure_ids, structure_ids),
    ).fetchall()


def child_statuses(conn, child_id) -> dict:
    """{activity id (str): the enrolment that gives the child's status}: the live one, else the latest
    refusal (a cancelled enrolment leaves no status)."""
    rows = conn.execute(
        "SELECT DISTINCT ON (activity_id) * FROM enrolments "
        "WHERE child_id = %s AND status <> 'cancelled' "
        "ORDER BY activity_id, (status IN ('pending', 'accepted')) DESC, requested_at DESC",
        (child_id,),
    ).fetchall()
    return {str(row["activity_id"]): row for row in rows}


def family_documents(conn, family_id) -> list[dict]:
    return conn.execute("SELECT * FROM documents WHERE family_id = %s", (family_id,)).fetchall()


def has_live_bookings_from(conn, child_id, activity_id, day) -> bool:
    return conn.execute(
        "SELECT 1 FROM bookings WHERE child_id = %s AND activity_id = %s AND date >= %s "
        "AND status IN ('accepted', 'pending', 'waiting_list') LIMIT 1",
        (child_id, activity_id, day),
    ).fetchone() is not None
