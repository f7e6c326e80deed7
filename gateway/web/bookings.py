"""The parents' booking pages: activities and enrolment, the month planning, my bookings and their history.

The planning goes grid → summary → confirmation: the grid's ticks are compared with the current states
to list the changes, the summary carries them with an Idempotency-Key made when it was shown, and the
confirmation sends them once (a reload sends the same key and gets the same answer).
"""
from __future__ import annotations

import uuid
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask import flash, g, make_response, redirect, render_template, request, url_for
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext
from marshmallow import ValidationError

from gateway import calls
from gateway.errors import error
from gateway.rpc import ServiceUnavailable
from gateway.schemas import MONTH
from gateway.web import bp, done
from gateway.web import planning as grid
from services.chassis import config
from services.chassis.errors import ServiceError

ENROLMENT_STATUS = {
    "none": ("○", _l("Non inscrit")),
    "pending": ("?", _l("Demande d'inscription en attente de validation")),
    "accepted": ("✓", _l("Inscrit")),
    "refused": ("⊘", _l("Inscription refusée")),
}
BOOKING_MODES = {
    "automatic": _l("Réservation acceptée tout de suite dans la limite des places, sinon liste d'attente."),
    "validation": _l("Chaque réservation est soumise à la validation de la structure."),
}
BOOKING_STATUS = {
    "accepted": ("✓", _l("Acceptée")),
    "pending": ("?", _l("En attente de validation")),
    "waiting_list": ("≡", _l("Liste d'attente")),
    "refused": ("⊘", _l("Refusée")),
    "cancelled": ("✕", _l("Annulée")),
}
CHANGES = {  # a line of the history: what the booking became
    "accepted": _l("Réservation acceptée"),
    "pending": _l("Demande de réservation envoyée"),
    "waiting_list": _l("Mise en liste d'attente"),
    "refused": _l("Réservation refusée"),
    "cancelled": _l("Réservation annulée"),
}


def _labels() -> dict:
    """What the booking templates need to word codes."""
    return {"enrolment_status": ENROLMENT_STATUS, "booking_modes": BOOKING_MODES,
            "booking_status": BOOKING_STATUS, "day_label": grid.day_label, "changed_by": changed_by}


# --- shared ---------------------------------------------------------------------------------------

def _month(value: str | None) -> str:
    month = value or calls.today().strftime("%Y-%m")
    try:
        MONTH(month)
    except ValidationError:
        raise error("invalid_input", _("Mois attendu au format AAAA-MM."), 422) from None
    return month


def _month_title(month: str) -> str:
    return format_date(date.fromisoformat(f"{month}-01"), "LLLL yyyy", locale=str(get_locale()))


def _children() -> list:
    """The family's children, for names and the "other child" links; the pages work without them."""
    try:
        return calls.family(g.caller)["children"]
    except (ServiceError, ServiceUnavailable):
        return []


def _child(children: list, child_id: str) -> dict | None:
    return next((c for c in children if c["id"] == child_id), None)


def _first_child(endpoint: str):
    children = calls.family(g.caller)["children"]
    if not children:
        return done(_("Aucun enfant n'est enregistré dans votre dossier."), "web.family")
    return redirect(url_for(endpoint, child_id=children[0]["id"]))


def _service_refusal(exc: ServiceError) -> str:
    """A refusal shown on the page; a missing child or activity stays a 404 page."""
    if int(exc.status) == 404:
        raise exc
    return exc.message


def changed_by(by: str | None, at: str | None) -> str:
    """"par vous sur le web le 12 mars 2026 à 09:30", "par la mairie le …", "automatiquement le …"."""
    if not at:
        return ""
    instant = datetime.fromisoformat(at)
    tz, locale = ZoneInfo(config.get("TIMEZONE")), str(get_locale())
    when = _("le %(date)s à %(time)s", date=format_datetime(instant, "EEE d MMMM yyyy", tzinfo=tz, locale=locale),
             time=format_datetime(instant, "HH:mm", tzinfo=tz, locale=locale))
    if by == "family":
        return _("par vous sur le web %(when)s", when=when)
    if by == "staff":
        return _("par la mairie %(when)s", when=when)
    return _("automatiquement %(when)s", when=when)


# --- activities and enrolment ---------------------------------------------------------------------

@bp.get("/activities")
def activities_index():
    return _first_child("web.activities")


@bp.get("/children/<uuid:child_id>/activities")
def activities(child_id):
    child_id = str(child_id)
    found = calls.activities(g.caller, child_id)
    children = _children()
    groups = {}
    for activity in found:
        structure = activity.get("structure") or {}
        groups.setdefault(structure.get("id"), (structure, []))[1].append(activity)
    return render_template("activities.html", child=_child(children, child_id), child_id=child_id,
                           children=children, groups=list(groups.values()), age_range=age_range,
                           document_labels=_document_labels(), refusals=_refusals(found), **_labels())


