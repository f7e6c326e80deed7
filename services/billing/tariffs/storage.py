"""SQL of régies and tariffs. Functions take a psycopg connection (rows as dicts) and never commit."""
from __future__ import annotations

import uuid

from psycopg.types.json import Jsonb

REGIE_COLUMNS = (
    "id::text, name, code, due_days, minimum_payment_cents, prepaid, payfip_numcli, payment_instructions"
)
TARIFF_COLUMNS = (
    "id::text, regie_id::text, activity_id::text, unit, rule, category, amount_cents, parameters, "
    "sibling_reductions, to_char(valid_from, 'YYYY-MM-DD') AS valid_from"
)
REGIE_FIELDS = ("name", "code", "due_days", "minimum_payment_cents", "prepaid", "payfip_numcli",
                "payment_instructions")
TARIFF_FIELDS = ("regie_id", "activity_id", "unit", "rule", "category", "amount_cents", "parameters",
                 "sibling_reductions", "valid_from")


def insert_regie(conn, regie: dict) -> dict:
    columns = [field for field in REGIE_FIELDS if field in regie]
    return conn.execute(
        f"INSERT INTO regies (id, {', '.join(columns)}) VALUES (%(id)s, {', '.join(f'%({c})s' for c in columns)}) "
        f"RETURNING {REGIE_COLUMNS}",
        {**regie, "id": uuid.uuid4()},
    ).fetchone()


def update_regie(conn, regie_id, changes: dict) -> dict | None:
    columns = [field for field in REGIE_FIELDS if field in changes]
    if not columns:
        return regie(conn, regie_id)
    return conn.execute(
        f"UPDATE regies SET {', '.join(f'{c} = %({c})s' for c in columns)} WHERE id = %(regie_id)s "
        f"RETURNING {REGIE_COLUMNS}",
        {**changes, "regie_id": regie_id},
    ).fetchone()


def regie(conn, regie_id) -> dict | None:
    return conn.execute(f"SELECT {REGIE_COLUMNS} FROM regies WHERE id = %s", (regie_id,)).fetchone()


def regie_code_taken(conn, code: str, other_than=None) -> bool:
    return conn.execute(
        "SELECT 1 FROM regies WHERE code = %s AND id IS DISTINCT FROM %s", (code, other_than)
    ).fetchone() is not None


def list_regies(conn) -> list[dict]:
    return conn.execute(f"SELECT {REGIE_COLUMNS} FROM regies ORDER BY name, id").fetchall()


def _tariff_params(tariff: dict) -> dict:
    return {**tariff, "parameters": Jsonb(tariff.get("parameters") or {}),
            "sibling_reductions": list(tariff.get("sibling_reductions") or [])}


def save_tariff(conn, tariff: dict, now) -> dict:
    """Insert the tariff, or replace the one of the same activity, unit and first day."""
    return conn.execute(
        "INSERT INTO tariffs (id, regie_id, activity_id, unit, rule, category, amount_cents, parameters, "
        "sibling_reductions, valid_from) VALUES (%(id)s, %(regie_id)s, %(activity_id)s, %(unit)s, %(rule)s, "
        "%(category)s, %(amount_cents)s, %(parameters)s, %(sibling_reductions)s, %(valid_from)s) "
        "ON CONFLICT (activity_id, unit, valid_from) DO UPDATE SET regie_id = EXCLUDED.regie_id, "
        "rule = EXCLUDED.rule, category = EXCLUDED.category, amount_cents = EXCLUDED.amount_cents, "
        "parameters = EXCLUDED.parameters, sibling_reductions = EXCLUDED.sibling_reductions, "
        "updated_at = %(now)s "
        f"RETURNING {TARIFF_COLUMNS}",
        {**_tariff_params(tariff), "id": uuid.uuid4(), "now": now},
    ).fetchone()


def lock_tariff(conn, tariff_id) -> dict | None:
    return conn.execute(f"SELECT {TARIFF_COLUMNS} FROM tariffs WHERE id = %s FOR UPDATE", (tariff_id,)).fetchone()


