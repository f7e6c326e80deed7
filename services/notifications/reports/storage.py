"""SQL of the daily reports. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations


def record_movements(conn, movements: list[dict]) -> None:
    """Several movements in one statement, one per booking of an event (a movement already recorded is
    left as it is)."""
    if not movements:
        return
    columns = {"event_id": "text", "booking_id": "uuid", "family_id": "uuid", "structure_id": "uuid", "event": "text",
               "status": "text", "by": "text", "occurred_at": "timestamptz", "report_date": "date"}
    conn.execute(
        f"INSERT INTO booking_movements ({', '.join(columns)}) "
        # binary arrays: psycopg's text arrays quote every element in Python (30 movements a request)
        f"SELECT * FROM unnest({', '.join(f'%b::{kind}[]' for kind in columns.values())}) "
        "ON CONFLICT (event_id, booking_id) DO NOTHING",
        [[movement[column] for movement in movements] for column in columns],
    )


def families_to_report(conn, report_date) -> list:
    """The families whose bookings moved that day, not reported yet, that did not turn the report off."""
    rows = conn.execute(
        "SELECT DISTINCT m.family_id FROM booking_movements m "
        "LEFT JOIN notification_settings s ON s.family_id = m.family_id "
        "WHERE m.report_date = %(day)s AND coalesce(s.daily_report, true) "
        "AND NOT EXISTS (SELECT 1 FROM daily_reports r WHERE r.family_id = m.family_id "
        "AND r.report_date = %(day)s) ORDER BY m.family_id",
        {"day": report_date},
    ).fetchall()
    return [row["family_id"] for row in rows]


def claim_report(conn, family_id, report_date) -> bool:
    """True for the one transaction that reports this family's day (another waits, then gets False)."""
    cursor = conn.execute("INSERT INTO daily_reports (family_id, report_date) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                          (family_id, report_date))
    return cursor.rowcount == 1


def day_movements(conn, family_id, report_date) -> list[dict]:
    """The family's movements of the day in the order they happened, each with `first` (no earlier
    movement of its booking) and its structure's name when notifications knows it."""
    return conn.execute(
        "SELECT m.booking_id, m.structure_id, s.name AS structure_name, m.event, m.status, m.by, "
        "NOT EXISTS (SELECT 1 FROM booking_movements e WHERE e.booking_id = m.booking_id "
        "AND e.occurred_at < m.occurred_at) AS first "
        "FROM booking_movements m LEFT JOIN structure_contacts s USING (structure_id) "
        "WHERE m.family_id = %s AND m.report_date = %s ORDER BY m.occurred_at, m.event_id, m.booking_id",
        (family_id, report_date),
    ).fetchall()
