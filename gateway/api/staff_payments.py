"""Staff API of payments under /api/v1/staff: record money received, a family's payments, and the
online payments the bank's result did not match (not applied, to look at)."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import StaffFamilyQuery, json_object

bp = Blueprint("staff_payments", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


@bp.post("/payments")
def record_payment():
    return jsonify(calls.record_payment(g.caller, json_object(json_body()))), 201


@bp.get("/payments")
def payments():
    query = StaffFamilyQuery().load(request.args)
    return jsonify(calls.payments(g.caller, query["family_id"]))


@bp.get("/payments/mismatched")
def mismatched():
    return jsonify(calls.mismatched_payments(g.caller))
