"""Payments and wallets of the family under /api/v1: history, online payment, provider notifications."""
from __future__ import annotations

from flask import Blueprint, current_app, g, jsonify, request

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import FamilyQuery, IsoDate, json_object

bp = Blueprint("payments", __name__)


class WalletsQuery(FamilyQuery):
    until = IsoDate()


@bp.get("/payments")
def payments():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.payments(g.caller, query.get("family_id")))


@bp.post("/payments")
def start_payment():
    """`{invoice_ids, email}` or `{amount_cents, regie_id, purpose: balance|wallet, email}` → 201
    `{id, status: pending, redirect_url}`: the client sends the parent to `redirect_url`."""
    query = FamilyQuery().load(request.args)
    return jsonify(calls.start_online_payment(g.caller, json_object(json_body()), query.get("family_id"))), 201


@bp.get("/payments/<uuid:online_payment_id>")
def online_payment(online_payment_id):
    return jsonify(calls.online_payment(g.caller, str(online_payment_id)))


@bp.post("/payments/notify/<provider>")
@auth.public
def notify(provider):
    """The bank's server-to-server notification: no session, no CSRF; billing decides whether to trust it."""
    request.max_content_length = current_app.config["MAX_JSON_BYTES"]
    body = request.get_data(as_text=True)
    return jsonify(calls.payment_notification(provider[:32], body, dict(request.headers)))


@bp.get("/wallets")
def wallets():
    query = WalletsQuery().load(request.args)
    return jsonify(calls.wallets(g.caller, query.get("until"), query.get("family_id")))
