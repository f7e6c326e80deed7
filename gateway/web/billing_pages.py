"""The parents' account pages: "Mon compte", "Relevé de compte" by school year, "Historique des
consommations" by month, "Historique des règlements", "Attestations" (tax attestations as PDF)."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask import g, render_template, request
from flask_babel import get_locale, lazy_gettext as _l

from gateway import calls
from gateway.api.documents import file_response
from gateway.web import bp

OPERATION_KINDS = {"invoice": _l("Facture"), "payment": _l("Règlement"), "credit_note": _l("Avoir")}
PAYMENT_METHODS = {"cheque": _l("chèque"), "cash": _l("espèces"), "cesu": _l("CESU"),
                   "direct_debit": _l("prélèvement"), "card": _l("carte bancaire"), "transfer": _l("virement")}
SCHOOL_YEARS_SHOWN = 5


def _month_label(month: str) -> str:
    return format_date(date.fromisoformat(f"{month}-01"), "MMMM yyyy", locale=str(get_locale()))


@bp.get("/account")
def my_account():
    return render_template("account_balance.html", account=calls.account(g.caller))


@bp.get("/statement")
def statement():
    current = calls.school_year_of(calls.today())
    first = int(current.split("-")[0])
    years = [f"{year}-{year + 1}" for year in range(first, first - SCHOOL_YEARS_SHOWN, -1)]
    school_year = request.args.get("school_year") or current
    return render_template("statement.html", statement=calls.statement(g.caller, school_year),
                           school_year=school_year, school_years=years, kinds=OPERATION_KINDS,
                           methods=PAYMENT_METHODS)


@bp.get("/consumptions")
def consumptions():
    months = calls.consumption_months(g.caller)
    month = request.args.get("month") or (months[0] if months else calls.today().strftime("%Y-%m"))
    return render_template("consumptions.html", history=calls.consumptions(g.caller, month), month=month,
                           months=months, month_label=_month_label)


@bp.get("/attestations")
def attestations():
    return render_template("attestations.html", attestations=calls.attestations(g.caller))


@bp.get("/attestations/<int:year>/pdf")
def attestation_pdf(year):
    return file_response({**calls.attestation_pdf(g.caller, year), "content_type": "application/pdf"})
