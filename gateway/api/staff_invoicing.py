"""Staff API of invoicing under /api/v1/staff: runs (start, progress, list, resume), a family's
invoices, and credit notes correcting an issued invoice."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import QuerySchema, StaffFamilyQuery, UuidString, json_object

bp = Blueprint("staff_invoicing", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


class RunsQuery(QuerySchema):
    regie_id = UuidString()


@bp.post("/invoicing-runs")
def start_run():
    return jsonify(calls.start_invoicing_run(g.caller, json_object(json_body()))), 202


@bp.get("/invoicing-runs")
def runs():
    query = RunsQuery().load(request.args)
    return jsonify(calls.invoicing_runs(g.caller, query.get("regie_id")))


@bp.get("/invoicing-runs/<uuid:run_id>")
def run(run_id):
    return jsonify(calls.invoicing_run(g.caller, run_id))


@bp.post("/invoicing-runs/<uuid:run_id>/resume")
def resume_run(run_id):
    return jsonify(calls.resume_invoicing_run(g.caller, run_id)), 202


@bp.get("/invoices")
def family_invoices():
    query = StaffFamilyQuery().load(request.args)
    return jsonify(calls.invoices(g.caller, None, query["family_id"]))


@bp.post("/invoices/<uuid:invoice_id>/credit-notes")
def issue_credit_note(invoice_id):
    return jsonify(calls.issue_credit_note(g.caller, invoice_id, json_object(json_body()))), 201
