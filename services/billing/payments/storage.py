"""SQL of payments: money received, its allocations, online payments and their notifications."""
from __future__ import annotations

from uuid import uuid4

from psycopg.types.json import Jsonb

ONLINE_COLUMNS = ("o.id, o.family_id, o.regie_id, r.name AS regie, o.provider, o.purpose, o.invoice_ids, "
                  "o.amount_cents, o.email, o.status, o.provider_reference, o.result, o.created_at, "
                  "o.expires_at, o.completed_at")


def regie(conn, regie_id) -> dict | None:
    return conn.execute("SELECT id, name, minimum_payment_cents, prepaid, payfip_numcli FROM regies WHERE id = %s",
                        (regie_id,)).fetchone()


def family_exists(conn, family_id) -> bool:
    return conn.execute("SELECT 1 FROM families WHERE id = %s", (family_id,)).fetchone() is not None


def invoices_due(conn, family_id, invoice_ids) -> list[dict]:
    """The family's invoices among `invoice_ids`, with what each still asks for (others are absent)."""
    return conn.execute(
        "SELECT b.invoice_id, i.number, b.regie_id, b.due_cents FROM invoice_balances b "
        "JOIN invoices i ON i.id = b.invoice_id WHERE b.family_id = %s AND b.invoice_id = ANY(%s) "
        "ORDER BY b.issued_on, b.sequence_number",
        (family_id, list(invoice_ids)),
    ).fetchall()


def due_at_regie(conn, family_id, regie_id) -> int:
    return int(conn.execute(
        "SELECT coalesce(sum(due_cents), 0) AS due FROM invoice_balances "
        "WHERE family_id = %s AND regie_id = %s AND due_cents > 0",
        (family_id, regie_id),
    ).fetchone()["due"])


def unpaid_invoices(conn, family_id) -> list[dict]:
    return conn.execute(
        "SELECT i.id, i.number, i.regie_id, r.name AS regie, i.issued_on, i.due_on, i.total_cents, b.due_cents "
        "FROM invoice_balances b JOIN invoices i ON i.id = b.invoice_id JOIN regies r ON r.id = i.regie_id "
        "WHERE b.family_id = %s AND b.due_cents > 0 ORDER BY i.issued_on, i.sequence_number",
        (family_id,),
    ).fetchall()


def regies_of(conn, family_id) -> list[dict]:
    """The régies the family owes something to, and every prepaid one (its wallet may be topped up)."""
    return conn.execute(
        "SELECT r.id AS regie_id, r.name AS regie, r.minimum_payment_cents, r.prepaid, "
        "  coalesce((SELECT sum(b.due_cents) FROM invoice_balances b WHERE b.regie_id = r.id "
        "            AND b.family_id = %(family)s AND b.due_cents > 0), 0)::bigint AS due_cents "
        "FROM regies r WHERE r.prepaid OR EXISTS (SELECT 1 FROM invoice_balances b WHERE b.regie_id = r.id "
        "  AND b.family_id = %(family)s AND b.due_cents > 0) ORDER BY r.name",
        {"family": family_id},
    ).fetchall()


def insert_payment(conn, data: dict) -> str:
    payment_id = uuid4()
    conn.execute(
        "INSERT INTO payments (id, family_id, regie_id, method, amount_cents, received_on, piece_number, payer, "
        "bank, online_payment_id, to_wallet, recorded_by) "
        "VALUES (%(id)s, %(family_id)s, %(regie_id)s, %(method)s, %(amount_cents)s, %(received_on)s, "
        "%(piece_number)s, %(payer)s, %(bank)s, %(online_payment_id)s, %(to_wallet)s, %(recorded_by)s)",
        {"online_payment_id": None, "to_wallet": False, "recorded_by": None, "piece_number": None, "payer": None,
         "bank": None, **data, "id": payment_id},
    )
    return str(payment_id)


def allocate(conn, payment_id, invoice_id, amount_cents: int) -> None:
    conn.execute("INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (%s, %s, %s)",
                 (payment_id, invoice_id, amount_cents))


_PAYMENTS = (
    "SELECT p.id, p.family_id, p.regie_id, r.name AS regie, p.method, p.amount_cents, p.received_on, "
    "p.piece_number, p.payer, p.bank, p.online_payment_id, p.to_wallet, p.created_at, "
    "coalesce(jsonb_agg(jsonb_build_object('invoice_id', a.invoice_id, 'number', i.number, "
    "  'amount_cents', a.amount_cents) ORDER BY i.issued_on, i.sequence_number) "
    "  FILTER (WHERE a.invoice_id IS NOT NULL), '[]') AS allocations "
    "FROM payments p JOIN regies r ON r.id = p.regie_id "
    "LEFT JOIN payment_allocations a ON a.payment_id = p.id LEFT JOIN invoices i ON i.id = a.invoice_id "
)


