"""What a result of the bank does to an online payment, exactly once.

The caller holds the online payment's row lock (`FOR UPDATE`): concurrent notifications of the same
payment queue there, and only the first finds it still open (pending, or expired: money the bank
took late is still money received). `payments.online_payment_id` is UNIQUE as a second guard.
"""
from __future__ import annotations

from services.billing import ledger
from services.billing.payments import storage
from services.billing.payments.providers import Result
from services.billing.wallets import storage as wallets
from services.chassis.clock import PARIS

OPEN = ("pending", "expired")


def apply_result(db, conn, online: dict, result: Result, now) -> str:
    """Apply `result` to the locked `online` payment → what happened: `applied`, `failed`,
    `mismatch`, `pending` (no result yet) or `duplicate` (the payment already had its result)."""
    if online["status"] not in OPEN:
        return "duplicate"
    if result.outcome == "pending":
        return "pending"
    details = {**result.details, "amount_cents": result.amount_cents}
    if result.outcome == "mismatch" or (result.outcome == "paid" and result.amount_cents != online["amount_cents"]):
        storage.finish_online_payment(conn, online["id"], "mismatch", details, now)
        return "mismatch"
    if result.outcome != "paid":
        storage.finish_online_payment(conn, online["id"], result.outcome, details, now)
        db.emit(conn, "payment.failed", failed_event(online, result.outcome), subject=str(online["id"]))
        return "failed"
    storage.finish_online_payment(conn, online["id"], "paid", details, now)
    receive(db, conn, online, result, now)
    return "applied"


def receive(db, conn, online: dict, result: Result, now) -> str:
    today = now.astimezone(PARIS).date()
    to_wallet = online["purpose"] == "wallet"
    payment_id = storage.insert_payment(conn, {
        "family_id": online["family_id"], "regie_id": online["regie_id"], "method": "card",
        "amount_cents": online["amount_cents"], "received_on": today,
        "piece_number": result.piece_number or online["provider_reference"], "payer": online["email"],
        "online_payment_id": online["id"], "to_wallet": to_wallet,
    })
    if to_wallet:
        wallets.add_movement(conn, {"family_id": online["family_id"], "regie_id": online["regie_id"],
                                    "kind": "top_up", "amount_cents": online["amount_cents"],
                                    "payment_id": payment_id, "label": "Rechargement en ligne", "at": now})
    else:
        _pay_chosen_invoices(conn, online, payment_id)
        ledger.settle(conn, online["family_id"], online["regie_id"])
        ledger.publish_balance(db, conn, online["family_id"], today)
    db.emit(conn, "payment.received", received_event(storage.payment(conn, payment_id), online["email"]),
            subject=payment_id)
    return payment_id


def _pay_chosen_invoices(conn, online: dict, payment_id) -> None:
    """The invoices the parent chose get the money first (what they still ask for now); the rest
    follows the ledger's rule, oldest unpaid first."""
    if not online["invoice_ids"]:
        return
    ledger.lock_family(conn, online["family_id"], online["regie_id"])
    left = online["amount_cents"]
    for invoice in storage.invoices_due(conn, online["family_id"], online["invoice_ids"]):
        amount = min(left, invoice["due_cents"])
        if amount > 0:
            storage.allocate(conn, payment_id, invoice["invoice_id"], amount)
            left -= amount


def received_event(payment: dict, email: str | None) -> dict:
    return {key: payment[key] for key in ("family_id", "regie_id", "method", "amount_cents", "received_on",
                                          "online_payment_id")} | {"payment_id": payment["id"], "email": email}


def failed_event(online: dict, status: str) -> dict:
    return {"online_payment_id": str(online["id"]), "family_id": str(online["family_id"]),
            "regie_id": str(online["regie_id"]), "amount_cents": online["amount_cents"], "status": status}
