"""SQL of the wallets: a wallet is the sum of its movements (top-ups positive, bookings negative).

A booking's debit is dated on the booked day: the balance counts the movements up to now, the
estimated cost the debits of booked days still to come (up to a chosen date)."""
from __future__ import annotations

from datetime import datetime, time
from uuid import uuid4

from services.chassis.clock import PARIS


def day_start(day) -> datetime:
    return datetime.combine(day, time.min, tzinfo=PARIS)


def is_prepaid(conn, regie_id) -> bool:
    row = conn.execute("SELECT prepaid FROM regies WHERE id = %s", (regie_id,)).fetchone()
    return bool(row and row["prepaid"])


def add_movement(conn, data: dict) -> None:
    conn.execute(
        "INSERT INTO wallet_movements (id, family_id, regie_id, kind, amount_cents, booking_id, payment_id, label, at) "
        "VALUES (%(id)s, %(family_id)s, %(regie_id)s, %(kind)s, %(amount_cents)s, %(booking_id)s, %(payment_id)s, "
        "%(label)s, %(at)s)",
        {"booking_id": None, "payment_id": None, "label": None, **data, "id": uuid4()},
    )


def booking_outstanding(conn, booking_id) -> int:
    """The sum of a booking's movements (negative while it is debited), under a lock on the booking so
    two changes of one booking queue."""
    conn.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", (f"wallet-booking:{booking_id}",))
    return conn.execute("SELECT coalesce(sum(amount_cents), 0)::integer AS outstanding FROM wallet_movements "
                        "WHERE booking_id = %s", (booking_id,)).fetchone()["outstanding"]


def booking_debit(conn, booking_id) -> dict:
    """The booking's latest debit (its family, régie, date and label)."""
    return conn.execute("SELECT family_id, regie_id, amount_cents, at, label FROM wallet_movements "
                        "WHERE booking_id = %s AND kind = 'booking' ORDER BY at DESC, id DESC LIMIT 1",
                        (booking_id,)).fetchone()


def wallets(conn, family_id, now, until) -> list[dict]:
    """Every prepaid régie, with the family's balance now and the debits of booked days to come."""
    return conn.execute(
        "SELECT r.id AS regie_id, r.name AS regie, "
        "  coalesce(sum(m.amount_cents) FILTER (WHERE m.at <= %(now)s), 0)::bigint AS balance_cents, "
        "  (-coalesce(sum(m.amount_cents) FILTER (WHERE m.at > %(now)s AND m.at < %(after)s), 0))::bigint "
        "    AS estimated_cost_cents "
        "FROM regies r LEFT JOIN wallet_movements m ON m.regie_id = r.id AND m.family_id = %(family)s "
        "WHERE r.prepaid GROUP BY r.id, r.name ORDER BY r.name",
        {"now": now, "after": until, "family": family_id},
    ).fetchall()


def movements(conn, family_id, regie_id, limit: int = 100) -> list[dict]:
    return conn.execute(
        "SELECT kind, amount_cents, label, at FROM wallet_movements WHERE family_id = %s AND regie_id = %s "
        "ORDER BY at DESC LIMIT %s", (family_id, regie_id, limit)).fetchall()
