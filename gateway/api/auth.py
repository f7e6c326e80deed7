from flask import Blueprint, g, jsonify

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import ForgotPasswordSchema, LoginSchema, TokenPasswordSchema, TokenSchema

bp = Blueprint("auth", __name__, url_prefix="/auth")


@bp.post("/login")
@auth.public
def login():
    data = LoginSchema().load(json_body())
    ip, user_agent = auth.client_info()
    result = calls.login(data["login"], data["password"], ip, user_agent)
    token = result["session_token"]
    response = jsonify({"user": result["user"], "csrf_token": auth.csrf_token(token)})
    auth.set_session_cookie(response, token)
    return response


@bp.post("/logout")
@auth.before_password_change
def logout():
    calls.logout(g.session_token)
    response = jsonify({"status": "ok"})
    auth.clear_session_cookie(response)
    return response


@bp.post("/password/forgot")
@auth.public
def forgot_password():
    data = ForgotPasswordSchema().load(json_body())
    calls.request_password_reset(data["email"], auth.client_info()[0])
    # The same answer whatever the address: whether it is known stays secret.
    return jsonify({"status": "accepted"}), 202


@bp.post("/password/reset")
@auth.public
def reset_password():
    data = TokenPasswordSchema().load(json_body())
    calls.reset_password(data["token"], data["password"])
    return jsonify({"status": "ok"})


@bp.post("/activate")
@auth.public
def activate():
    data = TokenPasswordSchema().load(json_body())
    return jsonify(calls.activate_account(data["token"], data["password"]))


@bp.post("/email/confirm")
@auth.public
def confirm_email():
    data = TokenSchema().load(json_body())
    calls.confirm_email_change(data["token"])
    return jsonify({"status": "ok"})
