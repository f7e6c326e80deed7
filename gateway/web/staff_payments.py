"""Staff pages of payments: record a cheque, cash, CESU, direct debit or transfer for a family, see its
payments, and the online payments the bank's result did not match (not applied)."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.schemas import StaffFamilyQuery
from gateway.web import bp as web
from gateway.web import done, form_data
from gateway.web.payments import cents_of
from gateway.web.staff_reservations import problem
from services.chassis.errors import ServiceError

bp = Blueprint("staff_payments", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)  # after the web guard: the session is known

FIELDS = ("family_id", "regie_id", "method", "amount", "received_on", "piece_number", "payer", "bank")


def _family_id() -> str | None:
    try:
        return StaffFamilyQuery().load(request.values)["family_id"]
    except ValidationError:
        return None


def _page(family_id: str | None, form: dict | None = None, problem_text: str | None = None, status: int = 200):
    options = calls.payment_options(g.caller, family_id) if family_id else {"regies": [], "invoices": []}
    payments = calls.payments(g.caller, family_id) if family_id else []
    return render_template("staff/payments.html", family_id=family_id, options=options, payments=payments,
                           form=form or {"received_on": calls.today().isoformat()}, problem=problem_text,
                           today=calls.today().isoformat()), status


@bp.get("/payments")
def payments():
    return _page(_family_id())


@bp.post("/payments")
def record_payment():
    form = form_data(*FIELDS)
    payload = {key: form[key] for key in FIELDS if key != "amount"} | {"amount_cents": cents_of(form["amount"])}
    try:
        calls.record_payment(g.caller, payload)
    except ServiceError as exc:
        return _page(_family_id(), form, problem(exc), int(exc.status))
    return done(_("Règlement enregistré."), "web.staff_payments.payments", family_id=form["family_id"])


@bp.get("/payments/mismatched")
def mismatched():
    return render_template("staff/payments_mismatched.html", payments=calls.mismatched_payments(g.caller))


web.register_blueprint(bp)
