"""SQL of consumptions. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

import uuid

ROW_COLUMNS = (
    "id::text AS consumption_id, booking_id::text, family_id::text, child_id::text, activity_id::text, "
    "activity_name, date, unit, quantity, unit_price_cents, amount_cents, regie_id::text, invoice_id::text, "
    "outing_price_cents, cancelled_at, cancelled_late, booking_event_at, attendance, attendance_event_at, billable"
)
_CHANGEABLE = ("activity_name", "quantity", "unit_price_cents", "amount_cents", "regie_id", "outing_price_cents",
               "cancelled_at", "cancelled_late", "booking_event_at", "attendance", "attendance_event_at",
               "billable")


def lock(conn, consumption: dict) -> dict:
    """The consumption of the booking, locked; created first (not billable, no event applied yet) if
    this is the first event about it."""
    conn.execute(
        "INSERT INTO consumptions (id, booking_id, family_id, child_id, activity_id, activity_name, date, unit, "
        "quantity, unit_price_cents, amount_cents, regie_id, outing_price_cents, billable) "
        "VALUES (%(id)s, %(booking_id)s, %(family_id)s, %(child_id)s, %(activity_id)s, %(activity_name)s, "
        "%(date)s, %(unit)s, 1, %(unit_price_cents)s, %(unit_price_cents)s, %(regie_id)s, %(outing_price_cents)s, "
        "false) ON CONFLICT (booking_id) DO NOTHING",
        {"activity_name": "", "outing_price_cents": None, **consumption, "id": uuid.uuid4()},
    )
    return conn.execute(
        f"SELECT {ROW_COLUMNS} FROM consumptions WHERE booking_id = %s FOR UPDATE", (consumption["booking_id"],)
    ).fetchone()


def update(conn, consumption_id, changes: dict) -> None:
    columns = [column for column in _CHANGEABLE if column in changes]
    conn.execute(
        f"UPDATE consumptions SET {', '.join(f'{c} = %({c})s' for c in columns)} WHERE id = %(consumption_id)s",
        {**changes, "consumption_id": consumption_id},
    )

