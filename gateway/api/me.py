from flask import Blueprint, g, jsonify

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import EmailChangeSchema, PasswordChangeSchema

bp = Blueprint("me", __name__, url_prefix="/me")


@bp.get("")
@auth.before_password_change
def me():
    # Beyond API.md: the first-login flag and the CSRF token, so a reloaded client can carry on.
    return jsonify({**calls.me(g.caller), "must_change_password": bool(g.session["must_change_password"]),
                    "csrf_token": auth.csrf_token(g.session_token)})


@bp.post("/password")
@auth.before_password_change
def change_password():
    data = PasswordChangeSchema().load(json_body())
    calls.change_password(g.caller, data["current_password"], data["new_password"], g.session_token)
    return jsonify({"status": "ok"})


@bp.post("/email")
def change_email():
    data = EmailChangeSchema().load(json_body())
    calls.request_email_change(g.caller, data["password"], data["new_email"], data["new_email_confirm"])
    # The address changes once the link sent to the new address is followed.
    return jsonify({"status": "confirmation_sent"}), 202


@bp.get("/logins")
def logins():
    return jsonify(calls.logins(g.caller))
