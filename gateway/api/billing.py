from flask import Blueprint, g, jsonify, request
from marshmallow import fields

from gateway import calls
from gateway.api.documents import file_response
from gateway.schemas import FamilyQuery, MonthQuery

bp = Blueprint("billing", __name__)


class StatementQuery(FamilyQuery):
    school_year = fields.String()


@bp.get("/account")
def account():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.account(g.caller, query.get("family_id")))


@bp.get("/consumptions")
def consumptions():
    query = MonthQuery().load(request.args)
    month = query.get("month") or calls.today().strftime("%Y-%m")
    return jsonify(calls.consumptions(g.caller, month, query.get("family_id")))


@bp.get("/consumptions/months")
def consumption_months():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.consumption_months(g.caller, query.get("family_id")))


@bp.get("/statement")
def statement():
    query = StatementQuery().load(request.args)
    school_year = query.get("school_year") or calls.school_year_of(calls.today())
    return jsonify(calls.statement(g.caller, school_year, query.get("family_id")))


@bp.get("/attestations")
def attestations():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.attestations(g.caller, query.get("family_id")))


@bp.get("/attestations/<int:year>/pdf")
def attestation_pdf(year):
    query = FamilyQuery().load(request.args)
    found = calls.attestation_pdf(g.caller, year, query.get("family_id"))
    return file_response({**found, "content_type": "application/pdf"})
