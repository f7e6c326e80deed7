"""Staff API of reservations under /api/v1/staff: the offer, queues, waiting lists, roll call, contracts.

The offer's payloads are the service's own (docs/contracts.md), validated there; the gateway checks
what it reads itself (query strings, decisions). Scoping to structures is the service's: 403 outside.
"""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from gateway import auth, calls
from gateway.api import json_body
from gateway.api.reservations import period
from gateway.schemas import (BookingDecisionSchema, DayQuery, EnrolmentDecisionSchema, PendingBookingsQuery,
                             PeriodQuery, StaffFamilyQuery, StructureQuery, json_object)

bp = Blueprint("staff_reservations", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)


def created(result):
    return jsonify(result), 201


def body() -> dict:
    return json_object(json_body())


def day_of(query) -> str:
    """The `date` of the query string (today when absent); 422 when it is not a date."""
    return DayQuery().load(query).get("date") or calls.today().isoformat()


# the offer
@bp.get("/structures")
def structures():
    return jsonify(calls.structures(g.caller))


@bp.post("/structures")
def create_structure():
    return created(calls.create_structure(g.caller, body()))


@bp.get("/activities")
def offer():
    query = StructureQuery().load(request.args)
    return jsonify(calls.offer(g.caller, query.get("structure_id")))


@bp.post("/activities")
def create_activity():
    return created(calls.create_activity(g.caller, body()))


@bp.get("/activities/<uuid:activity_id>")
def activity(activity_id):
    return jsonify(calls.activity(g.caller, str(activity_id)))


@bp.patch("/activities/<uuid:activity_id>")
def update_activity(activity_id):
    return jsonify(calls.update_activity(g.caller, str(activity_id), body()))


@bp.post("/activities/<uuid:activity_id>/days")
def open_days(activity_id):
    return created(calls.open_days(g.caller, str(activity_id), body()))


@bp.get("/activities/<uuid:activity_id>/days")
def opening_days(activity_id):
    date_from, date_to = period(PeriodQuery().load(request.args))
    return jsonify(calls.opening_days(g.caller, str(activity_id), date_from, date_to))


@bp.post("/activities/<uuid:activity_id>/periods")
def open_period(activity_id):
    return created(calls.open_period(g.caller, str(activity_id), body()))


@bp.post("/activities/<uuid:activity_id>/closures")
def close_days(activity_id):
    return created(calls.close_days(g.caller, str(activity_id), body()))


@bp.delete("/activities/<uuid:activity_id>/closures/<day>")
def reopen_day(activity_id, day):
    return jsonify(calls.reopen_day(g.caller, str(activity_id), DayQuery().load({"date": day})["date"]))


@bp.put("/activities/<uuid:activity_id>/windows")
def set_windows(activity_id):
    return jsonify(calls.set_windows(g.caller, str(activity_id), body()))


@bp.post("/activities/<uuid:activity_id>/outings")
def add_outing(activity_id):
    return created(calls.add_outing(g.caller, str(activity_id), body()))


# queues
@bp.get("/enrolments")
def pending_enrolments():
    query = StructureQuery().load(request.args)
    return jsonify(calls.pending_enrolments(g.caller, query.get("structure_id")))


@bp.post("/enrolments/<uuid:enrolment_id>/decision")
def decide_enrolment(enrolment_id):
    data = EnrolmentDecisionSchema().load(json_body())
    return jsonify(calls.decide_enrolment(g.caller, str(enrolment_id), data["decision"], data["reason"]))


@bp.get("/bookings/pending")
def pending_bookings():
    query = PendingBookingsQuery().load(request.args)
    return jsonify(calls.pending_bookings(g.caller, query.get("structure_id"), query.get("date")))


@bp.post("/bookings/<uuid:booking_id>/decision")
def decide_booking(booking_id):
    data = BookingDecisionSchema().load(json_body())
    return jsonify(calls.decide_booking(g.caller, str(booking_id), data["decision"], data["reason"]))


@bp.get("/activities/<uuid:activity_id>/waiting-lists")
def waiting_lists(activity_id):
    return jsonify(calls.waiting_lists(g.caller, str(activity_id), day_of(request.args)))


# attendance
@bp.get("/activities/<uuid:activity_id>/roll-call")
def roll_call(activity_id):
    return jsonify(calls.roll_call(g.caller, str(activity_id), day_of(request.args)))


@bp.post("/activities/<uuid:activity_id>/roll-call")
def record_attendance(activity_id):
    day = day_of(request.args)
    return jsonify(calls.record_attendance(g.caller, str(activity_id), day, body()))


@bp.post("/contracts")
def create_contract():
    return created(calls.create_contract(g.caller, body()))


@bp.get("/contracts")
def contracts():
    query = StaffFamilyQuery().load(request.args)
    return jsonify(calls.contracts(g.caller, query["family_id"]))


@bp.post("/contracts/<uuid:contract_id>/extra-hours")
def record_extra_hours(contract_id):
    return created(calls.record_extra_hours(g.caller, str(contract_id), body()))


@bp.post("/contracts/<uuid:contract_id>/absences")
def declare_absence(contract_id):
    return created(calls.declare_absence(g.caller, str(contract_id), body()))