def update_tariff(conn, tariff_id, tariff: dict, now) -> dict:
    return conn.execute(
        "UPDATE tariffs SET regie_id = %(regie_id)s, activity_id = %(activity_id)s, unit = %(unit)s, "
        "rule = %(rule)s, category = %(category)s, amount_cents = %(amount_cents)s, parameters = %(parameters)s, "
        "sibling_reductions = %(sibling_reductions)s, valid_from = %(valid_from)s, updated_at = %(now)s "
        f"WHERE id = %(tariff_id)s RETURNING {TARIFF_COLUMNS}",
        {**_tariff_params(tariff), "tariff_id": tariff_id, "now": now},
    ).fetchone()


def tariff_taken(conn, tariff: dict, other_than) -> bool:
    """Another tariff already starts that day for the same activity and unit."""
    return conn.execute(
        "SELECT 1 FROM tariffs WHERE activity_id = %s AND unit = %s AND valid_from = %s AND id <> %s",
        (tariff["activity_id"], tariff["unit"], tariff["valid_from"], other_than),
    ).fetchone() is not None


def list_tariffs(conn, regie_id=None, activity_id=None) -> list[dict]:
    return conn.execute(
        f"SELECT {TARIFF_COLUMNS} FROM tariffs WHERE (%(regie)s::uuid IS NULL OR regie_id = %(regie)s) "
        "AND (%(activity)s::uuid IS NULL OR activity_id = %(activity)s) "
        "ORDER BY activity_id, unit, valid_from",
        {"regie": regie_id, "activity": activity_id},
    ).fetchall()


def tariffs_of(conn, activity_ids=None) -> list[dict]:
    """Every tariff of those activities (all of them if None), by activity, unit and first day."""
    return conn.execute(
        f"SELECT {TARIFF_COLUMNS} FROM tariffs WHERE %(all)s OR activity_id = ANY(%(activities)s) "
        "ORDER BY activity_id, unit, valid_from",
        {"all": activity_ids is None, "activities": [str(a) for a in activity_ids or []]},
    ).fetchall()


def tariff_on(conn, activity_id, unit: str, day) -> dict | None:
    """The tariff of an activity's unit valid on `day`: the latest one starting on or before it."""
    return conn.execute(
        f"SELECT {TARIFF_COLUMNS} FROM tariffs WHERE activity_id = %s AND unit = %s AND valid_from <= %s "
        "ORDER BY valid_from DESC LIMIT 1",
        (activity_id, unit, day),
    ).fetchone()


def regie_of_activity_on(conn, activity_id, day) -> str | None:
    """The régie of any tariff of the activity valid on `day` (an outing without a tariff of its own)."""
    row = conn.execute(
        "SELECT regie_id::text FROM tariffs WHERE activity_id = %s AND valid_from <= %s "
        "ORDER BY valid_from DESC, unit LIMIT 1",
        (activity_id, day),
    ).fetchone()
    return row["regie_id"] if row else None


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


def attach_consumptions(conn, tariff: dict) -> int:
    """Give the tariff's régie to the uninvoiced consumptions of the days it governs (from its first
    day to the next tariff's), so bookings recorded before their tariff are invoiced too; outings of
    the activity without a tariff of their own and without a régie get it as well."""
    return conn.execute(
        "UPDATE consumptions c SET regie_id = %(regie)s WHERE c.invoice_id IS NULL "
        "AND c.activity_id = %(activity)s AND c.date >= %(from)s "
        "AND (c.unit = %(unit)s AND c.date < coalesce((SELECT min(valid_from) FROM tariffs n "
        "      WHERE n.activity_id = %(activity)s AND n.unit = %(unit)s AND n.valid_from > %(from)s), 'infinity') "
        "     OR c.regie_id IS NULL AND c.outing_price_cents IS NOT NULL) "
        "AND c.regie_id IS DISTINCT FROM %(regie)s",
        {"regie": tariff["regie_id"], "activity": tariff["activity_id"], "unit": tariff["unit"],
         "from": tariff["valid_from"]},
    ).rowcount
