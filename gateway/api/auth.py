from flask import Blueprint, g, jsonify

from gateway import auth, calls
from gateway.api import json_body
from gateway.schemas import LoginSchema

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