def age_range(low: int | None, high: int | None) -> str:
    """Months as parents say it: min inclusive, max exclusive (36..72 → "de 3 à 6 ans")."""
    if low is None and high is None:
        return _("tous âges")
    if high is None:
        return _("à partir de %(age)s", age=_age(low))
    if low is None:
        return _("moins de %(age)s", age=_age(high))
    if low and low % 12 == 0 and high % 12 == 0:
        return _("de %(low)d à %(high)d ans", low=low // 12, high=high // 12)
    return _("de %(low)s à %(high)s", low=_age(low), high=_age(high))


def _age(months: int) -> str:
    years, rest = divmod(months, 12)
    if years == 0 or (years < 2 and rest):
        return ngettext("%(num)d mois", "%(num)d mois", months)
    text = ngettext("%(num)d an", "%(num)d ans", years)
    return _("%(years)s et %(months)s mois", years=text, months=rest) if rest else text


def _document_labels() -> dict:
    try:
        return {t["code"]: t["label"] for t in calls.document_types(g.caller)}
    except (ServiceError, ServiceUnavailable):
        return {}


def _refusals(found: list) -> dict:
    """The staff's reason of each refused enrolment shown, by enrolment id."""
    if not any(a.get("enrolment_status") == "refused" for a in found):
        return {}
    try:
        return {e["id"]: e.get("reason") for e in calls.enrolments(g.caller) if e["status"] == "refused"}
    except (ServiceError, ServiceUnavailable):
        return {}


@bp.post("/children/<uuid:child_id>/enrolments")
def request_enrolment(child_id):
    child_id = str(child_id)
    activity_id = (request.form.get("activity_id") or "").strip()
    try:
        enrolment = calls.request_enrolment(g.caller, {"child_id": child_id, "activity_id": activity_id})
    except ServiceError as exc:
        flash(_service_refusal(exc), "error")
        missing = exc.details.get("types") if isinstance(exc.details, dict) else None
        if missing:
            labels = _document_labels()
            flash(_("Documents à fournir (rubrique « Mes documents ») : %(list)s.",
                    list=", ".join(labels.get(code, code) for code in missing)), "error")
        return redirect(url_for("web.activities", child_id=child_id))
    name = next((a["name"] for a in calls.activities(g.caller, child_id) if a["id"] == activity_id), "")
    if enrolment["status"] == "accepted":
        message = _("Inscription à « %(name)s » acceptée : vous pouvez réserver dans le planning.", name=name)
    else:
        message = _("Demande d'inscription à « %(name)s » envoyée : elle sera examinée par la structure.",
                    name=name)
    return done(message, "web.activities", child_id=child_id)


@bp.post("/children/<uuid:child_id>/enrolments/<uuid:enrolment_id>/cancel")
def cancel_enrolment(child_id, enrolment_id):
    try:
        calls.cancel_enrolment(g.caller, str(enrolment_id))
    except ServiceError as exc:
        flash(_service_refusal(exc), "error")
        return redirect(url_for("web.activities", child_id=child_id))
    return done(_("L'inscription est annulée."), "web.activities", child_id=child_id)


# --- the month planning ---------------------------------------------------------------------------

@bp.get("/planning")
def planning_index():
    return _first_child("web.planning")


@bp.route("/children/<uuid:child_id>/planning", methods=["GET", "POST"])
def planning(child_id):
    """GET: the grid as it is. POST: the grid with the ticks of a form ("Retour" from the summary,
    "tout cocher" for a day without JavaScript), nothing saved."""
    month = _month(request.values.get("month"))
    if request.method == "GET":
        return _planning_page(str(child_id), month)
    return _planning_page(str(child_id), month, ticks=grid.ticks_from_form(request.form),
                          toggle_day=request.form.get("tick_day"))


@bp.post("/children/<uuid:child_id>/planning/summary")
def planning_summary(child_id):
    child_id = str(child_id)
    month = _month(request.form.get("month"))
    activities, days = _month_data(child_id, month)
    ticks = grid.ticks_from_form(request.form)
    known = {grid.cell_key(d["activity_id"], d["date"], d["unit"]) for d in days}
    ticks = {"shown": ticks["shown"] & known, "booked": ticks["booked"] & ticks["shown"] & known}
    changes = grid.pending_changes(ticks, days)
    children = _children()
    return render_template(
        "planning_summary.html", child=_child(children, child_id), child_id=child_id, month=month,
        month_title=_month_title(month), summary=grid.describe_changes(changes, days, activities),
        changes=[grid.change_value(c) for c in changes], shown=sorted(ticks["shown"]),
        booked=sorted(ticks["booked"]), idempotency_key=str(uuid.uuid4()))


@bp.post("/children/<uuid:child_id>/planning/confirm")
def planning_confirm(child_id):
    child_id = str(child_id)
    month = _month(request.form.get("month"))
    changes = grid.changes_from_form(request.form)
    if not changes:
        return done(_("Aucune modification demandée."), "web.planning", child_id=child_id, month=month)
    key = (request.form.get("idempotency_key") or "").strip()
    if not key or len(key) > 255:
        raise error("idempotency_key_required", _("Le formulaire a expiré : recommencez depuis le planning."), 400)
    try:
        answer = calls.book(g.caller, child_id, changes, key)
    except ServiceError as exc:
        return _planning_page(child_id, month, problem=_service_refusal(exc), status=int(exc.status))
    return _planning_page(child_id, month, results=answer["results"])


@bp.post("/children/<uuid:child_id>/planning/abandon")
def planning_abandon(child_id):
    return done(_("Vos changements sont abandonnés : rien n'a été modifié."), "web.planning",
                child_id=child_id, month=_month(request.form.get("month")))


def _planning_page(child_id: str, month: str, ticks=None, toggle_day=None, results=None, problem=None,
                   status: int = 200):
    activities, days = _month_data(child_id, month)
    children = _children()
    return render_template(
        "planning.html", child=_child(children, child_id), child_id=child_id, children=children, month=month,
        month_title=_month_title(month), previous_month=grid.shift_month(month, -1),
        next_month=grid.shift_month(month, 1), grid=grid.build_grid(activities, days, ticks, toggle_day),
        unsaved=ticks is not None, problem=problem, legend=grid.legend(),
        outcome=grid.describe_results(results, activities, days) if results is not None else None,
    ), status


def _month_data(child_id: str, month: str) -> tuple[list, list]:
    activities = calls.activities(g.caller, child_id)  # 404 for a child of another family
    date_from, date_to = calls.month_bounds(month)
    days = calls.planning(g.caller, child_id, date_from, date_to)["days"]
    return activities, days


# --- calendar feed --------------------------------------------------------------------------------

@bp.post("/children/<uuid:child_id>/calendar")
def create_calendar_feed(child_id):
    child_id = str(child_id)
    token = calls.create_calendar_feed(g.caller, child_id)["token"]
    feed = url_for("api.reservations.calendar_file", token=token, _external=True)
    response = make_response(render_template(
        "calendar_feed.html", child=_child(_children(), child_id), child_id=child_id, feed_url=feed,
        webcal_url="webcal://" + feed.split("://", 1)[1]))
    response.headers["Cache-Control"] = "no-store"  # the secret is shown once, never kept by a cache
    return response


@bp.post("/children/<uuid:child_id>/calendar/revoke")
def revoke_calendar_feeds(child_id):
    revoked = calls.revoke_calendar_feeds(g.caller, str(child_id))["revoked"]
    message = (ngettext("%(num)d lien de calendrier révoqué : il ne fonctionne plus.",
                        "%(num)d liens de calendrier révoqués : ils ne fonctionnent plus.", revoked)
               if revoked else _("Aucun lien de calendrier à révoquer."))
    return done(message, "web.planning", child_id=child_id)


# --- my bookings and their history ----------------------------------------------------------------

@bp.get("/bookings")
def bookings():
    month = _month(request.args.get("month"))
    child_id = request.args.get("child") or None
    status = request.args.get("status") or None
    if status is not None and status not in BOOKING_STATUS:
        raise error("invalid_input", _("Certaines données sont invalides."), 422)
    date_from, date_to = calls.month_bounds(month)
    found = calls.bookings(g.caller, child_id=child_id, date_from=date_from, date_to=date_to, status=status)
    found = sorted(found, key=lambda b: (b["date"], b.get("child_name", ""), b.get("activity_name", "")))
    return render_template(
        "bookings.html", bookings=found, children=_children(), child_id=child_id, status=status, month=month,
        month_title=_month_title(month), previous_month=grid.shift_month(month, -1),
        next_month=grid.shift_month(month, 1), units=_unit_labels({b["child_id"] for b in found}), **_labels())


@bp.get("/bookings/history")
def booking_history():
    child_id = request.args.get("child") or None
    entries = calls.booking_history(g.caller, child_id=child_id)
    return render_template("booking_history.html", entries=entries, children=_children(), child_id=child_id,
                           units=_unit_labels({e["child_id"] for e in entries}), changes=CHANGES,
                           reasons=grid.REASONS, **_labels())


def _unit_labels(child_ids: set) -> dict:
    """(activity_id, unit code) → the unit's label, from the activities of the children listed."""
    labels = {}
    for child_id in sorted(child_ids):
        try:
            for activity in calls.activities(g.caller, child_id):
                labels.update({(activity["id"], u["code"]): u["label"] for u in activity.get("units", [])})
        except (ServiceError, ServiceUnavailable):
            continue
    return labels
