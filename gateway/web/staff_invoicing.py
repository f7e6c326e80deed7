"""Staff pages of invoicing: start a run for a régie and a month, follow its progress, resume it; find
a family's invoices and correct one with a credit note."""
from __future__ import annotations

from datetime import timedelta

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.schemas import StaffFamilyQuery
from gateway.web import bp as web
from gateway.web import done, form_data
from gateway.web.invoices import STATUSES
from gateway.web.payments import cents_of
from gateway.web.staff_reservations import problem
from services.chassis.errors import ServiceError

bp = Blueprint("staff_invoicing", __name__, url_prefix="/staff/invoicing")
bp.before_request(auth.require_staff)  # after the web guard: the session is known

RUN_FIELDS = ("regie_id", "period_start", "period_end", "issued_on", "due_on")


def _runs_page(form: dict | None = None, problem_text: str | None = None, status: int = 200):
    last_month = (calls.today().replace(day=1) - timedelta(days=1)).strftime("%Y-%m")
    first, last = calls.month_bounds(last_month)  # the month usually invoiced
    return render_template("staff/invoicing.html", runs=calls.invoicing_runs(g.caller), regies=calls.regies(g.caller),
                           form=form or {"period_start": first, "period_end": last}, problem=problem_text), status


@bp.get("")
def runs():
    return _runs_page()


@bp.post("/runs")
def start_run():
    form = form_data(*RUN_FIELDS)
    payload = {key: value for key, value in form.items() if value is not None}
    try:
        run = calls.start_invoicing_run(g.caller, payload)
    except ServiceError as exc:
        return _runs_page(form, problem(exc), int(exc.status))
    return done(_("Facturation lancée."), "web.staff_invoicing.run", run_id=run["id"])


@bp.get("/runs/<uuid:run_id>")
def run(run_id):
    return render_template("staff/invoicing_run.html", run=calls.invoicing_run(g.caller, run_id))


@bp.post("/runs/<uuid:run_id>/resume")
def resume_run(run_id):
    try:
        calls.resume_invoicing_run(g.caller, run_id)
    except ServiceError as exc:
        return render_template("staff/invoicing_run.html", run=calls.invoicing_run(g.caller, run_id),
                               problem=problem(exc)), int(exc.status)
    return done(_("Facturation reprise."), "web.staff_invoicing.run", run_id=run_id)


@bp.get("/invoices")
def invoices():
    try:
        family_id = StaffFamilyQuery().load(request.args)["family_id"]
    except ValidationError:
        family_id = None
    found = calls.invoices(g.caller, None, family_id) if family_id else []
    return render_template("staff/invoicing_invoices.html", family_id=family_id, invoices=found, statuses=STATUSES)


def _invoice_page(invoice_id: str, form: dict | None = None, problem_text: str | None = None, status: int = 200):
    return render_template("staff/invoicing_invoice.html", invoice=calls.invoice(g.caller, invoice_id),
                           statuses=STATUSES, form=form or {}, problem=problem_text), status


@bp.get("/invoices/<uuid:invoice_id>")
def invoice(invoice_id):
    return _invoice_page(invoice_id)


@bp.post("/invoices/<uuid:invoice_id>/credit-notes")
def issue_credit_note(invoice_id):
    form = form_data("amount", "reason")
    amount_cents = cents_of(form["amount"])
    if amount_cents is None:
        return _invoice_page(invoice_id, form, _("Indiquez un montant en euros, par exemple 12,50."), 422)
    try:
        calls.issue_credit_note(g.caller, invoice_id, {"amount_cents": amount_cents, "reason": form["reason"] or ""})
    except ServiceError as exc:
        return _invoice_page(invoice_id, form, problem(exc), int(exc.status))
    return done(_("Avoir émis."), "web.staff_invoicing.invoice", invoice_id=invoice_id)


web.register_blueprint(bp)
