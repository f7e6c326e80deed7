"""SQL of consumptions. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

import uuid

ROW_COLUMNS = (
    "id::text AS consumption_id, booking_id::text, family_id::text, child_id::text, activity_id::text, "
    "activity_name, date, unit, quantity, unit_price_cents, amount_cents, regie_id::text, invoice_id::text, "
    "outing_price_cents, cancelled_at, cancelled_late, booking_event_at, attendance, attendance_event_at, billable"
)

# Each column written in bulk, with its type (arrays are cast to it).
_NEW_ROW = {"id": "uuid", "booking_id": "uuid", "family_id": "uuid", "child_id": "uuid", "activity_id": "uuid",
            "activity_name": "text", "date": "date", "unit": "text", "unit_price_cents": "integer",
            "regie_id": "uuid", "outing_price_cents": "integer"}
_CHANGEABLE = {"activity_name": "text", "quantity": "integer", "unit_price_cents": "integer",
               "amount_cents": "integer", "regie_id": "uuid", "outing_price_cents": "integer",
               "cancelled_at": "timestamptz", "cancelled_late": "boolean", "booking_event_at": "timestamptz",
               "attendance": "text", "attendance_event_at": "timestamptz", "billable": "boolean"}


def _arrays(rows: list[dict], columns: dict) -> tuple[str, list]:
    """`unnest(...)` of typed arrays, one per column, and the arrays (uuids as text: rows mix both)."""
    def value(row, column):
        found = row[column]
        return str(found) if columns[column] == "uuid" and found is not None else found
    # binary arrays: psycopg's text arrays quote every element in Python (30 rows a rush request)
    sql = f"unnest({', '.join(f'%b::{kind}[]' for kind in columns.values())})"
    return sql, [[value(row, column) for row in rows] for column in columns]


def lock_many(conn, consumptions: list[dict]) -> dict[str, dict]:
    """The consumptions of the bookings by booking id (text), locked in booking order; those that
    this is the first event about are created first (not billable, no event applied yet)."""
    new = [{"activity_name": "", "outing_price_cents": None, **consumption, "id": uuid.uuid4()}
           for consumption in consumptions]
    rows, arrays = _arrays(new, _NEW_ROW)
    conn.execute(
        f"INSERT INTO consumptions ({', '.join(_NEW_ROW)}, quantity, amount_cents, billable) "
        f"SELECT *, 1, unit_price_cents, false FROM {rows} AS new ({', '.join(_NEW_ROW)}) "
        "ON CONFLICT (booking_id) DO NOTHING",
        arrays,
    )
    found = conn.execute(
        f"SELECT {ROW_COLUMNS} FROM consumptions WHERE booking_id = ANY(%s::uuid[]) ORDER BY booking_id FOR UPDATE",
        (list({str(consumption["booking_id"]) for consumption in consumptions}),),
    ).fetchall()
    return {row["booking_id"]: row for row in found}


def update_many(conn, rows: list[dict]) -> None:
    """Write the changeable columns of these consumptions (rows as `lock_many` read them, changed)."""
    if not rows:
        return
    changes, arrays = _arrays(rows, {"consumption_id": "uuid", **_CHANGEABLE})
    conn.execute(
        f"UPDATE consumptions c SET {', '.join(f'{column} = v.{column}' for column in _CHANGEABLE)} "
        f"FROM {changes} AS v (consumption_id, {', '.join(_CHANGEABLE)}) WHERE c.id = v.consumption_id",
        arrays,
    )
