"""SQL of the roll call and of the crèche contracts. Functions take a psycopg connection; rows are dicts."""
from __future__ import annotations

from psycopg.types.json import Jsonb

ACCEPTED = "accepted"

# --- roll call -------------------------------------------------------------------------------------


def roll_call(conn, activity_id, day) -> list[dict]:
    """The accepted bookings of an activity on a day, unit by unit, with what the roll call recorded."""
    return conn.execute(
        "SELECT b.id AS booking_id, b.child_id, c.first_name || ' ' || c.last_name AS child_name, "
        "       b.unit, u.label AS unit_label, att.status "
        "  FROM bookings b "
        "  JOIN children c ON c.id = b.child_id "
        "  JOIN activity_units u ON (u.activity_id, u.code) = (b.activity_id, b.unit) "
        "  LEFT JOIN attendance att ON att.booking_id = b.id "
        " WHERE b.activity_id = %s AND b.date = %s AND b.status = %s "
        " ORDER BY u.position, c.last_name, c.first_name, b.child_id",
        (activity_id, day, ACCEPTED),
    ).fetchall()


def lock_accepted_bookings(conn, activity_id, day, booking_ids) -> dict:
    """{booking id (str): booking} of those ids that are accepted bookings of the activity and day,
    share-locked so that a cancellation waits for the roll call's commit."""
    rows = conn.execute(
        "SELECT id, child_id, family_id, activity_id, date, unit FROM bookings "
        " WHERE id = ANY(%s) AND activity_id = %s AND date = %s AND status = %s "
        " ORDER BY id FOR SHARE",
        (list(booking_ids), activity_id, day, ACCEPTED),
    ).fetchall()
    return {str(row["id"]): row for row in rows}


def record_attendance(conn, entries: list[tuple], user_id: str, now) -> set[str]:
    """Upsert `entries` [(booking_id, status)]; the ids whose status was new or changed."""
    entries = sorted(entries, key=lambda entry: str(entry[0]))  # one lock order for every writer
    rows = conn.execute(
        "INSERT INTO attendance (booking_id, status, recorded_by, recorded_at) "
        "SELECT e.booking_id, e.status, %s, %s FROM unnest(%s::uuid[], %s::text[]) AS e(booking_id, status) "
        "ON CONFLICT (booking_id) DO UPDATE SET status = EXCLUDED.status, "
        "  recorded_by = EXCLUDED.recorded_by, recorded_at = EXCLUDED.recorded_at "
        "  WHERE attendance.status <> EXCLUDED.status "
        "RETURNING booking_id",
        (user_id, now, [entry[0] for entry in entries], [entry[1] for entry in entries]),
    ).fetchall()
    return {str(row["booking_id"]) for row in rows}


# --- contracts -------------------------------------------------------------------------------------

_CONTRACTS = """
    SELECT k.*, c.first_name || ' ' || c.last_name AS child_name, a.name AS activity_name, a.structure_id
      FROM contracts k JOIN children c ON c.id = k.child_id JOIN activities a ON a.id = k.activity_id
"""


def lock_child(conn, child_id) -> None:
    """Serialises the contract changes of one child (its overlapping contracts are checked under it)."""
    conn.execute("SELECT 1 FROM children WHERE id = %s FOR NO KEY UPDATE", (child_id,))


def overlapping_contract(conn, child_id, activity_id, starts_on, ends_on):
    return conn.execute(
        "SELECT id FROM contracts WHERE child_id = %s AND activity_id = %s AND status = 'active' "
        "AND starts_on <= %s AND ends_on >= %s LIMIT 1",
        (child_id, activity_id, ends_on, starts_on),
    ).fetchone()


def insert_contract(conn, contract: dict) -> None:
    conn.execute(
        "INSERT INTO contracts (id, child_id, family_id, activity_id, starts_on, ends_on, schedule, created_at) "
        "VALUES (%(id)s, %(child_id)s, %(family_id)s, %(activity_id)s, %(starts_on)s, %(ends_on)s, "
        "        %(schedule)s, %(created_at)s)",
        {**contract, "schedule": Jsonb(contract["schedule"])},
    )


def get_contract(conn, contract_id):
    return conn.execute(_CONTRACTS + " WHERE k.id = %s", (contract_id,)).fetchone()


def list_contracts(conn, family_id, structure_ids=None) -> list[dict]:
    """The family's contracts, newest first; only those of `structure_ids` unless it is None."""
    return conn.execute(
        _CONTRACTS + " WHERE k.family_id = %s AND (%s::uuid[] IS NULL OR a.structure_id = ANY(%s::uuid[])) "
        " ORDER BY k.starts_on DESC, c.first_name, k.created_at",
        (family_id, structure_ids, structure_ids),
    ).fetchall()


def extra_hours_of(conn, contract_ids) -> list[dict]:
    return conn.execute(
        "SELECT * FROM contract_extra_hours WHERE contract_id = ANY(%s) ORDER BY date, recorded_at",
        (list(contract_ids),),
    ).fetchall()


def absences_of(conn, contract_ids) -> list[dict]:
    return conn.execute(
        "SELECT * FROM contract_absences WHERE contract_id = ANY(%s) ORDER BY date_from, declared_at",
        (list(contract_ids),),
    ).fetchall()


def insert_extra_hours(conn, extra: dict) -> None:
    conn.execute(
        "INSERT INTO contract_extra_hours (id, contract_id, date, minutes, recorded_by, recorded_at) "
        "VALUES (%(id)s, %(contract_id)s, %(date)s, %(minutes)s, %(recorded_by)s, %(recorded_at)s)",
        extra,
    )


def insert_absence(conn, absence: dict) -> None:
    conn.execute(
        "INSERT INTO contract_absences (id, contract_id, date_from, date_to, reason, declared_by, declared_at) "
        "VALUES (%(id)s, %(contract_id)s, %(date_from)s, %(date_to)s, %(reason)s, %(declared_by)s, "
        "        %(declared_at)s)",
        absence,
    )
