from flask import Blueprint, g, jsonify

from gateway import calls

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
def dashboard():
    return jsonify(calls.dashboard(g.caller))
