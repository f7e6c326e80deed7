"""Admin API of webhooks under /api/v1/staff/webhooks: a municipal system that prefers HTTP to AMQP
subscribes a URL to event patterns (`invoice.*`) and gets each matching event POSTed, signed."""
from __future__ import annotations

from flask import Blueprint, g, jsonify

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import json_object

bp = Blueprint("staff_webhooks", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


@bp.get("/webhooks")
def webhooks():
    return jsonify(calls.webhooks(g.caller))


@bp.post("/webhooks")
def create_webhook():
    """`{url, events: [patterns], secret?}` → the webhook with its secret (shown only in this answer)."""
    return jsonify(calls.create_webhook(g.caller, json_object(json_body()))), 201


@bp.delete("/webhooks/<uuid:webhook_id>")
def delete_webhook(webhook_id):
    calls.delete_webhook(g.caller, str(webhook_id))
    return "", 204
