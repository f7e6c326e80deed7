from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from gateway import calls
from gateway.api import json_body
from gateway.errors import error
from gateway.schemas import ActivitiesQuery, BookingRequestSchema, BookingsQuery, PeriodQuery

bp = Blueprint("reservations", __name__)

MAX_PLANNING_DAYS = 366


@bp.get("/activities")
def activities():
    query = ActivitiesQuery().load(request.args)
    return jsonify(calls.activities(g.caller, query["child_id"]))


@bp.get("/children/<uuid:child_id>/planning")
def planning(child_id):
    query = PeriodQuery().load(request.args)
    first, last = calls.month_bounds()
    date_from, date_to = query.get("date_from", first), query.get("date_to", last)
    if date_from > date_to or calls.days_between(date_from, date_to) > MAX_PLANNING_DAYS:
        raise error("invalid_input", _("La période demandée est invalide."), 422,
                    {"fields": {"to": [_("La période doit compter au plus %(n)s jours.", n=MAX_PLANNING_DAYS)]}})
    return jsonify(calls.planning(g.caller, str(child_id), date_from, date_to))


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
