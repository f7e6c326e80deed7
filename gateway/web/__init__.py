"""The parents' website: server-rendered French pages over the same calls as the API."""
from __future__ import annotations

from datetime import date

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.errors import error, retry_after
from gateway.rpc import ServiceUnavailable
from gateway.schemas import LoginSchema, PasswordChangeSchema
from gateway.web import planning as grid
from services.chassis import config
from services.chassis.errors import ServiceError
from services.chassis.money import format_cents

bp = Blueprint("web", __name__)

# How the dashboard's notice names a service that did not answer; another service shows its own name.
SERVICE_LABELS = {"accounts": _l("dossier famille"), "reservations": _l("réservations"),
                  "billing": _l("facturation"), "notifications": _l("messages")}


@bp.before_request
def guard():
    try:
        auth.check_request(request.form.get("csrf_token"))
    except auth.Refusal as refusal:
        if refusal.code == "not_authenticated":
            return redirect(url_for("web.login", next=request.full_path.rstrip("?") if request.method == "GET" else None))
        if refusal.code == "password_change_required":
            return redirect(url_for("web.password"))
        raise auth.refusal_error(refusal) from None


@bp.app_context_processor
def page_helpers():
    def csrf_token():
        return auth.csrf_token(g.session_token) if g.get("session") else ""
    return {"csrf_token": csrf_token, "lang": str(get_locale()), "money": _money, "when": _when,
            "caller": g.get("caller")}


def _when(value) -> str:
    """An ISO instant or date of the wire, as people read it ("12 mars 2026 à 09:30", Paris time)."""
    if not value:
        return ""
    if len(value) == 10:
        return format_date(date.fromisoformat(value), "d MMMM yyyy", locale=str(get_locale()))
    return format_datetime(datetime.fromisoformat(value), "d MMMM yyyy HH:mm",
                           tzinfo=ZoneInfo(config.get("TIMEZONE")), locale=str(get_locale()))


def _money(cents) -> str:
    return format_cents(cents, locale="fr_FR" if str(get_locale()) == "fr" else "en_GB")


def _safe_next(target: str | None) -> str:
    """Only a path of this site, never an open redirect."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("web.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@auth.public
def login():
    if request.method == "GET":
        if auth.current_session() is not None:
            return redirect(url_for("web.dashboard"))
        return render_template("login.html", next=request.args.get("next", ""))
    try:
        data = LoginSchema().load({"login": request.form.get("login", ""),
                                   "password": request.form.get("password", "")})
        ip, user_agent = auth.client_info()
        result = calls.login(data["login"], data["password"], ip, user_agent)
    except ValidationError:
        return render_template("login.html", problem=_("Saisissez votre identifiant et votre mot de passe."),
                               login=request.form.get("login", ""), next=request.form.get("next", "")), 422
    except ServiceError as exc:
        return render_template("login.html", problem=exc.message, login=request.form.get("login", ""),
                               next=request.form.get("next", "")), int(exc.status), retry_after(exc)
    if result["user"]["must_change_password"]:
        target = url_for("web.password")
    else:
        target = _safe_next(request.form.get("next"))
    response = redirect(target)
    auth.set_session_cookie(response, result["session_token"])
    return response


@bp.post("/logout")
@auth.before_password_change
def logout():
    calls.logout(g.session_token)
    response = redirect(url_for("web.login"))
    auth.clear_session_cookie(response)
    return response


@bp.route("/password", methods=["GET", "POST"])
@auth.before_password_change
def password():
    first_login = bool(g.session["must_change_password"])
    if request.method == "GET":
        return render_template("password.html", first_login=first_login)
    form = request.form
    try:
        data = PasswordChangeSchema().load({"current_password": form.get("current_password", ""),
                                            "new_password": form.get("new_password", "")})
        if data["new_password"] != form.get("new_password_confirm"):
            raise error("password_mismatch", _("Les deux saisies du nouveau mot de passe diffèrent."), 422)
        calls.change_password(g.caller, data["current_password"], data["new_password"], g.session_token)
    except ValidationError:
        problem, status = _("Remplissez les trois champs."), 422
    except ServiceError as exc:
        problem, status = exc.message, int(exc.status)
    else:
        return redirect(url_for("web.dashboard"))
    return render_template("password.html", first_login=first_login, problem=problem), status


@bp.get("/")
def dashboard():
    try:
        me = calls.me(g.caller)
    except (ServiceError, ServiceUnavailable):
        me = None
    board = calls.dashboard(g.caller)
    today = calls.today()
    return render_template(
        "dashboard.html", me=me, board=board,
        today=format_date(today, "full", locale=str(get_locale())),
        booking_day=grid.day_label,
        unavailable=", ".join(str(SERVICE_LABELS.get(name, name)) for name in board["unavailable"]),
    )


def done(message: str, endpoint: str, **values):
    """After a successful action: say so on the next page (post/redirect/get)."""
    flash(message, "success")
    return redirect(url_for(endpoint, **values))


def form_data(*names: str) -> dict:
    """The submitted form's fields, an empty field meaning no value."""
    return {name: (request.form.get(name) or "").strip() or None for name in names}


# The pages of each area register themselves on `bp`.
from gateway.web import (account, billing_pages, bookings, family, invoices, messages, payments,  # noqa: E402,F401
                         notification_settings, publications, staff,
                         staff_invoicing, staff_payments, staff_reservations, staff_tariffs)
