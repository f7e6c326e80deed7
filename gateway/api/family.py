import json

from flask import Blueprint, Response, g, jsonify, request

from gateway import calls
from gateway.api import json_body
from gateway.schemas import ChangeRequestSchema, ChangeRequestsQuery, FamilyQuery, json_object

bp = Blueprint("family", __name__)


@bp.get("/family")
def family():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.family(g.caller, query.get("family_id")))


@bp.patch("/family")
def update_family():
    """Parents change at once what the policy allows; anything else is 422 requires_change_request."""
    return jsonify(calls.update_family(g.caller, json_object(json_body())))


@bp.post("/family/change-requests")
def create_change_request():
    data = ChangeRequestSchema().load(json_body())
    return jsonify(calls.create_change_request(g.caller, data)), 201


@bp.get("/family/change-requests")
def change_requests():
    query = ChangeRequestsQuery().load(request.args)
    return jsonify(calls.change_requests(g.caller, query.get("family_id"), query.get("status")))


@bp.get("/family/export")
def export():
    """The GDPR access copy of the family's file, as a JSON download."""
    query = FamilyQuery().load(request.args)
    exported = calls.export_family(g.caller, query.get("family_id"))
    return json_download(exported, f"famille-{exported.get('number') or 'export'}.json")


def json_download(data, filename: str) -> Response:
    return Response(json.dumps(data, ensure_ascii=False, indent=2), mimetype="application/json",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
