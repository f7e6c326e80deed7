"""All of billing's SQL. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

import uuid

TARIFF_COLUMNS = (
    "id::text, regie_id::text, activity_id::text, unit, rule, amount_cents, "
    "to_char(valid_from, 'YYYY-MM-DD') AS valid_from"
)


def save_family_names(conn, family: dict, changed_at) -> None:
    """The family's number and name from an accounts event of time `changed_at`, unless newer ones
    are already there."""
    conn.execute(
        "INSERT INTO families (id, number, display_name, names_changed_at) "
        "VALUES (%(family_id)s, %(number)s, %(display_name)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET number = EXCLUDED.number, display_name = EXCLUDED.display_name, "
        "names_changed_at = EXCLUDED.names_changed_at "
        "WHERE families.names_changed_at IS NULL OR families.names_changed_at <= EXCLUDED.names_changed_at",
        {**family, "changed_at": changed_at},
    )


def save_quotient(conn, family: dict, changed_at) -> None:
    """The family's quotient (and its validity) from an accounts event of time `changed_at`."""
    conn.execute(
        "INSERT INTO families (id, quotient, quotient_valid_until, quotient_changed_at) "
        "VALUES (%(family_id)s, %(quotient)s, %(quotient_valid_until)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET quotient = EXCLUDED.quotient, "
        "quotient_valid_until = EXCLUDED.quotient_valid_until, quotient_changed_at = EXCLUDED.quotient_changed_at "
        "WHERE families.quotient_changed_at IS NULL OR families.quotient_changed_at <= EXCLUDED.quotient_changed_at",
        {"quotient_valid_until": None, **family, "changed_at": changed_at},
    )


def save_child(conn, child: dict, changed_at) -> None:
    conn.execute(
        "INSERT INTO children (id, family_id, first_name, last_name, changed_at) "
        "VALUES (%(child_id)s, %(family_id)s, %(first_name)s, %(last_name)s, %(changed_at)s) "
        "ON CONFLICT (id) DO UPDATE SET family_id = EXCLUDED.family_id, "
        "first_name = EXCLUDED.first_name, last_name = EXCLUDED.last_name, changed_at = EXCLUDED.changed_at "
        "WHERE children.changed_at IS NULL OR children.changed_at <= EXCLUDED.changed_at",
        {**child, "changed_at": changed_at},
    )


def anonymise_family(conn, family_id, name: str, changed_at) -> None:
    """Names erased; the number, the quotient and every amount stay (accounting)."""
    conn.execute(
        "UPDATE families SET display_name = %s, names_changed_at = greatest(names_changed_at, %s) WHERE id = %s",
        (f"Famille {name}", changed_at, family_id),
    )
    conn.execute(
        "UPDATE children SET first_name = %s, last_name = %s, changed_at = greatest(changed_at, %s) "
        "WHERE family_id = %s",
        (name, name, changed_at, family_id),
    )


def family_quotient(conn, family_id) -> int | None:
    row = conn.execute("SELECT quotient FROM families WHERE id = %s", (family_id,)).fetchone()
    return row["quotient"] if row else None


def insert_regie(conn, name: str) -> dict:
    return conn.execute(
        "INSERT INTO regies (id, name) VALUES (%s, %s) RETURNING id::text, name", (uuid.uuid4(), name)
    ).fetchone()


def regie_exists(conn, regie_id) -> bool:
    return conn.execute("SELECT 1 FROM regies WHERE id = %s", (regie_id,)).fetchone() is not None


def save_tariff(conn, tariff: dict) -> dict:
    """Insert the tariff, or replace the one of the same activity, unit and first day."""
    return conn.execute(
        "INSERT INTO tariffs (id, regie_id, activity_id, unit, rule, amount_cents, valid_from) "
        "VALUES (%(id)s, %(regie_id)s, %(activity_id)s, %(unit)s, %(rule)s, %(amount_cents)s, %(valid_from)s) "
        "ON CONFLICT (activity_id, unit, valid_from) DO UPDATE SET regie_id = EXCLUDED.regie_id, "
        "rule = EXCLUDED.rule, amount_cents = EXCLUDED.amount_cents "
        f"RETURNING {TARIFF_COLUMNS}",
        {**tariff, "id": uuid.uuid4()},
    ).fetchone()


def tariff_on(conn, activity_id, unit: str, day) -> dict | None:
    """The tariff of an activity's unit valid on `day`: the latest one starting on or before it."""
    return conn.execute(
        f"SELECT {TARIFF_COLUMNS} FROM tariffs WHERE activity_id = %s AND unit = %s AND valid_from <= %s "
        "ORDER BY valid_from DESC LIMIT 1",
        (activity_id, unit, day),
    ).fetchone()


