"""The ledger every area of billing shares: document numbers, what each invoice still asks for, how
money is allocated, and the family's balance (published as `balance.changed`).

Money is allocated to the oldest unpaid invoices first (by issue date, then number); what a payment
has not allocated is the family's credit at that régie and goes to the next invoices. Wallet top-ups
(`payments.to_wallet`) stay in the wallet and never pay invoices.
"""
from __future__ import annotations

from datetime import date

INVOICE_STATUSES = ("unpaid", "partly_paid", "paid")


def take_number(conn, regie_id, kind: str) -> int:
    """The next number of the régie's sequence of `kind` ('invoice' or 'credit_note'). Call it in the
    transaction that inserts the document: the row stays locked until commit (concurrent runs queue),
    and a rollback gives the number back, so numbers have no gaps."""
    return take_numbers(conn, regie_id, kind, 1)[0]


def take_numbers(conn, regie_id, kind: str, count: int) -> list[int]:
    """The next `count` numbers at once (an invoicing run numbers a group of invoices), same rules."""
    if count == 0:
        return []
    last = conn.execute(
        "INSERT INTO document_sequences (regie_id, kind, last_number) VALUES (%s, %s, %s) "
        "ON CONFLICT (regie_id, kind) DO UPDATE "
        "SET last_number = document_sequences.last_number + EXCLUDED.last_number "
        "RETURNING last_number",
        (regie_id, kind, count),
    ).fetchone()["last_number"]
    return list(range(last - count + 1, last + 1))


def invoice_status(paid_cents: int, credited_cents: int, due_cents: int) -> str:
    if due_cents <= 0:
        return "paid"
    return "partly_paid" if paid_cents + credited_cents > 0 else "unpaid"


