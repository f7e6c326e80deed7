"""Payments: recorded by staff or online through provider plugins, applied exactly once.

An online payment is written `pending` before the parent leaves for the bank; only the provider's
notification (or, for providers that allow it, polling the bank) gives it a result — never the page
the parent comes back to. Every notification, trusted or not, is kept in `payment_notifications`.
"""
from __future__ import annotations

import logging
from datetime import timedelta
from uuid import uuid4

from nameko.rpc import rpc
from nameko.timer import timer

from services.billing import ledger
from services.billing.payments import applying, providers, schemas, storage
from services.billing.payments.providers import payfip
from services.chassis import config, plugins
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load

log = logging.getLogger(__name__)

_staff_payment = schemas.StaffPaymentSchema()
_online_payment = schemas.OnlinePaymentSchema()
_family = schemas.FamilyQuerySchema()
_online_id = schemas.OnlinePaymentIdSchema()
CHECK_SECONDS = 60
PURPOSE_LABELS = {"invoices": "Factures", "balance": "Solde du compte", "wallet": "Rechargement porte-monnaie"}


def below_minimum(minimum: int) -> ServiceError:
    euros = f"{minimum // 100},{minimum % 100:02d} €"
    return ServiceError("amount_below_minimum", f"Le paiement en ligne est possible à partir de {euros}.",
                        {"minimum_cents": minimum}, 422)


def provider_unavailable() -> ServiceError:
    return ServiceError("provider_unavailable",
                        "Le service de paiement ne répond pas pour le moment. Réessayez plus tard.", {}, 503)