def payments_of(conn, family_id) -> list[dict]:
    return [_payment_view(row) for row in conn.execute(
        _PAYMENTS + "WHERE p.family_id = %s GROUP BY p.id, r.name ORDER BY p.received_on DESC, p.created_at DESC",
        (family_id,)).fetchall()]


def payment(conn, payment_id) -> dict:
    return _payment_view(conn.execute(_PAYMENTS + "WHERE p.id = %s GROUP BY p.id, r.name", (payment_id,)).fetchone())


def _payment_view(row: dict) -> dict:
    allocated = sum(allocation["amount_cents"] for allocation in row["allocations"])
    return {**{key: str(row[key]) if row[key] is not None else None
               for key in ("id", "family_id", "regie_id", "online_payment_id")},
            "regie": row["regie"], "method": row["method"], "amount_cents": row["amount_cents"],
            "received_on": row["received_on"].isoformat(), "piece_number": row["piece_number"],
            "payer": row["payer"], "bank": row["bank"], "to_wallet": row["to_wallet"],
            "allocations": row["allocations"],
            "unallocated_cents": 0 if row["to_wallet"] else row["amount_cents"] - allocated}


# Online payments ----------------------------------------------------------------------------------

def insert_online_payment(conn, data: dict) -> None:
    conn.execute(
        "INSERT INTO online_payments (id, family_id, regie_id, provider, purpose, invoice_ids, amount_cents, "
        "email, status, created_by, created_at, expires_at) VALUES (%(id)s, %(family_id)s, %(regie_id)s, "
        "%(provider)s, %(purpose)s, %(invoice_ids)s, %(amount_cents)s, %(email)s, 'pending', %(created_by)s, "
        "%(created_at)s, %(expires_at)s)",
        data,
    )


def set_reference(conn, online_payment_id, reference: str) -> None:
    conn.execute("UPDATE online_payments SET provider_reference = %s WHERE id = %s", (reference, online_payment_id))


def online_payment(conn, online_payment_id, lock: bool = False) -> dict | None:
    return conn.execute(
        f"SELECT {ONLINE_COLUMNS} FROM online_payments o JOIN regies r ON r.id = o.regie_id WHERE o.id = %s"
        + (" FOR UPDATE OF o" if lock else ""), (online_payment_id,)).fetchone()


def online_payment_by_reference(conn, provider: str, reference: str) -> dict | None:
    return conn.execute(
        f"SELECT {ONLINE_COLUMNS} FROM online_payments o JOIN regies r ON r.id = o.regie_id "
        "WHERE o.provider = %s AND o.provider_reference = %s", (provider, reference)).fetchone()


def finish_online_payment(conn, online_payment_id, status: str, result: dict | None, now) -> None:
    conn.execute("UPDATE online_payments SET status = %s, result = %s, completed_at = %s WHERE id = %s",
                 (status, Jsonb(result) if result is not None else None, now, online_payment_id))


def log_notification(conn, provider: str, online_payment_id, now, verified: bool, outcome: str, body: str) -> None:
    conn.execute(
        "INSERT INTO payment_notifications (provider, online_payment_id, received_at, verified, outcome, body) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (provider, online_payment_id, now, verified, outcome, body[:10_000]),
    )


def expire_pending(conn, now) -> list[dict]:
    """Pending payments past their time, marked expired (skipping rows another worker holds)."""
    return conn.execute(
        "UPDATE online_payments SET status = 'expired', completed_at = %(now)s WHERE id IN ("
        "  SELECT id FROM online_payments WHERE status = 'pending' AND expires_at <= %(now)s "
        "  FOR UPDATE SKIP LOCKED) "
        "RETURNING id, family_id, regie_id, amount_cents, status",
        {"now": now},
    ).fetchall()


def to_poll(conn, provider: str, since) -> list[dict]:
    """Payments of a polling provider still without a result, created after `since`."""
    return conn.execute(
        "SELECT id FROM online_payments WHERE provider = %s AND status IN ('pending', 'expired') "
        "AND provider_reference IS NOT NULL AND created_at >= %s ORDER BY created_at",
        (provider, since),
    ).fetchall()


def mismatched(conn) -> list[dict]:
    return conn.execute(
        f"SELECT {ONLINE_COLUMNS}, f.display_name AS family_name, f.number AS family_number "
        "FROM online_payments o JOIN regies r ON r.id = o.regie_id LEFT JOIN families f ON f.id = o.family_id "
        "WHERE o.status = 'mismatch' ORDER BY o.completed_at DESC",
    ).fetchall()


def invoice_numbers(conn, invoice_ids) -> list[str]:
    return [row["number"] for row in conn.execute(
        "SELECT number FROM invoices WHERE id = ANY(%s) ORDER BY issued_on, sequence_number",
        (list(invoice_ids),)).fetchall()]
