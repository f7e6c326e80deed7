"""The public JSON API under /api/v1 (contract: /work/shared/API.md); one blueprint per area."""
from __future__ import annotations

import json

from flask import Blueprint, current_app, jsonify, request
from flask_babel import gettext as _

from gateway import auth as sessions  # `auth` is also the name of this package's login module
from gateway.errors import error


def json_body():
    """The request's JSON body ({} when empty); 415 when it is not JSON, 400 when it does not parse,
    413 above MAX_JSON_BYTES (the app's MAX_CONTENT_LENGTH is the larger limit of uploads)."""
    request.max_content_length = current_app.config["MAX_JSON_BYTES"]
    raw = request.get_data(cache=True)
    if not raw:
        return {}
    if not request.is_json:
        raise error("unsupported_media_type", _("Le corps de la requête doit être du JSON."), 415)
    try:
        return json.loads(raw)
    except ValueError:
        raise error("invalid_json", _("Le corps de la requête n'est pas du JSON valide."), 400) from None


def create_blueprint() -> Blueprint:
    from gateway.api import (auth as auth_api, billing, dashboard, documents, family, invoices, me, messages,
                             notification_settings, payments, publications, reservations, staff, staff_invoicing,
                             staff_payments, staff_reservations, staff_tariffs, staff_webhooks)

    api = Blueprint("api", __name__, url_prefix="/api/v1")

    @api.before_request
    def guard():
        try:
            sessions.check_request(request.headers.get("X-CSRF-Token"))
        except sessions.Refusal as refusal:
            raise sessions.refusal_error(refusal) from None

    @api.get("/health")
    @sessions.public
    def health():
        return jsonify({"status": "ok"})

    @api.get("/openapi.json")
    @sessions.public
    def openapi():
        from gateway.openapi import document  # built from the views' schemas: imports gateway.api
        return jsonify(document())

    for module in (auth_api, me, family, documents, reservations, billing, invoices, payments, messages,
                   publications, dashboard, staff, staff_reservations, staff_tariffs, staff_invoicing, staff_payments,
                   notification_settings, staff_webhooks):
        api.register_blueprint(module.bp)
    return api