def tariffs_between(conn, activity_ids: list, date_from, date_to) -> list[dict]:
    """The tariffs that apply to some day of [date_from, date_to]: those starting in the range and the
    latest one starting before it, per activity and unit."""
    return conn.execute(
        f"SELECT {TARIFF_COLUMNS} FROM tariffs t WHERE activity_id = ANY(%(activities)s) "
        "AND valid_from <= %(to)s AND valid_from >= coalesce((SELECT max(valid_from) FROM tariffs p "
        "    WHERE (p.activity_id, p.unit) = (t.activity_id, t.unit) AND p.valid_from <= %(from)s), '-infinity') "
        "ORDER BY activity_id, unit, valid_from",
        {"activities": list(activity_ids), "from": date_from, "to": date_to},
    ).fetchall()


CONSUMPTION_EVENT_COLUMNS = (
    "id::text AS consumption_id, booking_id::text, family_id::text, child_id::text, "
    "activity_id::text, to_char(date, 'YYYY-MM-DD') AS date, unit, amount_cents"
)

_INSERT_CONSUMPTION = (
    "INSERT INTO consumptions (id, booking_id, family_id, child_id, activity_id, activity_name, date, unit, "
    "quantity, unit_price_cents, amount_cents, regie_id, cancelled_at, booking_event_at) "
    "VALUES (%(id)s, %(booking_id)s, %(family_id)s, %(child_id)s, %(activity_id)s, %(activity_name)s, "
    "%(date)s, %(unit)s, %(quantity)s, %(unit_price_cents)s, %(amount_cents)s, %(regie_id)s, "
    "%(cancelled_at)s, %(booking_event_at)s) "
)


def record_consumption(conn, consumption: dict) -> dict | None:
    """Record the consumption of an accepted booking; a cancelled, uninvoiced one is revived if this
    acceptance is newer than its cancellation. Returns the recorded consumption, or None if nothing changed."""
    return conn.execute(
        _INSERT_CONSUMPTION
        + "ON CONFLICT (booking_id) DO UPDATE SET cancelled_at = NULL, "
        "unit_price_cents = EXCLUDED.unit_price_cents, amount_cents = EXCLUDED.amount_cents, "
        "quantity = EXCLUDED.quantity, regie_id = EXCLUDED.regie_id, booking_event_at = EXCLUDED.booking_event_at "
        "WHERE consumptions.cancelled_at IS NOT NULL AND consumptions.invoice_id IS NULL "
        "AND consumptions.booking_event_at < EXCLUDED.booking_event_at "
        f"RETURNING {CONSUMPTION_EVENT_COLUMNS}",
        {**consumption, "id": uuid.uuid4(), "cancelled_at": None},
    ).fetchone()


def cancel_consumption(conn, consumption: dict, cancelled_at) -> str:
    """Cancel the consumption of a booking unless invoiced. A cancellation that arrives before the
    acceptance leaves a cancelled row (priced 0) that the older acceptance will not revive.
    Returns what happened: `cancelled`, `invoiced`, or `unchanged`."""
    row = conn.execute(
        _INSERT_CONSUMPTION
        + "ON CONFLICT (booking_id) DO UPDATE SET cancelled_at = EXCLUDED.cancelled_at, "
        "booking_event_at = EXCLUDED.booking_event_at "
        "WHERE consumptions.cancelled_at IS NULL AND consumptions.invoice_id IS NULL "
        "AND consumptions.booking_event_at < EXCLUDED.booking_event_at "
        "RETURNING id",
        {**consumption, "id": uuid.uuid4(), "quantity": 1, "unit_price_cents": 0, "amount_cents": 0,
         "regie_id": None, "cancelled_at": cancelled_at},
    ).fetchone()
    if row:
        return "cancelled"
    invoiced = conn.execute(
        "SELECT 1 FROM consumptions WHERE booking_id = %s AND invoice_id IS NOT NULL",
        (consumption["booking_id"],),
    ).fetchone()
    return "invoiced" if invoiced else "unchanged"


def uninvoiced_cents(conn, family_id) -> int:
    return conn.execute(
        "SELECT COALESCE(sum(amount_cents), 0)::int AS total FROM consumptions "
        "WHERE family_id = %s AND cancelled_at IS NULL AND invoice_id IS NULL",
        (family_id,),
    ).fetchone()["total"]


def consumption_lines(conn, family_id, first_day, next_first_day) -> list[dict]:
    """The family's uncancelled consumptions dated in [first_day, next_first_day), by date."""
    return conn.execute(
        "SELECT to_char(c.date, 'YYYY-MM-DD') AS date, COALESCE(ch.first_name, '') AS child, "
        "c.activity_name AS activity, c.unit, c.unit_price_cents, c.quantity, c.amount_cents "
        "FROM consumptions c LEFT JOIN children ch ON ch.id = c.child_id "
        "WHERE c.family_id = %s AND c.cancelled_at IS NULL AND c.date >= %s AND c.date < %s "
        "ORDER BY c.date, child, c.activity_name, c.unit",
        (family_id, first_day, next_first_day),
    ).fetchall()
