"""How consumptions move the wallets of prepaid régies. Called by the consumption handlers in the
transaction that records or cancels a consumption.

`consumption` holds at least `booking_id`, `family_id`, `regie_id`, `date` and `amount_cents`
(`activity_name` for the label). A booking's movements add up to its debit while it is billable and
to zero once it is not: a redelivered change moves nothing, a booking accepted again after its
cancellation is debited again."""
from __future__ import annotations

from datetime import date

from services.billing.wallets import storage


def on_consumption_recorded(conn, consumption: dict) -> None:
    """A consumption of a prepaid régie was recorded: debit the family's wallet, dated on the booked day."""
    if not consumption.get("regie_id") or not storage.is_prepaid(conn, consumption["regie_id"]):
        return
    amount = int(consumption.get("amount_cents") or 0)
    if amount <= 0 or storage.booking_outstanding(conn, consumption["booking_id"]) != 0:
        return
    day = consumption["date"]
    day = date.fromisoformat(day) if isinstance(day, str) else day
    storage.add_movement(conn, {
        "family_id": consumption["family_id"], "regie_id": consumption["regie_id"], "kind": "booking",
        "amount_cents": -amount, "booking_id": consumption["booking_id"],
        "label": consumption.get("activity_name"), "at": storage.day_start(day),
    })


def on_consumption_cancelled(conn, consumption: dict) -> None:
    """A consumption of a prepaid régie stopped being billable: give its debit back, on the same date,
    so a cancelled day to come leaves neither the balance nor the estimate."""
    outstanding = storage.booking_outstanding(conn, consumption["booking_id"])
    if outstanding >= 0:
        return
    debit = storage.booking_debit(conn, consumption["booking_id"])
    storage.add_movement(conn, {
        "family_id": debit["family_id"], "regie_id": debit["regie_id"], "kind": "refund",
        "amount_cents": -outstanding, "booking_id": consumption["booking_id"],
        "label": debit["label"], "at": debit["at"],
    })
