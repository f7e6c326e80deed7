"""Staff pages: families (search, whole file), the change requests and documents queues, CSV import."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from gateway import auth, calls, uploads
from gateway.api.family import json_download
from gateway.schemas import ChangeDecisionSchema, DocumentDecisionSchema, SearchQuery
from gateway.web import bp as web, done, form_data
from services.chassis.errors import ServiceError

bp = Blueprint("staff", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)  # after the web guard: the session is known


def _failed(exc: Exception) -> str:
    return exc.message if isinstance(exc, ServiceError) else _("Certaines données sont invalides.")


@bp.get("/families")
def families():
    query = SearchQuery().load(request.args)["q"].strip()
    found = calls.search_families(g.caller, query) if query else None
    return render_template("staff/families.html", query=query, families=found)


@bp.get("/families/<uuid:family_id>")
def family(family_id):
    family_id = str(family_id)
    return render_template("staff/family.html", family=calls.family(g.caller, family_id),
                           documents=calls.documents(g.caller, family_id),
                           requests=calls.change_requests(g.caller, family_id))


@bp.get("/families/<uuid:family_id>/export")
def export_family(family_id):
    exported = calls.export_family(g.caller, str(family_id))
    return json_download(exported, f"famille-{exported.get('number') or 'export'}.json")


@bp.post("/families/<uuid:family_id>/anonymise")
def anonymise_family(family_id):
    try:
        calls.anonymise_family(g.caller, str(family_id))
    except ServiceError as exc:
        return done_with_error(exc, "web.staff.family", family_id=family_id)
    return done(_("La famille est anonymisée."), "web.staff.family", family_id=family_id)


@bp.get("/change-requests")
def change_requests():
    return render_template("staff/change_requests.html", requests=calls.change_requests(g.caller, status="pending"))


@bp.post("/change-requests/<uuid:request_id>/decision")
def decide_change_request(request_id):
    try:
        data = ChangeDecisionSchema().load(form_data("decision", "reason"))
        calls.decide_change_request(g.caller, str(request_id), data["decision"], data["reason"])
    except (ValidationError, ServiceError) as exc:
        return done_with_error(exc, "web.staff.change_requests")
    message = _("Demande acceptée.") if data["decision"] == "accept" else _("Demande refusée.")
    return done(message, "web.staff.change_requests")


@bp.get("/documents")
def documents():
    return render_template("staff/documents.html", documents=calls.pending_documents(g.caller))


@bp.post("/documents/<uuid:document_id>/decision")
def decide_document(document_id):
    try:
        data = DocumentDecisionSchema().load(form_data("decision", "reason", "valid_until"))
        calls.decide_document(g.caller, str(document_id), data["decision"], data["reason"], data["valid_until"])
    except (ValidationError, ServiceError) as exc:
        return done_with_error(exc, "web.staff.documents")
    message = _("Document validé.") if data["decision"] == "validate" else _("Document refusé.")
    return done(message, "web.staff.documents")


@bp.route("/import", methods=["GET", "POST"])
def import_families():
    if request.method == "GET":
        return render_template("staff/import.html")
    try:
        result = calls.import_families(g.caller, uploads.csv_text())
    except ServiceError as exc:
        errors = exc.details.get("errors", []) if exc.code == "invalid_csv" else []
        return render_template("staff/import.html", problem=exc.message, errors=errors), int(exc.status)
    return done(_("%(n)s famille(s) importée(s).", n=result["imported"]), "web.staff.import_families")


def done_with_error(exc: Exception, endpoint: str, **values):
    flash(_failed(exc), "error")
    return redirect(url_for(endpoint, **values))


web.register_blueprint(bp)
