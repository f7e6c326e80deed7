from flask import Blueprint, g, jsonify, request

from gateway import calls
from gateway.schemas import FamilyQuery, MonthQuery

bp = Blueprint("billing", __name__)


@bp.get("/account")
def account():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.account(g.caller, query.get("family_id")))


@bp.get("/consumptions")
def consumptions():
    query = MonthQuery().load(request.args)
    month = query.get("month") or calls.today().strftime("%Y-%m")
    return jsonify(calls.consumptions(g.caller, month, query.get("family_id")))
