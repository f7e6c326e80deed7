"""Staff endpoints of régies and tariffs: the payloads are billing's own (docs/contracts.md), validated there."""
from flask import Blueprint, g, jsonify, request

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import QuerySchema, UuidString, json_object

bp = Blueprint("staff_tariffs", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


class TariffQuery(QuerySchema):
    regie_id = UuidString()
    activity_id = UuidString()


@bp.get("/regies")
def regies():
    return jsonify(calls.regies(g.caller))


@bp.post("/regies")
def create_regie():
    return jsonify(calls.create_regie(g.caller, json_object(json_body()))), 201


@bp.patch("/regies/<uuid:regie_id>")
def update_regie(regie_id):
    return jsonify(calls.update_regie(g.caller, str(regie_id), json_object(json_body())))


@bp.get("/tariffs")
def tariffs():
    query = TariffQuery().load(request.args)
    return jsonify(calls.tariffs(g.caller, query.get("regie_id"), query.get("activity_id")))


@bp.post("/tariffs")
def set_tariff():
    return jsonify(calls.set_tariff(g.caller, json_object(json_body()))), 201


@bp.patch("/tariffs/<uuid:tariff_id>")
def update_tariff(tariff_id):
    return jsonify(calls.update_tariff(g.caller, str(tariff_id), json_object(json_body())))


@bp.get("/pricing-rules")
def pricing_rules():
    return jsonify(calls.pricing_rules(g.caller))
