"""SQL of the tax attestations: what a family paid for the care of its young children, per year.

The rule: a payment counts in the calendar year it was received; of each part of it allocated to an
invoice, each child gets the invoice's care share for that child (care lines of the child ÷ invoice
total). Meals and other lines are not childcare; wallet top-ups and unallocated credit are not sums
paid for an invoice yet. Only children under 6 on 1 January of the year count (a child without a
known birth date does not). Amounts are summed exactly, then rounded to the cent per child.
"""
from __future__ import annotations

_PAID_FOR_CARE = """
    WITH care AS (
        SELECT invoice_id, child_id, sum(amount_cents) AS care_cents FROM invoice_lines
        WHERE category = 'care' AND child_id IS NOT NULL GROUP BY invoice_id, child_id
    ), shares AS (
        SELECT p.family_id, extract(year FROM p.received_on)::int AS year, c.child_id,
               a.amount_cents::numeric * c.care_cents / i.total_cents AS paid
        FROM payments p
        JOIN payment_allocations a ON a.payment_id = p.id
        JOIN invoices i ON i.id = a.invoice_id AND i.total_cents > 0
        JOIN care c ON c.invoice_id = i.id AND c.care_cents > 0
        JOIN children ch ON ch.id = c.child_id
        WHERE NOT p.to_wallet AND {where}
          AND ch.birth_date > make_date(extract(year FROM p.received_on)::int - 6, 1, 1)
    )
    SELECT family_id::text, year, child_id::text, round(sum(paid))::bigint AS amount_cents
    FROM shares GROUP BY family_id, year, child_id
"""


def paid_for_care(conn, family_id, year: int | None = None) -> list[dict]:
    """`[{year, child_id, first_name, last_name, birth_date, amount_cents}]` of the family, by year
    (newest first) then child, for every year (or the one given)."""
    where = "p.family_id = %(family)s" + (
        " AND p.received_on >= make_date(%(year)s, 1, 1) AND p.received_on < make_date(%(year)s + 1, 1, 1)"
        if year is not None else "")
    return conn.execute(
        "SELECT s.year, s.child_id, ch.first_name, ch.last_name, to_char(ch.birth_date, 'YYYY-MM-DD') AS birth_date, "
        f"s.amount_cents FROM ({_PAID_FOR_CARE.format(where=where)}) s JOIN children ch ON ch.id = s.child_id::uuid "
        "WHERE s.amount_cents > 0 ORDER BY s.year DESC, ch.birth_date, ch.first_name",
        {"family": family_id, "year": year},
    ).fetchall()


def families_paid_in(conn, year: int) -> list[str]:
    """The families that have an attestation for `year` (something paid for eligible care)."""
    where = "p.received_on >= make_date(%(year)s, 1, 1) AND p.received_on < make_date(%(year)s + 1, 1, 1)"
    rows = conn.execute(
        f"SELECT DISTINCT family_id FROM ({_PAID_FOR_CARE.format(where=where)}) s WHERE amount_cents > 0 "
        "ORDER BY family_id",
        {"year": year},
    ).fetchall()
    return [row["family_id"] for row in rows]


def announce(conn, family_id, year: int, now) -> bool:
    """Mark the attestation announced; False if it already was (by this process or another)."""
    return conn.execute(
        "INSERT INTO announced_attestations (family_id, year, announced_at) VALUES (%s, %s, %s) "
        "ON CONFLICT DO NOTHING",
        (family_id, year, now),
    ).rowcount == 1


def family_header(conn, family_id) -> dict:
    row = conn.execute("SELECT number, display_name FROM families WHERE id = %s", (family_id,)).fetchone()
    return row or {"number": "", "display_name": ""}


def regies_paid_in(conn, family_id, year: int) -> list[str]:
    rows = conn.execute(
        "SELECT DISTINCT r.name FROM payments p JOIN regies r ON r.id = p.regie_id "
        "WHERE p.family_id = %s AND NOT p.to_wallet AND extract(year FROM p.received_on) = %s ORDER BY r.name",
        (family_id, year),
    ).fetchall()
    return [row["name"] for row in rows]
