from flask import Blueprint, g, jsonify, request

from gateway import calls
from gateway.schemas import FamilyQuery

bp = Blueprint("family", __name__)


@bp.get("/family")
def family():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.family(g.caller, query.get("family_id")))
