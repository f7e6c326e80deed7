"""SQL of the family's account: its statement, its consumption months, and what billing last published
of its debt status."""
from __future__ import annotations

# Every movement of the account, as the statement shows it. Wallet top-ups stay out: they are the
# wallet's money, not the account's (as in `ledger.balance`).
_OPERATIONS = """
    SELECT i.issued_on AS day, 'invoice' AS kind, i.number AS reference, r.name AS regie, NULL AS method,
           i.total_cents AS debit_cents, 0 AS credit_cents, i.created_at AS at
    FROM invoices i JOIN regies r ON r.id = i.regie_id WHERE i.family_id = %(family)s
    UNION ALL
    SELECT p.received_on, 'payment', p.piece_number, r.name, p.method, 0, p.amount_cents, p.created_at
    FROM payments p JOIN regies r ON r.id = p.regie_id WHERE p.family_id = %(family)s AND NOT p.to_wallet
    UNION ALL
    SELECT n.issued_on, 'credit_note', n.number, r.name, NULL, 0, n.amount_cents, n.created_at
    FROM credit_notes n JOIN regies r ON r.id = n.regie_id WHERE n.family_id = %(family)s
"""


def balance_before(conn, family_id, day) -> int:
    """Credits − debits of every operation dated before `day` (negative: the family owed)."""
    return conn.execute(
        f"SELECT coalesce(sum(credit_cents - debit_cents), 0)::bigint AS balance FROM ({_OPERATIONS}) o "
        "WHERE day < %(day)s",
        {"family": family_id, "day": day},
    ).fetchone()["balance"]


def operations_between(conn, family_id, first_day, last_day) -> list[dict]:
    return conn.execute(
        "SELECT to_char(day, 'YYYY-MM-DD') AS date, kind, reference, regie, method, "
        f"debit_cents::bigint AS debit_cents, credit_cents::bigint AS credit_cents FROM ({_OPERATIONS}) o "
        "WHERE day BETWEEN %(first)s AND %(last)s ORDER BY day, at, kind, reference",
        {"family": family_id, "first": first_day, "last": last_day},
    ).fetchall()


def uninvoiced_cents(conn, family_id) -> int:
    """What the family's billable consumptions not invoiced yet amount to."""
    return conn.execute(
        "SELECT coalesce(sum(amount_cents), 0)::int AS total FROM consumptions "
        "WHERE family_id = %s AND billable AND invoice_id IS NULL",
        (family_id,),
    ).fetchone()["total"]


def consumption_lines(conn, family_id, first_day, next_first_day) -> list[dict]:
    """The family's billable consumptions dated in [first_day, next_first_day), by date."""
    return conn.execute(
        "SELECT to_char(c.date, 'YYYY-MM-DD') AS date, coalesce(ch.first_name, '') AS child, "
        "c.activity_name AS activity, c.unit, c.unit_price_cents, c.quantity, c.amount_cents "
        "FROM consumptions c LEFT JOIN children ch ON ch.id = c.child_id "
        "WHERE c.family_id = %s AND c.billable AND c.date >= %s AND c.date < %s "
        "ORDER BY c.date, child, c.activity_name, c.unit",
        (family_id, first_day, next_first_day),
    ).fetchall()


def consumption_months(conn, family_id) -> list[str]:
    """The months (`YYYY-MM`) in which the family has consumptions, newest first."""
    rows = conn.execute(
        "SELECT DISTINCT to_char(date, 'YYYY-MM') AS month FROM consumptions "
        "WHERE family_id = %s AND billable ORDER BY month DESC",
        (family_id,),
    ).fetchall()
    return [row["month"] for row in rows]


# Debt status: what the daily review compares with.

def families_to_review(conn, today) -> list[str]:
    """Families whose debt status may have changed with time: those with an invoice past its due date
    still unpaid, and those last published as owing something overdue."""
    rows = conn.execute(
        "SELECT family_id::text FROM invoice_balances WHERE due_cents > 0 AND due_on < %s "
        "UNION SELECT family_id::text FROM published_balances WHERE in_debt OR overdue_cents > 0",
        (today,),
    ).fetchall()
    return [row["family_id"] for row in rows]


def lock_published(conn, family_id, now) -> dict:
    """The family's last published debt status, locked until commit so that a money transaction of the
    family (`ledger.publish_balance` writes this row) and another billing process wait for us. A family
    never published counts as not in debt, as reservations reads a family it never heard of."""
    conn.execute(
        "INSERT INTO published_balances (family_id, in_debt, overdue_cents, published_at) "
        "VALUES (%s, false, 0, %s) ON CONFLICT (family_id) DO NOTHING",
        (family_id, now),
    )
    return conn.execute(
        "SELECT in_debt, overdue_cents FROM published_balances WHERE family_id = %s FOR UPDATE", (family_id,)
    ).fetchone()
