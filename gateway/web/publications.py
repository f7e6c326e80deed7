"""Pages of news, forms to download and the contact form (public), and the staff pages that publish
them. Public pages show the nav of a logged-in visitor too (`auth.current_session` is asked)."""
from __future__ import annotations

import logging

from flask import Blueprint, abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.api.documents import file_response
from gateway.api.publications import caller_if_logged_in, file_payload, form_payload
from gateway.rpc import ServiceUnavailable
from gateway.web import bp as web
from gateway.web import done, form_data
from gateway.web.staff_reservations import problem
from services.chassis.errors import ServiceError

log = logging.getLogger(__name__)

LOGIN_NEWS_COUNT = 5
ACCEPT_FORMS = ".pdf,.jpg,.jpeg,.png,.odt,.ods,.docx,.xlsx"


@web.app_context_processor
def public_news_helper():
    def public_news(limit: int = LOGIN_NEWS_COUNT) -> list:
        """The latest public news (the login page shows them); none when notifications is down."""
        try:
            return calls.news(None, limit)
        except (ServiceError, ServiceUnavailable):
            log.warning("public news not shown: notifications did not answer")
            return []
    return {"public_news": public_news}


# --- public pages ---------------------------------------------------------------------------------

@web.get("/news")
@auth.public
def news():
    return render_template("news.html", news=calls.news(caller_if_logged_in()))


@web.get("/forms")
@auth.public
def forms():
    caller_if_logged_in()  # the nav of a logged-in visitor
    return render_template("forms.html", forms=calls.forms())


@web.get("/forms/<uuid:form_id>/file")
@auth.public
def form_file(form_id):
    return file_response(calls.form_file(str(form_id), caller_if_logged_in()))


@web.route("/contact", methods=["GET", "POST"])
@auth.public
def contact():
    caller = caller_if_logged_in()
    structures = calls.contact_structures()
    if request.method == "GET":
        return render_template("contact.html", structures=structures, values=_contact_defaults(caller))
    values = form_data("structure_id", "name", "email", "subject", "message")
    if caller is not None and not auth.csrf_valid(request.form.get("csrf_token")):
        abort(403)
    try:
        answer = calls.submit_contact(caller, {key: value or "" for key, value in values.items()})
    except ServiceError as exc:
        return render_template("contact.html", structures=structures, values=values, problem=problem(exc)), \
            int(exc.status)
    if answer["thread_id"]:
        return done(_("Votre message est envoyé : la réponse arrivera dans votre messagerie."), "web.contact")
    message = _("Votre message est envoyé à la structure.") if answer["emailed"] else \
        _("Votre message est enregistré : la structure vous répondra.")
    return done(message, "web.contact")


def _contact_defaults(caller: dict | None) -> dict:
    """A logged-in user's name and address are filled in for them."""
    if caller is None:
        return {}
    try:
        me = calls.me(caller)
    except (ServiceError, ServiceUnavailable):
        return {}
    return {"name": me.get("display_name"), "email": me.get("email")}


# --- staff pages ----------------------------------------------------------------------------------

bp = Blueprint("staff_publications", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


def _acted(action, message: str, endpoint: str):
    """Run `action`; say what happened on the next page (post/redirect/get)."""
    try:
        action()
    except (ValidationError, ServiceError) as exc:
        flash(problem(exc), "error")
        return redirect(url_for(endpoint))
    return done(message, endpoint)


def _structures() -> list:
    try:
        return calls.structures(g.caller)
    except (ServiceError, ServiceUnavailable):
        return []


def _activities() -> list:
    try:
        return calls.offer(g.caller)
    except (ServiceError, ServiceUnavailable):
        return []


def _published() -> bool:
    return request.form.get("published") == "1"


@bp.get("/news")
def staff_news():
    return render_template("staff/news.html", news=calls.staff_news(g.caller), structures=_structures(),
                           activities=_activities())


@bp.post("/news")
def create_news():
    values = form_data("title", "body", "structure_id", "activity_id")
    payload = {"title": values["title"] or "", "body": values["body"] or "", "published": _published(),
               "structure_id": values["structure_id"], "activity_id": values["activity_id"]}
    return _acted(lambda: calls.create_news(g.caller, payload), _("L'actualité est enregistrée."),
                  "web.staff_publications.staff_news")


@bp.post("/news/<uuid:news_id>/publication")
def publish_news(news_id):
    published = _published()
    return _acted(lambda: calls.update_news(g.caller, str(news_id), {"published": published}),
                  _("L'actualité est publiée.") if published else _("L'actualité est retirée."),
                  "web.staff_publications.staff_news")


@bp.post("/news/<uuid:news_id>/delete")
def delete_news(news_id):
    return _acted(lambda: calls.delete_news(g.caller, str(news_id)), _("L'actualité est supprimée."),
                  "web.staff_publications.staff_news")


@bp.get("/forms")
def staff_forms():
    return render_template("staff/forms.html", forms=calls.staff_forms(g.caller), structures=_structures(),
                           accept=ACCEPT_FORMS)



@bp.post("/forms")
def create_form():
    return _acted(lambda: calls.create_form(g.caller, {**form_payload(), "published": _published()}),
                  _("Le document est publié.") if _published() else _("Le document est enregistré."),
                  "web.staff_publications.staff_forms")


@bp.post("/forms/<uuid:form_id>/publication")
def publish_form(form_id):
    published = _published()
    return _acted(lambda: calls.update_form(g.caller, str(form_id), {"published": published}),
                  _("Le document est publié.") if published else _("Le document est retiré."),
                  "web.staff_publications.staff_forms")


@bp.post("/forms/<uuid:form_id>/file")
def replace_form_file(form_id):
    return _acted(lambda: calls.replace_form_file(g.caller, str(form_id), file_payload()),
                  _("Le fichier est remplacé."), "web.staff_publications.staff_forms")


@bp.get("/forms/<uuid:form_id>/file")
def staff_form_file(form_id):
    return file_response(calls.form_file(str(form_id), g.caller))


@bp.post("/forms/<uuid:form_id>/delete")
def delete_form(form_id):
    return _acted(lambda: calls.delete_form(g.caller, str(form_id)), _("Le document est supprimé."),
                  "web.staff_publications.staff_forms")


@bp.get("/contact")
def staff_contact():
    return render_template("contact_staff.html", requests=calls.contact_requests(g.caller),
                           contacts=calls.staff_contact_structures(g.caller), structures=_structures())


@bp.post("/contact/structures")
def set_structure_contact():
    values = form_data("structure_id", "email")
    names = {s["id"]: s["name"] for s in _structures()}
    payload = {"name": names.get(values["structure_id"], ""), "email": values["email"]}
    return _acted(lambda: calls.set_structure_contact(g.caller, values["structure_id"] or "", payload),
                  _("L'adresse de contact est enregistrée."), "web.staff_publications.staff_contact")


web.register_blueprint(bp)
