"""News, forms to download and the contact form: public reading, staff publishing under /staff.

A logged-in parent also gets the news of the activities their children are enrolled in (read from
reservations at each request). Files are read from multipart forms by `gateway.uploads`; which types
are accepted is notifications' rule.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _
from marshmallow import fields, validate

from gateway import auth, calls, uploads
from gateway.api import json_body
from gateway.api.documents import file_response
from gateway.errors import error
from gateway.schemas import QuerySchema, UuidString, json_object

bp = Blueprint("publications", __name__)
staff_bp = Blueprint("staff_publications", __name__, url_prefix="/staff")
staff_bp.before_request(auth.require_staff)
bp.register_blueprint(staff_bp)


class NewsQuery(QuerySchema):
    limit = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


def caller_if_logged_in() -> dict | None:
    """Public views skip the session check: the caller, if the visitor has a session."""
    return g.caller if auth.current_session() is not None else None


class FormUploadSchema(QuerySchema):
    """The form fields of a form published by staff (the file is read apart); notifications checks the rest."""
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=2000))
    structure_id = UuidString()  # none: the town's form
    published = uploads.Checkbox()  # absent: published


def form_payload() -> dict:
    """`create_form`'s payload from a multipart form: title, description, structure_id, published, file."""
    return {**uploads.form_fields(FormUploadSchema()), **file_payload()}


def file_payload() -> dict:
    return uploads.file_payload()


# public
@bp.get("/news")
@auth.public
def news():
    query = NewsQuery().load(request.args)
    return jsonify(calls.news(caller_if_logged_in(), query["limit"]))


@bp.get("/forms")
@auth.public
def forms():
    return jsonify(calls.forms())


@bp.get("/forms/<uuid:form_id>/file")
@auth.public
def form_file(form_id):
    return file_response(calls.form_file(str(form_id), caller_if_logged_in()))


@bp.get("/contact/structures")
@auth.public
def contact_structures():
    return jsonify(calls.contact_structures())


@bp.post("/contact")
@auth.public
def contact():
    """A visitor writes without a session; a logged-in user's request must carry their CSRF token
    (it is recorded as theirs)."""
    caller = caller_if_logged_in()
    if caller is not None and not auth.csrf_valid(request.headers.get("X-CSRF-Token")):
        raise error("csrf_failed", _("Le jeton de sécurité (CSRF) est absent ou invalide."), 403)
    return jsonify(calls.submit_contact(caller, json_object(json_body()))), 201


# staff
@staff_bp.get("/news")
def staff_news():
    return jsonify(calls.staff_news(g.caller))


@staff_bp.post("/news")
def create_news():
    return jsonify(calls.create_news(g.caller, json_object(json_body()))), 201


@staff_bp.patch("/news/<uuid:news_id>")
def update_news(news_id):
    return jsonify(calls.update_news(g.caller, str(news_id), json_object(json_body())))


@staff_bp.delete("/news/<uuid:news_id>")
def delete_news(news_id):
    calls.delete_news(g.caller, str(news_id))
    return "", 204


@staff_bp.get("/forms")
def staff_forms():
    return jsonify(calls.staff_forms(g.caller))


@staff_bp.post("/forms")
def create_form():
    return jsonify(calls.create_form(g.caller, form_payload())), 201


@staff_bp.patch("/forms/<uuid:form_id>")
def update_form(form_id):
    return jsonify(calls.update_form(g.caller, str(form_id), json_object(json_body())))


@staff_bp.put("/forms/<uuid:form_id>/file")
def replace_form_file(form_id):
    return jsonify(calls.replace_form_file(g.caller, str(form_id), file_payload()))


@staff_bp.get("/forms/<uuid:form_id>/file")
def staff_form_file(form_id):
    return file_response(calls.form_file(str(form_id), g.caller))


@staff_bp.delete("/forms/<uuid:form_id>")
def delete_form(form_id):
    calls.delete_form(g.caller, str(form_id))
    return "", 204


@staff_bp.get("/contact-structures")
def staff_contact_structures():
    return jsonify(calls.staff_contact_structures(g.caller))


@staff_bp.put("/contact-structures/<uuid:structure_id>")
def set_structure_contact(structure_id):
    return jsonify(calls.set_structure_contact(g.caller, str(structure_id), json_object(json_body())))


@staff_bp.get("/contact-requests")
def contact_requests():
    return jsonify(calls.contact_requests(g.caller))
