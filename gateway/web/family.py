"""The parents' pages of the family file: "Ma famille", "Mes demandes", "Mes documents"."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

from gateway import calls, uploads
from gateway.api.documents import file_response
from gateway.api.family import json_download
from gateway.web import bp, done
from gateway.web import family_form as forms
from services.chassis.errors import ServiceError

REQUEST_STATUS = {"pending": _l("En attente"), "accepted": _l("Acceptée"), "refused": _l("Refusée")}
DOCUMENT_STATUS = {"missing": _l("Manquant"), "submitted": _l("Envoyé, en attente de validation"),
                   "validated": _l("Validé"), "refused": _l("Refusé"), "expired": _l("Expiré")}
TARGETS = {"family": _l("Famille"), "guardian": _l("Responsable"), "child": _l("Enfant"),
           "new_child": _l("Ajout d'un enfant")}


@bp.app_context_processor
def family_labels():
    return {"request_status": REQUEST_STATUS, "document_status": DOCUMENT_STATUS, "targets": TARGETS,
            "forms": forms.FORMS, "new_child_fields": forms.NEW_CHILD, "pickup_rows": forms.PICKUP_ROWS,
            "accept_files": uploads.ACCEPT, "field_labels": forms.field_labels()}


@bp.get("/family")
def family():
    return render_template("family.html", family=calls.family(g.caller))


def _record(family: dict, target: str, target_id: str | None) -> dict:
    if target == "family":
        return family
    found = next((p for p in family[f"{target}s"] if p["id"] == target_id), None)
    if found is None:
        abort(404)
    return found


@bp.post("/family/<any(family, guardian, child):target>")
@bp.post("/family/<any(guardian, child):target>/<uuid:target_id>")
def edit_family(target, target_id=None):
    family = calls.family(g.caller)
    target_id = str(target_id) if target_id else family["id"]  # the family's own fields: its id
    record = _record(family, target, target_id)
    now = forms.changed(forms.FORMS[target]["now"], record, request.form)
    later = forms.changed(forms.FORMS[target]["request"], record, request.form)
    if not now and not later:
        return done(_("Aucune modification à enregistrer."), "web.family")
    try:
        if now:
            calls.update_family(g.caller, forms.update_payload(target, target_id, now))
            flash(_("Vos modifications immédiates sont enregistrées."), "success")
        if later:
            calls.create_change_request(g.caller, {"target": target, "target_id": target_id, "changes": later})
            flash(_("Votre demande de modification est envoyée : elle sera examinée par nos services."), "success")
    except ServiceError as exc:
        flash(exc.message, "error")
    return redirect(url_for("web.family"))


@bp.post("/family/children/new")
def add_child():
    try:
        calls.create_change_request(g.caller, {"target": "new_child", "target_id": None,
                                               "changes": forms.new_child(request.form)})
    except ServiceError as exc:
        flash(exc.message, "error")
        return redirect(url_for("web.family"))
    return done(_("Votre demande d'ajout d'un enfant est envoyée : elle sera examinée par nos services."),
                "web.requests")


@bp.get("/family/export")
def export_family():
    exported = calls.export_family(g.caller)
    return json_download(exported, f"famille-{exported.get('number') or 'export'}.json")


@bp.get("/requests")
def requests():
    found = calls.change_requests(g.caller)
    return render_template("requests.html", requests=sorted(found, key=lambda r: r["requested_at"], reverse=True))


@bp.get("/documents")
def documents():
    return render_template("documents.html", documents=calls.documents(g.caller))


@bp.post("/documents")
def upload_document():
    try:
        calls.upload_document(g.caller, uploads.document_payload())
    except ValidationError:
        flash(_("Choisissez le type de document et le fichier."), "error")
    except ServiceError as exc:
        flash(exc.message, "error")
    else:
        flash(_("Votre document est envoyé : il sera vérifié par nos services."), "success")
    return redirect(url_for("web.documents"))


@bp.get("/documents/<uuid:document_id>/file")
def document_file(document_id):
    return file_response(calls.document_file(g.caller, str(document_id)), request.args.get("inline") != "1")