def lock_family(conn, family_id, regie_id) -> None:
    """Serialises the money movements of one family at one régie (allocation reads then writes)."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"ledger:{family_id}:{regie_id}",))


def settle_many(conn, family_ids: list, regie_id) -> None:
    """`settle` for several families at one régie (an invoicing run's group): their locks in one
    round trip (in order, so two callers cannot deadlock), then `settle` only for the families with
    money to allocate or an overpaid invoice; for the others there is nothing to do."""
    families = sorted(str(family_id) for family_id in family_ids)
    conn.execute(
        "SELECT pg_advisory_xact_lock(hashtextextended('ledger:' || f || ':' || %s, 0)) "
        "FROM unnest(%s::text[]) AS f ORDER BY f",
        (str(regie_id), families),
    )
    rows = conn.execute(
        "SELECT p.family_id::text FROM payments p WHERE p.family_id = ANY(%(families)s::uuid[]) "
        "AND p.regie_id = %(regie)s AND NOT p.to_wallet AND p.amount_cents > "
        "(SELECT coalesce(sum(a.amount_cents), 0) FROM payment_allocations a WHERE a.payment_id = p.id) "
        "UNION SELECT family_id::text FROM invoice_balances WHERE family_id = ANY(%(families)s::uuid[]) "
        "AND regie_id = %(regie)s AND due_cents < 0 AND paid_cents > 0",
        {"families": families, "regie": regie_id},
    ).fetchall()
    for row in rows:
        settle(conn, row["family_id"], regie_id)


def settle(conn, family_id, regie_id) -> None:
    """Make the allocations right after any change of invoices, credit notes or payments of a family at
    a régie: first give back what a credit note made an invoice overpaid (newest allocations first),
    then allocate the free money, oldest payments first, to the oldest unpaid invoices."""
    lock_family(conn, family_id, regie_id)
    overpaid = conn.execute(
        "SELECT invoice_id, -due_cents AS excess FROM invoice_balances "
        "WHERE family_id = %s AND regie_id = %s AND due_cents < 0 AND paid_cents > 0",
        (family_id, regie_id),
    ).fetchall()
    for invoice in overpaid:
        _release(conn, invoice["invoice_id"], invoice["excess"])

    free = conn.execute(
        "SELECT p.id, p.amount_cents - coalesce(sum(a.amount_cents), 0) AS free_cents "
        "FROM payments p LEFT JOIN payment_allocations a ON a.payment_id = p.id "
        "WHERE p.family_id = %s AND p.regie_id = %s AND NOT p.to_wallet "
        "GROUP BY p.id HAVING p.amount_cents > coalesce(sum(a.amount_cents), 0) "
        "ORDER BY p.received_on, p.created_at, p.id",
        (family_id, regie_id),
    ).fetchall()
    if not free:
        return
    unpaid = conn.execute(
        "SELECT invoice_id, due_cents FROM invoice_balances "
        "WHERE family_id = %s AND regie_id = %s AND due_cents > 0 ORDER BY issued_on, sequence_number",
        (family_id, regie_id),
    ).fetchall()
    payments = [[row["id"], row["free_cents"]] for row in free]
    for invoice in unpaid:
        due = invoice["due_cents"]
        for payment in payments:
            if due == 0:
                break
            amount = min(due, payment[1])
            if amount == 0:
                continue
            conn.execute(
                "INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (%s, %s, %s) "
                "ON CONFLICT (payment_id, invoice_id) DO UPDATE "
                "SET amount_cents = payment_allocations.amount_cents + EXCLUDED.amount_cents",
                (payment[0], invoice["invoice_id"], amount),
            )
            payment[1] -= amount
            due -= amount


def _release(conn, invoice_id, excess: int) -> None:
    allocations = conn.execute(
        "SELECT payment_id, amount_cents FROM payment_allocations WHERE invoice_id = %s "
        "ORDER BY allocated_at DESC, payment_id DESC",
        (invoice_id,),
    ).fetchall()
    for allocation in allocations:
        if excess == 0:
            return
        taken = min(excess, allocation["amount_cents"])
        if taken == allocation["amount_cents"]:
            conn.execute("DELETE FROM payment_allocations WHERE payment_id = %s AND invoice_id = %s",
                         (allocation["payment_id"], invoice_id))
        else:
            conn.execute("UPDATE payment_allocations SET amount_cents = amount_cents - %s "
                         "WHERE payment_id = %s AND invoice_id = %s",
                         (taken, allocation["payment_id"], invoice_id))
        excess -= taken


def balance(conn, family_id, today: date) -> dict:
    """`{family_id, due_cents, credit_cents, balance_cents, overdue_cents, in_debt}` over every régie:
    due = what issued invoices still ask for; credit = money received and not allocated (wallets
    apart); balance = credit − due (negative: the family owes); overdue = due of invoices past their
    due date; in debt = something is overdue."""
    return balances(conn, [family_id], today)[0]


def balances(conn, family_ids: list, today: date) -> list[dict]:
    """`balance` of several families in one query (an invoicing run publishes thousands), in order."""
    rows = conn.execute(
        "SELECT f.id::text AS family_id, d.due_cents, d.overdue_cents, "
        "  (coalesce((SELECT sum(p.amount_cents) FROM payments p WHERE p.family_id = f.id AND NOT p.to_wallet), 0)"
        "   - coalesce((SELECT sum(a.amount_cents) FROM payment_allocations a JOIN payments q ON q.id = a.payment_id"
        "               WHERE q.family_id = f.id AND NOT q.to_wallet), 0))::bigint AS credit_cents "
        "FROM unnest(%(families)s::uuid[]) WITH ORDINALITY AS f (id, position) "
        "CROSS JOIN LATERAL (SELECT "
        "  coalesce(sum(b.due_cents) FILTER (WHERE b.due_cents > 0), 0)::bigint AS due_cents, "
        "  coalesce(sum(b.due_cents) FILTER (WHERE b.due_cents > 0 AND b.due_on < %(today)s), 0)::bigint "
        "    AS overdue_cents "
        "  FROM invoice_balances b WHERE b.family_id = f.id) d "
        "ORDER BY f.position",
        {"families": [str(family_id) for family_id in family_ids], "today": today},
    ).fetchall()
    result = []
    for row in rows:
        due, overdue, credit = int(row["due_cents"]), int(row["overdue_cents"]), int(row["credit_cents"])
        result.append({"family_id": row["family_id"], "due_cents": due, "credit_cents": credit,
                       "balance_cents": credit - due, "overdue_cents": overdue, "in_debt": overdue > 0})
    return result


def publish_balance(db, conn, family_id, today: date) -> dict:
    """Emit `balance.changed` with the family's balance, in the transaction that changed it."""
    return publish_balances(db, conn, [family_id], today)[0]


def publish_balances(db, conn, family_ids: list, today: date) -> list[dict]:
    """`publish_balance` for several families, in three round trips."""
    data = balances(conn, family_ids, today)
    _remember_published(conn, data)
    db.emit_many(conn, [("balance.changed", balance_, balance_["family_id"]) for balance_ in data])
    return data


def _remember_published(conn, data: list[dict]) -> None:
    """What other services now know of the families' debts: the account's periodic review publishes
    only what time changed since (an invoice falling overdue). The rows stay locked until commit, taken
    in one order (family id) so that concurrent publications cannot deadlock."""
    conn.execute(
        "INSERT INTO published_balances (family_id, in_debt, overdue_cents, published_at) "
        "SELECT family_id, in_debt, overdue_cents, now() "
        "FROM unnest(%s::uuid[], %s::boolean[], %s::bigint[]) AS t (family_id, in_debt, overdue_cents) "
        "ORDER BY family_id ON CONFLICT (family_id) DO UPDATE SET in_debt = EXCLUDED.in_debt, "
        "overdue_cents = EXCLUDED.overdue_cents, published_at = EXCLUDED.published_at",
        ([b["family_id"] for b in data], [b["in_debt"] for b in data], [b["overdue_cents"] for b in data]),
    )
