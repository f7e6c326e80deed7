"""A family's notification settings under /api/v1: language, daily report, extra invoice addresses
(notifications') and the email and SMS consents (accounts'), read and changed as one resource."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from gateway import calls
from gateway.api import json_body
from gateway.errors import error
from gateway.schemas import FamilyQuery, json_object

bp = Blueprint("notification_settings", __name__)


def checked_consents(changes: dict) -> dict:
    """The consents must be true or false before anything is saved (the other fields are checked by
    notifications)."""
    wrong = {name: [_("Valeur attendue : vrai ou faux.")] for name in calls.CONSENTS
             if name in changes and not isinstance(changes[name], bool)}
    if wrong:
        raise error("invalid_input", _("Certaines données sont invalides."), 422, {"fields": wrong})
    return changes


@bp.get("/notification-settings")
def notification_settings():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.notification_settings(g.caller, query.get("family_id")))


@bp.put("/notification-settings")
def update_notification_settings():
    """Any of `locale`, `daily_report`, `extra_invoice_emails`, `consent_email`, `consent_sms`: those
    sent change, the others stay."""
    query = FamilyQuery().load(request.args)
    changes = checked_consents(json_object(json_body()))
    return jsonify(calls.update_notification_settings(g.caller, changes, query.get("family_id")))
