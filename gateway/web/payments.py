"""Parent pages of payments: "Paiement" (choose invoices or the whole balance → summary → the
provider's page → the return page), "Porte-monnaie", and the sandbox's pretend bank.

The return page only shows what billing knows: the bank's notification, never this page, applies a
payment. The sandbox bank (PAYMENT_PROVIDER=sandbox only) posts its signed notification to the public
notify endpoint over HTTP, as a real bank would, then sends the parent back — or not ("never come back").
"""
from __future__ import annotations

import logging
from datetime import timedelta

import requests
from flask import abort, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from gateway import calls
from gateway.rpc import ServiceUnavailable
from gateway.schemas import IsoDate, QuerySchema, UuidString
from gateway.web import bp
from services.billing.payments.providers import sandbox
from services.chassis import config
from services.chassis.errors import ServiceError

log = logging.getLogger(__name__)

OUTCOMES = {
    "pending": _l("Votre paiement est en attente de la confirmation de la banque. Cette page se met à jour "
                  "toute seule ; vous recevrez un reçu par courriel."),
    "paid": _l("Paiement accepté. Merci ! Un reçu vous est envoyé par courriel."),
    "refused": _l("La banque a refusé le paiement. Rien n'a été débité."),
    "cancelled": _l("Vous avez annulé le paiement. Rien n'a été débité."),
    "expired": _l("Le paiement n'a pas été confirmé à temps : il est abandonné. Rien n'a été débité."),
    "mismatch": _l("Le montant confirmé par la banque ne correspond pas : la régie vérifie votre paiement "
                   "et reviendra vers vous."),
}
PURPOSES = {"invoices": _l("Factures"), "balance": _l("Solde du compte"), "wallet": _l("Rechargement du porte-monnaie")}
BANK_ACTIONS = ("paid", "refused", "cancelled", "gone")


class ChoiceQuery(QuerySchema):
    invoice_ids = fields.List(UuidString())
    regie_id = UuidString()
    purpose = fields.String(validate=validate.OneOf(("invoices", "balance", "wallet")))
    amount = fields.String(validate=validate.Length(max=12))
    email = fields.String(validate=validate.Length(max=80))


def _choice() -> dict:
    try:
        return ChoiceQuery().load({**request.values.to_dict(), "invoice_ids": request.values.getlist("invoice_ids")})
    except ValidationError:
        return {}


def cents_of(euros: str | None) -> int | None:
    """`"45,50"` or `"45.5"` → 4550; None when it is not an amount."""
    text = (euros or "").strip().replace("€", "").replace(" ", "").replace(",", ".")
    try:
        whole, _dot, part = text.partition(".")
        if not whole.isdigit() or (part and (not part.isdigit() or len(part) > 2)):
            return None
        return int(whole) * 100 + int((part or "0").ljust(2, "0"))
    except ValueError:
        return None


def _email() -> str:
    try:
        return calls.me(g.caller).get("email") or ""
    except (ServiceError, ServiceUnavailable):
        return ""


def _payload(choice: dict) -> dict:
    """What the summary sends to billing; the wallet and balance amounts come from the form."""
    if choice.get("purpose", "invoices") == "invoices":
        return {"invoice_ids": choice.get("invoice_ids") or [], "email": choice.get("email", "")}
    return {"amount_cents": cents_of(choice.get("amount")) or 0, "regie_id": choice.get("regie_id"),
            "purpose": choice.get("purpose") or "balance", "email": choice.get("email", "")}


@bp.get("/payments/new")
def payment_new():
    options = calls.payment_options(g.caller)
    choice = _choice()
    return render_template("payments_new.html", options=options, chosen=set(choice.get("invoice_ids") or []),
                           email=choice.get("email") or _email())


@bp.get("/payments/summary")
def payment_summary():
    return _summary(_choice())


def _summary(choice: dict, problem: str | None = None, status: int = 200):
    options = calls.payment_options(g.caller)
    payload = _payload(choice)
    invoices = [i for i in options["invoices"] if i["id"] in set(payload.get("invoice_ids") or [])]
    regie = next((r for r in options["regies"] if r["regie_id"] == payload.get("regie_id")), None)
    if "invoice_ids" in payload:
        total = sum(invoice["due_cents"] for invoice in invoices)
        if not invoices:
            problem, status = problem or _("Choisissez au moins une facture à payer."), 422
    else:
        total = payload["amount_cents"]
        if regie is None or not total:
            problem, status = problem or _("Choisissez une régie et un montant."), 422
    return render_template("payments_summary.html", choice=choice, payload=payload, invoices=invoices,
                           regie=regie, total=total, purposes=PURPOSES, problem=problem), status


@bp.post("/payments")
def payment_start():
    choice = _choice()
    try:
        started = calls.start_online_payment(g.caller, _payload(choice))
    except ServiceError as exc:
        return _summary(choice, exc.message, int(exc.status) if int(exc.status) != 404 else 422)
    return redirect(started["redirect_url"])


@bp.get("/payments/<uuid:online_payment_id>/return")
def payment_return(online_payment_id):
    payment = calls.online_payment(g.caller, str(online_payment_id))
    return render_template("payments_return.html", payment=payment, outcome=OUTCOMES[payment["status"]],
                           purposes=PURPOSES)


@bp.get("/payments/history")
def payment_history():
    return render_template("payments_history.html", payments=calls.payments(g.caller))


# --- porte-monnaie --------------------------------------------------------------------------------

class WalletsQuery(QuerySchema):
    until = IsoDate()


@bp.get("/wallets")
def wallets():
    try:
        until = WalletsQuery().load(request.args).get("until")
    except ValidationError:
        until = None
    until = until or (calls.today() + timedelta(days=30)).isoformat()
    return render_template("wallets.html", wallets=calls.wallets(g.caller, until), until=until, email=_email())


# --- the sandbox bank -----------------------------------------------------------------------------

def _sandbox_payment(online_payment_id) -> dict:
    if config.get("PAYMENT_PROVIDER") != "sandbox":
        abort(404)
    return calls.online_payment(g.caller, str(online_payment_id))


@bp.get("/sandbox-bank/<uuid:online_payment_id>")
def sandbox_bank(online_payment_id):
    return render_template("sandbox_bank.html", payment=_sandbox_payment(online_payment_id))


@bp.post("/sandbox-bank/<uuid:online_payment_id>")
def sandbox_bank_answer(online_payment_id):
    payment = _sandbox_payment(online_payment_id)
    action = request.form.get("action")
    if action not in BANK_ACTIONS:
        abort(400)
    if action == "gone":  # the parent closed the tab: no notification, no return; the payment expires
        return render_template("sandbox_bank_gone.html", payment=payment)
    body, headers = sandbox.notification(payment["id"], action, payment["amount_cents"])
    try:
        requests.post(f"{config.get('PUBLIC_URL').rstrip('/')}/api/v1/payments/notify/sandbox", data=body,
                      headers=headers, timeout=10)
    except requests.RequestException:
        log.exception("the sandbox bank could not notify payment %s", payment["id"])
    return redirect(url_for("web.payment_return", online_payment_id=payment["id"]))
