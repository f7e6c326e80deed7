"""Staff endpoints: the payloads are the services' own (see docs/contracts.md), validated there."""
from flask import Blueprint, g, jsonify, request

from gateway import auth, calls, uploads
from gateway.api import json_body
from gateway.schemas import (ChangeDecisionSchema, ChangeRequestsQuery, DocumentDecisionSchema, SearchQuery,
                             json_object)

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


def created(result):
    return jsonify(result), 201


@bp.post("/families")
def create_family():
    return created(calls.create_family(g.caller, json_object(json_body())))


@bp.get("/families")
def search_families():
    return jsonify(calls.search_families(g.caller, SearchQuery().load(request.args)["q"]))


@bp.get("/families/<uuid:family_id>")
def family(family_id):
    return jsonify(calls.family(g.caller, str(family_id)))


@bp.patch("/families/<uuid:family_id>")
def update_family(family_id):
    return jsonify(calls.update_family(g.caller, json_object(json_body()), str(family_id)))


@bp.post("/families/import")
def import_families():
    return jsonify(calls.import_families(g.caller, uploads.csv_text()))


@bp.post("/families/<uuid:family_id>/anonymise")
def anonymise_family(family_id):
    return jsonify(calls.anonymise_family(g.caller, str(family_id)))


@bp.get("/change-requests")
def change_requests():
    query = ChangeRequestsQuery().load(request.args)
    return jsonify(calls.change_requests(g.caller, query.get("family_id"), query.get("status")))


@bp.post("/change-requests/<uuid:request_id>/decision")
def decide_change_request(request_id):
    data = ChangeDecisionSchema().load(json_body())
    return jsonify(calls.decide_change_request(g.caller, str(request_id), data["decision"], data["reason"]))


@bp.get("/documents/pending")
def pending_documents():
    return jsonify(calls.pending_documents(g.caller))


@bp.post("/documents/<uuid:document_id>/decision")
def decide_document(document_id):
    data = DocumentDecisionSchema().load(json_body())
    return jsonify(calls.decide_document(g.caller, str(document_id), data["decision"], data["reason"],
                                         data["valid_until"]))


@bp.post("/staff-users")
def create_staff_user():
    return created(calls.create_staff_user(g.caller, json_object(json_body())))


@bp.post("/users/<uuid:user_id>/activation")
def resend_activation(user_id):
    return jsonify(calls.resend_activation(g.caller, str(user_id))), 202
