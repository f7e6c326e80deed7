"""Booking rules, free of I/O: what a line of a request becomes, what a planning cell shows, how
answers and events look."""
from __future__ import annotations

import hashlib
import json
from uuid import UUID

AUTOMATIC, VALIDATION = "automatic", "validation"
BOOKING_MODES = (AUTOMATIC, VALIDATION)

ACCEPTED, PENDING, WAITING_LIST, REFUSED, CANCELLED = (
    "accepted", "pending", "waiting_list", "refused", "cancelled")
STATUSES = (ACCEPTED, PENDING, WAITING_LIST, REFUSED, CANCELLED)
LIVE = (ACCEPTED, PENDING, WAITING_LIST)

BOOK, CANCEL = "book", "cancel"
ACTIONS = (BOOK, CANCEL)

FAMILY, STAFF, SYSTEM = "family", "staff", "system"

# Why a line of a booking request was refused (the API's `reason` codes), in the order they are checked.
INVALID_UNIT = "invalid_unit"
NOT_ENROLLED = "not_enrolled"
AGE_OUT_OF_RANGE = "age_out_of_range"
CLOSED = "closed"
WINDOW_CLOSED = "window_closed"
DEADLINE_PASSED = "deadline_passed"
ACCOUNT_IN_DEBT = "account_in_debt"
INVALID_UNIT_COMBINATION = "invalid_unit_combination"
NOT_BOOKED = "not_booked"
CLOSURE = "closure"  # a booking cancelled because staff closed the day

BOOKING_EVENTS = {ACCEPTED: "booking.accepted", WAITING_LIST: "booking.waitlisted", PENDING: "booking.requested",
                  REFUSED: "booking.refused", CANCELLED: "booking.cancelled"}
PROMOTED_EVENT = "booking.promoted"
# v2: one event per child, author and outcome of a change, its bookings listed (v1 had one per booking:
# 31 AMQP messages for a month request, a third of the broker's and the consumers' work on the rush).
BOOKING_EVENTS_VERSION = 2
SHARED_BY_LINES = ("child_id", "family_id", "by")
REQUEST_PROCESSED_EVENT = "booking.request_processed"  # one per request applied: every line's outcome

PLANNING_STATE_OF_STATUS = {ACCEPTED: "booked", PENDING: "pending", WAITING_LIST: "waiting_list",
                            REFUSED: "refused"}


def status_for_new_booking(booking_mode: str, accepted_count: int, capacity: int, by: str) -> str:
    """Automatic mode, or staff booking: accepted while places remain, else the waiting list;
    validation mode: the family's request waits for staff."""
    if booking_mode == VALIDATION and by == FAMILY:
        return PENDING
    return ACCEPTED if has_place(accepted_count, capacity) else WAITING_LIST


def has_place(accepted_count: int, capacity: int) -> bool:
    return accepted_count < capacity


def planning_state(booking_status: str | None, attendance: str | None, accepted_count: int, capacity: int) -> str:
    if attendance:
        return attendance
    if booking_status in PLANNING_STATE_OF_STATUS:
        return PLANNING_STATE_OF_STATUS[booking_status]
    return "available" if has_place(accepted_count, capacity) else "full"


def lock_order(keys) -> list[tuple]:
    """Distinct pools (activity_id, date, pool) in the one order every transaction locks them:
    the order of PostgreSQL's uuid, date and "C" text, so two requests never deadlock."""
    return sorted(set(keys), key=lambda key: (UUID(str(key[0])), key[1], key[2]))


def request_fingerprint(child_id, changes: list[dict]) -> str:
    """What a booking request asked for: a key replayed with another request is a client error."""
    canonical = [[str(c["activity_id"]), c["date"].isoformat(), c["unit"], c["action"]] for c in changes]
    return hashlib.sha256(json.dumps([str(child_id), canonical]).encode()).hexdigest()


def result_line(change: dict, booking: dict | None = None, reason: str | None = None) -> dict:
    """One line of `book`'s answer: the booking as it now stands, or the reason of a refusal."""
    return {
        "activity_id": str(change["activity_id"]),
        "date": change["date"].isoformat(),
        "unit": change["unit"],
        "action": change["action"],
        "status": booking["status"] if booking else REFUSED,
        "booking_id": str(booking["id"]) if booking else None,
        "waiting_position": booking["waiting_position"] if booking else None,
        "reason": reason,
    }


def final_units(existing: set[str], books: set[str], cancels: set[str]) -> set[str]:
    """The units a child holds on a day once a request's books and cancels are applied."""
    return (existing | books) - cancels


def booking_event_data(booking: dict, activity: dict) -> dict:
    units = {unit["code"]: unit for unit in activity.get("units") or ()}
    unit = units.get(booking["unit"], {})
    return {
        "booking_id": str(booking["id"]),
        "child_id": str(booking["child_id"]),
        "family_id": str(booking["family_id"]),
        "activity_id": str(activity["id"]),
        "activity_name": activity["name"],
        "structure_id": str(activity["structure_id"]),
        "date": booking["date"].isoformat(),
        "unit": booking["unit"],
        "unit_label": unit.get("label", booking["unit"]),
        "waiting_position": booking["waiting_position"],
        "status": booking["status"],
        "by": booking.get("changed_by") or booking["by"],
        "reason": booking.get("reason"),
        "price_cents": unit.get("price_cents"),
    }


def grouped_booking_events(events: list[tuple]) -> list[tuple]:
    """`(name, booking_event_data)` per booking → one event per name, child and author:
    `(name, {child_id, family_id, by, bookings: [...]}, child id, version)`, the bookings in order,
    the events in the order of their first booking."""
    groups: dict[tuple, dict] = {}
    for name, data in events:
        key = (name, data["child_id"], data["by"])
        if key not in groups:
            groups[key] = {**{field: data[field] for field in SHARED_BY_LINES}, "bookings": []}
        groups[key]["bookings"].append({k: v for k, v in data.items() if k not in SHARED_BY_LINES})
    return [(name, group, child_id, BOOKING_EVENTS_VERSION) for (name, child_id, _), group in groups.items()]


def request_processed_data(key: str, request, results: list[dict]) -> dict:
    """`booking.request_processed`: a request's every line as `book` answered it (`request`: engine.Request)."""
    child = request.child
    return {
        "request_key": key, "family_id": str(child["family_id"]), "child_id": str(child["id"]),
        "child_first_name": child["first_name"], "by": request.by,
        "lines": [_outcome_line(line, request.activities[line["activity_id"]]) for line in results],
    }


def _outcome_line(line: dict, activity: dict) -> dict:
    labels = {unit["code"]: unit.get("label") for unit in activity.get("units") or ()}
    return {"activity_id": line["activity_id"], "activity_name": activity["name"], "date": line["date"],
            "unit": line["unit"], "unit_label": labels.get(line["unit"]) or line["unit"],
            "action": line["action"], "status": line["status"], "waiting_position": line["waiting_position"],
            "reason": line["reason"]}
