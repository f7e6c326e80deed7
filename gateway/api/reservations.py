"""Parents' reservations: the offer, enrolments, planning, bookings and their history, crèche contracts,
calendar feeds. Staff reach a family's data with `?family_id=` where a family is needed."""
from __future__ import annotations

import re

from flask import Blueprint, Response, g, jsonify, request, url_for
from flask_babel import gettext as _

from gateway import auth as sessions, calls
from gateway.api import json_body
from gateway.errors import error
from gateway.schemas import (AbsenceSchema, ActivitiesQuery, BookingRequestSchema, BookingsQuery,
                             EnrolmentRequestSchema, FamilyQuery, HistoryQuery, PlanningQuery)

bp = Blueprint("reservations", __name__)

MAX_PLANNING_DAYS = 366
MAX_FEED_TOKEN = 512
FILENAME_UNSAFE = re.compile(r'[^A-Za-z0-9._-]+')


def period(query: dict) -> tuple[str, str]:
    """The `from`/`to` of a query (default: this month), at most MAX_PLANNING_DAYS long; 422 otherwise."""
    first, last = calls.month_bounds()
    date_from, date_to = query.get("date_from", first), query.get("date_to", last)
    if date_from > date_to or calls.days_between(date_from, date_to) > MAX_PLANNING_DAYS:
        raise error("invalid_input", _("La période demandée est invalide."), 422,
                    {"fields": {"to": [_("La période doit compter au plus %(n)s jours.", n=MAX_PLANNING_DAYS)]}})
    return date_from, date_to


@bp.get("/activities")
def activities():
    query = ActivitiesQuery().load(request.args)
    return jsonify(calls.activities(g.caller, query["child_id"]))


@bp.get("/activities/<uuid:activity_id>")
def activity(activity_id):
    return jsonify(calls.activity(g.caller, str(activity_id)))


@bp.post("/enrolments")
def request_enrolment():
    data = EnrolmentRequestSchema().load(json_body())
    return jsonify(calls.request_enrolment(g.caller, data)), 201


@bp.get("/enrolments")
def enrolments():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.enrolments(g.caller, query.get("family_id")))


@bp.delete("/enrolments/<uuid:enrolment_id>")
def cancel_enrolment(enrolment_id):
    return jsonify(calls.cancel_enrolment(g.caller, str(enrolment_id)))


@bp.get("/children/<uuid:child_id>/planning")
def planning(child_id):
    query = PlanningQuery().load(request.args)
    date_from, date_to = period(query)
    return jsonify(calls.planning(g.caller, str(child_id), date_from, date_to, query.get("family_id")))


@bp.post("/bookings")
def book():
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key or len(key) > 255:
        raise error("idempotency_key_required",
                    _("L'en-tête Idempotency-Key est obligatoire (255 caractères au plus)."), 400)
    data = BookingRequestSchema().load(json_body())
    return jsonify(calls.book(g.caller, data["child_id"], data["changes"], key))


@bp.get("/bookings")
def bookings():
    query = BookingsQuery().load(request.args)
    family_id = query.pop("family_id", None)
    return jsonify(calls.bookings(g.caller, family_id, **query))


@bp.get("/bookings/history")
def booking_history():
    query = HistoryQuery().load(request.args)
    return jsonify(calls.booking_history(g.caller, query.get("family_id"), query.get("child_id")))


@bp.get("/contracts")
def contracts():
    query = FamilyQuery().load(request.args)
    return jsonify(calls.contracts(g.caller, query.get("family_id")))


@bp.post("/contracts/<uuid:contract_id>/absences")
def declare_absence(contract_id):
    data = AbsenceSchema().load(json_body())
    return jsonify(calls.declare_absence(g.caller, str(contract_id), data)), 201


@bp.post("/children/<uuid:child_id>/calendar-feed")
def create_calendar_feed(child_id):
    """The secret address of the child's calendar, shown once (only its hash is kept)."""
    token = calls.create_calendar_feed(g.caller, str(child_id))["token"]
    return jsonify({"url": url_for("api.reservations.calendar_file", token=token, _external=True)}), 201


@bp.delete("/children/<uuid:child_id>/calendar-feed")
def revoke_calendar_feeds(child_id):
    return jsonify(calls.revoke_calendar_feeds(g.caller, str(child_id)))


@bp.get("/calendar/<token>.ics")
@sessions.public
def calendar_file(token):
    """What calendar applications subscribe to: the token in the address is the only credential."""
    if len(token) > MAX_FEED_TOKEN:
        raise error("not_found", _("Élément introuvable."), 404, {"resource": "calendar_feed"})
    feed = calls.calendar_feed(token)
    filename = FILENAME_UNSAFE.sub("-", feed.get("filename") or "planning.ics").strip("-.") or "planning.ics"
    return Response(feed["content"], content_type="text/calendar; charset=utf-8", headers={
        "Content-Disposition": f'inline; filename="{filename}"',
        "Cache-Control": "private, no-cache",
        "X-Content-Type-Options": "nosniff",
    })
