"""Parent pages: "Mes factures" (by status, with the PDF and a link to pay) and one invoice's lines."""
from __future__ import annotations

from flask import g, render_template, request
from flask_babel import lazy_gettext as _l
from marshmallow import ValidationError, fields, validate

from gateway import calls
from gateway.api.documents import file_response
from gateway.schemas import QuerySchema
from gateway.web import bp

STATUSES = {"unpaid": _l("À payer"), "partly_paid": _l("Payée en partie"), "paid": _l("Payée")}


class InvoicesPageQuery(QuerySchema):
    status = fields.String(validate=validate.OneOf(("unpaid", "paid")))


@bp.get("/invoices")
def invoices():
    try:
        status = InvoicesPageQuery().load(request.args).get("status")
    except ValidationError:
        status = None
    found = calls.invoices(g.caller, status)
    unpaid_ids = [invoice["id"] for invoice in found if invoice["status"] != "paid"]
    return render_template("invoices.html", invoices=found, status=status, statuses=STATUSES, unpaid_ids=unpaid_ids)


@bp.get("/invoices/<uuid:invoice_id>")
def invoice(invoice_id):
    return render_template("invoices_detail.html", invoice=calls.invoice(g.caller, invoice_id), statuses=STATUSES)


@bp.get("/invoices/<uuid:invoice_id>/pdf")
def invoice_pdf(invoice_id):
    return file_response({**calls.invoice_pdf(g.caller, invoice_id), "content_type": "application/pdf"})
