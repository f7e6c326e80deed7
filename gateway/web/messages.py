"""Pages of the inbox ("Messagerie"): a parent's boxes, threads and new messages on `bp`; staff's,
per structure, on the nested `staff_messages` blueprint. Forms post and redirect; a refused message
shows the form again with what was typed and the reason."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.api.messages import BOXES, BoxQuery, StructureBoxQuery
from gateway.rpc import ServiceUnavailable
from gateway.web import bp, done, form_data
from gateway.web.staff_reservations import problem
from services.chassis.errors import ServiceError

BOX_LABELS = {"inbox": _l("Boîte de réception"), "sent": _l("Messages envoyés"), "trash": _l("Corbeille")}
SENDER_LABELS = {"family": _l("La famille"), "staff": _l("La structure")}

staff = Blueprint("staff_messages", __name__, url_prefix="/staff/messages")
staff.before_request(auth.require_staff)  # after the web guard: the session is known


@bp.app_context_processor
def inbox_helpers():
    def unread_messages() -> int | None:
        """The nav's count; nothing shown when notifications does not answer."""
        if not g.get("caller"):
            return None
        try:
            return calls.unread_messages(g.caller)
        except (ServiceUnavailable, ServiceError):
            return None
    return {"unread_messages": unread_messages, "box_labels": BOX_LABELS, "boxes": BOXES,
            "sender_labels": SENDER_LABELS}


def _box() -> str:
    try:
        return BoxQuery().load(request.args)["box"]
    except ValidationError:
        return "inbox"


def _new_thread_page(template: str, values: dict, exc: Exception | None = None, **context):
    return render_template(template, values=values, problem=exc and problem(exc),
                           structures=calls.message_structures(g.caller), **context), 422 if exc else 200


def _reply(thread_id: str, template: str, endpoint: str):
    values = form_data("body")
    try:
        calls.reply_message(g.caller, thread_id, {"body": values["body"] or ""})
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return render_template(template, thread=calls.message_thread(g.caller, thread_id), values=values,
                               problem=problem(exc)), 422
    return done(_("Votre réponse a été envoyée."), endpoint, thread_id=thread_id)


# --- a parent's pages ----------------------------------------------------------------------------

@bp.get("/messages")
def messages():
    box = _box()
    return render_template("messages.html", box=box, threads=calls.messages(g.caller, box))


@bp.route("/messages/new", methods=["GET", "POST"])
def new_message():
    if request.method == "GET":
        return _new_thread_page("messages_new.html", {"structure_id": request.args.get("structure_id")})
    values = form_data("structure_id", "subject", "body")
    try:
        thread = calls.send_message(g.caller, {key: value or "" for key, value in values.items()})
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return _new_thread_page("messages_new.html", values, exc)
    return done(_("Votre message a été envoyé."), "web.message", thread_id=thread["id"])


@bp.get("/messages/<uuid:thread_id>")
def message(thread_id):
    return render_template("messages_thread.html", thread=calls.message_thread(g.caller, str(thread_id)),
                           values={})


@bp.post("/messages/<uuid:thread_id>/reply")
def reply(thread_id):
    return _reply(str(thread_id), "messages_thread.html", "web.message")


@bp.post("/messages/<uuid:thread_id>/trash")
def trash(thread_id):
    calls.trash_message(g.caller, str(thread_id))
    return done(_("La conversation a été mise à la corbeille."), "web.messages")


@bp.post("/messages/<uuid:thread_id>/restore")
def restore(thread_id):
    calls.restore_message(g.caller, str(thread_id))
    return done(_("La conversation a été restaurée."), "web.message", thread_id=str(thread_id))


# --- staff, per structure ------------------------------------------------------------------------

@staff.get("")
def staff_messages():
    try:
        query = StructureBoxQuery().load(request.args)
    except ValidationError:
        query = {"structure_id": None, "box": "inbox"}
    return render_template("staff/messages.html", box=query["box"], structure_id=query["structure_id"],
                           structures=calls.message_structures(g.caller),
                           threads=calls.structure_messages(g.caller, query["structure_id"], query["box"]))


@staff.route("/new", methods=["GET", "POST"])
def staff_new_message():
    if request.method == "GET":
        search = (request.args.get("q") or "").strip()
        family_id = request.args.get("family_id")
        family = calls.family(g.caller, family_id) if family_id else None
        families = calls.search_families(g.caller, search) if search and not family else []
        return _new_thread_page("staff/messages_new.html", {"family_id": family_id}, family=family,
                                families=families, search=search)
    values = form_data("family_id", "structure_id", "subject", "body")
    try:
        thread = calls.send_message(g.caller, {key: value or "" for key, value in values.items()})
    except ServiceError as exc:
        if exc.status != 422:
            raise
        family = calls.family(g.caller, values["family_id"]) if values["family_id"] else None
        return _new_thread_page("staff/messages_new.html", values, exc, family=family, families=[], search="")
    return done(_("Votre message a été envoyé."), "web.staff_messages.staff_message", thread_id=thread["id"])


@staff.get("/<uuid:thread_id>")
def staff_message(thread_id):
    return render_template("staff/messages_thread.html", thread=calls.message_thread(g.caller, str(thread_id)),
                           values={})


@staff.post("/<uuid:thread_id>/reply")
def staff_reply(thread_id):
    return _reply(str(thread_id), "staff/messages_thread.html", "web.staff_messages.staff_message")


@staff.post("/<uuid:thread_id>/trash")
def staff_trash(thread_id):
    calls.trash_message(g.caller, str(thread_id))
    return done(_("La conversation a été mise à la corbeille."), "web.staff_messages.staff_messages")


@staff.post("/<uuid:thread_id>/restore")
def staff_restore(thread_id):
    calls.restore_message(g.caller, str(thread_id))
    return done(_("La conversation a été restaurée."), "web.staff_messages.staff_message",
                thread_id=str(thread_id))


bp.register_blueprint(staff)
