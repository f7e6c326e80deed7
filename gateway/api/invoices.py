"""A family's invoices: list (by status), one invoice with its lines and credit notes, its PDF."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from marshmallow import fields, validate

from gateway import calls
from gateway.api.documents import file_response
from gateway.schemas import FamilyQuery

bp = Blueprint("invoices", __name__)


class InvoicesQuery(FamilyQuery):
    # `unpaid`: everything still to pay, in whole or in part.
    status = fields.String(validate=validate.OneOf(("unpaid", "partly_paid", "paid")))


@bp.get("/invoices")
def invoices():
    query = InvoicesQuery().load(request.args)
    return jsonify(calls.invoices(g.caller, query.get("status"), query.get("family_id")))


@bp.get("/invoices/<uuid:invoice_id>")
def invoice(invoice_id):
    return jsonify(calls.invoice(g.caller, invoice_id))


@bp.get("/invoices/<uuid:invoice_id>/pdf")
def invoice_pdf(invoice_id):
    found = calls.invoice_pdf(g.caller, invoice_id)
    return file_response({**found, "content_type": "application/pdf"})
