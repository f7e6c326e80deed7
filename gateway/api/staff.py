"""Staff endpoints: the payloads are the services' own (see docs/contracts.md), validated there."""
from flask import Blueprint, g, jsonify

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import json_object

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


def created(result):
    return jsonify(result), 201


@bp.post("/families")
def create_family():
    return created(calls.create_family(g.caller, json_object(json_body())))


@bp.post("/structures")
def create_structure():
    return created(calls.create_structure(g.caller, json_object(json_body())))


@bp.post("/activities")
def create_activity():
    return created(calls.create_activity(g.caller, json_object(json_body())))


@bp.post("/activities/<uuid:activity_id>/days")
def open_days(activity_id):
    return created(calls.open_days(g.caller, str(activity_id), json_object(json_body())))


@bp.post("/regies")
def create_regie():
    return created(calls.create_regie(g.caller, json_object(json_body())))


@bp.post("/tariffs")
def set_tariff():
    return created(calls.set_tariff(g.caller, json_object(json_body())))
