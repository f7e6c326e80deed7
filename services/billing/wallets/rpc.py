"""Prepaid wallets (porte-monnaie) of the régies run prepaid: topped up online (a payment with
`to_wallet`), debited by bookings (`movements.py`)."""
from __future__ import annotations

from datetime import timedelta

from nameko.rpc import rpc

from services.billing.wallets import schemas, storage
from services.chassis.errors import ServiceError
from services.chassis.identity import caller_from
from services.chassis.schemas import load

_query = schemas.WalletsQuerySchema()
DEFAULT_DAYS = 30


class WalletRpc:
    @rpc
    def list_wallets(self, caller, family_id, until=None):
        """`[{regie_id, regie, balance_cents, estimated_cost_cents, estimated_balance_cents, until}]` for
        every prepaid régie: the balance now (top-ups less the booked days up to today), the cost of the
        booked days after today up to `until` (default: in 30 days), and what would be left then."""
        family_id = caller_from(caller).require_family(family_id)
        query = load(_query, {"family_id": family_id, "until": until})
        today = self.clock.today()
        until = query["until"] or today + timedelta(days=DEFAULT_DAYS)
        if until < today:
            raise ServiceError("invalid_input", "La date doit être aujourd'hui ou plus tard.",
                               {"fields": {"until": ["Date passée."]}}, 422)
        with self.db.transaction() as conn:
            rows = storage.wallets(conn, family_id, self.clock.now(), storage.day_start(until + timedelta(days=1)))
        return [{"regie_id": str(row["regie_id"]), "regie": row["regie"], "balance_cents": int(row["balance_cents"]),
                 "estimated_cost_cents": int(row["estimated_cost_cents"]),
                 "estimated_balance_cents": int(row["balance_cents"] - row["estimated_cost_cents"]),
                 "until": until.isoformat()} for row in rows]