class PaymentRpc:
    # Staff ----------------------------------------------------------------------------------------

    @rpc
    def record_payment(self, caller, payload):
        """A cheque, cash, CESU, direct debit or transfer received by staff, allocated at once."""
        caller = caller_from(caller)
        caller.require_staff()
        data = load(_staff_payment, payload)
        with self.db.transaction() as conn:
            if not storage.family_exists(conn, data["family_id"]):
                raise not_found("family")
            if storage.regie(conn, data["regie_id"]) is None:
                raise invalid({"fields": {"regie_id": ["Régie inconnue."]}})
            payment_id = storage.insert_payment(conn, {**data, "recorded_by": caller.user_id, **{
                key: (data[key] or "").strip() or None for key in ("piece_number", "payer", "bank")}})
            ledger.settle(conn, data["family_id"], data["regie_id"])
            ledger.publish_balance(self.db, conn, data["family_id"], self.clock.today())
            payment = storage.payment(conn, payment_id)
            self.db.emit(conn, "payment.received", applying.received_event(payment, None), subject=payment_id)
            return payment

    @rpc
    def list_payments(self, caller, family_id):
        """The family's payment history, newest first, with the invoices each payment went to."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            return storage.payments_of(conn, family_id)

    @rpc
    def list_mismatched_payments(self, caller):
        """Online payments whose bank result did not match our record: not applied, for staff to look at."""
        caller_from(caller).require_staff()
        with self.db.transaction() as conn:
            return [_online_view(row) | {"family_name": row["family_name"], "family_number": row["family_number"],
                                         "result": row["result"]}
                    for row in storage.mismatched(conn)]

    # Online ---------------------------------------------------------------------------------------

    @rpc
    def start_online_payment(self, caller, family_id, payload):
        """→ `{id, status: pending, redirect_url, ...}`: where the parent pays."""
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        data = load(_online_payment, payload)
        provider = providers.configured()
        now = self.clock.now()
        with self.db.transaction() as conn:
            online = self._new_online_payment(conn, caller, family_id, data, provider.name, now)
            regie = storage.regie(conn, online["regie_id"])
        try:
            started = provider.start(online, regie, providers.links(provider.name, online["id"]))
        except (providers.ProviderUnavailable, payfip.InvalidRequest) as exc:
            log.error("online payment %s could not start at %s: %s", online["id"], provider.name, exc)
            with self.db.transaction() as conn:
                storage.finish_online_payment(conn, online["id"], "cancelled", {"error": str(exc)}, now)
            raise provider_unavailable() from None
        with self.db.transaction() as conn:
            storage.set_reference(conn, online["id"], started.reference)
            return _online_view(storage.online_payment(conn, online["id"])) | {"redirect_url": started.redirect_url}

    def _new_online_payment(self, conn, caller, family_id, data, provider: str, now) -> dict:
        if data.get("invoice_ids"):
            purpose, regie_id, amount, invoice_ids, label = self._invoices_to_pay(conn, family_id, data["invoice_ids"])
        else:
            purpose = data.get("purpose") or "balance"
            regie_id, amount, invoice_ids = data.get("regie_id") or data.get("regie"), data["amount_cents"], []
            label = PURPOSE_LABELS[purpose]
        regie = storage.regie(conn, regie_id)
        if regie is None:
            raise invalid({"fields": {"regie_id": ["Régie inconnue."]}})
        if purpose == "wallet" and not regie["prepaid"]:
            raise ServiceError("not_prepaid", "Cette régie n'a pas de porte-monnaie.", {}, 422)
        if purpose == "balance":
            due = storage.due_at_regie(conn, family_id, regie_id)
            if amount > due:
                raise ServiceError("amount_above_balance", "Le montant dépasse ce qui reste à payer.",
                                   {"due_cents": due}, 422)
        if amount < regie["minimum_payment_cents"]:
            raise below_minimum(regie["minimum_payment_cents"])
        online_id = uuid4()
        storage.insert_online_payment(conn, {
            "id": online_id, "family_id": family_id, "regie_id": regie_id, "provider": provider,
            "purpose": purpose, "invoice_ids": invoice_ids, "amount_cents": amount, "email": data["email"],
            "created_by": caller.user_id, "created_at": now,
            "expires_at": now + timedelta(minutes=config.get_int("PAYMENT_EXPIRY_MINUTES")),
        })
        return {**storage.online_payment(conn, online_id), "label": f"{regie['name']} {label}"}

    @staticmethod
    def _invoices_to_pay(conn, family_id, invoice_ids):
        """The family's own unpaid invoices of one régie → (purpose, régie, amount, ids, label)."""
        wanted = set(invoice_ids)
        invoices = storage.invoices_due(conn, family_id, wanted)
        if len(invoices) != len(wanted):
            raise not_found("invoice")
        if any(invoice["due_cents"] <= 0 for invoice in invoices):
            raise ServiceError("invoice_paid", "Une des factures choisies est déjà payée.",
                               {"invoice_ids": [str(i["invoice_id"]) for i in invoices if i["due_cents"] <= 0]}, 409)
        if len({invoice["regie_id"] for invoice in invoices}) > 1:
            raise ServiceError("several_regies", "Les factures choisies dépendent de régies différentes : "
                               "payez-les séparément.", {}, 422)
        label = "Factures " + " ".join(invoice["number"] for invoice in invoices)
        return ("invoices", invoices[0]["regie_id"], sum(i["due_cents"] for i in invoices),
                [invoice["invoice_id"] for invoice in invoices], label)

    @rpc
    def payment_options(self, caller, family_id):
        """What the family may pay online: `{invoices: [unpaid, oldest first], regies: [{regie_id, regie,
        due_cents, minimum_payment_cents, prepaid}]}`."""
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            invoices = storage.unpaid_invoices(conn, family_id)
            regies = storage.regies_of(conn, family_id)
        return {
            "invoices": [{"id": str(i["id"]), "number": i["number"], "regie_id": str(i["regie_id"]),
                          "regie": i["regie"], "issued_on": i["issued_on"].isoformat(),
                          "due_on": i["due_on"].isoformat(), "total_cents": i["total_cents"],
                          "due_cents": i["due_cents"]} for i in invoices],
            "regies": [{**row, "regie_id": str(row["regie_id"]), "due_cents": int(row["due_cents"])}
                       for row in regies],
        }

    @rpc
    def get_online_payment(self, caller, online_payment_id):
        """An online payment of the caller's family (404 otherwise): what the return page shows."""
        caller = caller_from(caller)
        query = load(_online_id, {"online_payment_id": online_payment_id})
        with self.db.transaction() as conn:
            online = storage.online_payment(conn, query["online_payment_id"])
            if online is None:
                raise not_found("payment")
            caller.require_family(str(online["family_id"]))
            return _online_view(online) | {"invoice_numbers": storage.invoice_numbers(conn, online["invoice_ids"])}

    @rpc
    def payment_notification(self, provider_name, body, headers):
        """What a provider posted to `/payments/notify/<provider>` (no caller: the bank). Refused and
        logged when it cannot be trusted; applied once otherwise → `{status}` of the payment."""
        body, headers = str(body or ""), dict(headers or {})
        now = self.clock.now()
        provider = providers.named(provider_name)
        if provider is None:
            raise not_found("provider")
        try:
            notice = provider.verify(body, headers)
        except providers.Forged as exc:
            log.warning("forged %s notification refused: %s", provider_name, exc)
            self._log_notification(provider_name, None, now, False, "forged", body)
            raise ServiceError("invalid_notification", "Notification refusée.", {}, 403) from None
        with self.db.transaction() as conn:
            online = storage.online_payment_by_reference(conn, provider_name, notice.reference)
        if online is None:
            self._log_notification(provider_name, None, now, True, "unknown_payment", body)
            raise not_found("payment")
        return {"status": self._settle_online(provider, online["id"], notice.result, body, now)}

    def _settle_online(self, provider, online_id, result, body: str | None, now) -> str:
        """Ask the bank when the result is not given (outside any transaction), then apply it under
        the payment's row lock; a notification (`body`; None when polling) is logged in the same
        transaction."""
        if result is None:
            with self.db.transaction() as conn:
                online = storage.online_payment(conn, online_id)
                regie = storage.regie(conn, online["regie_id"])
            if online["status"] not in applying.OPEN:
                result = providers.Result(outcome="pending")
            else:
                try:
                    result = provider.fetch_result(online, regie)
                except providers.ProviderUnavailable as exc:
                    log.error("could not check online payment %s: %s", online_id, exc)
                    if body is not None:
                        self._log_notification(provider.name, online_id, now, True, "unchecked", body)
                    raise provider_unavailable() from None
        with self.db.transaction() as conn:
            online = storage.online_payment(conn, online_id, lock=True)
            outcome = applying.apply_result(self.db, conn, online, result, now)
            if body is not None:
                storage.log_notification(conn, provider.name, online_id, now, True, outcome, body)
            if outcome == "mismatch":
                log.error("online payment %s: the bank's result does not match (%s), left for staff",
                          online_id, result.details)
            return storage.online_payment(conn, online_id)["status"]

    def _log_notification(self, provider, online_id, now, verified, outcome, body) -> None:
        with self.db.transaction() as conn:
            storage.log_notification(conn, provider, online_id, now, verified, outcome, body)

    @timer(interval=CHECK_SECONDS)
    def check_online_payments(self):
        """Pending payments without news expire (`payment.failed`); those of providers that can be
        asked are polled for PAYMENT_POLL_HOURS, in case their notification never came."""
        now = self.clock.now()
        with self.db.transaction() as conn:
            for online in storage.expire_pending(conn, now):
                self.db.emit(conn, "payment.failed", applying.failed_event(online, "expired"),
                             subject=str(online["id"]))
        since = now - timedelta(hours=config.get_int("PAYMENT_POLL_HOURS"))
        for name, provider in plugins.installed(providers.GROUP).items():
            if not provider.polls:
                continue
            with self.db.transaction() as conn:
                waiting = storage.to_poll(conn, name, since)
            for online in waiting:
                try:
                    self._settle_online(provider, online["id"], None, None, now)
                except ServiceError:
                    continue  # the bank did not answer: the next round asks again


def _online_view(row: dict) -> dict:
    return {"id": str(row["id"]), "family_id": str(row["family_id"]), "regie_id": str(row["regie_id"]),
            "regie": row["regie"], "provider": row["provider"], "purpose": row["purpose"],
            "invoice_ids": [str(i) for i in row["invoice_ids"]], "amount_cents": row["amount_cents"],
            "email": row["email"], "status": row["status"], "created_at": row["created_at"].isoformat(),
            "completed_at": row["completed_at"].isoformat() if row["completed_at"] else None}

