"""Booking rules, free of I/O: what a new booking becomes, what a planning cell shows, how answers look."""
from __future__ import annotations

import hashlib
import json
from uuid import UUID

AUTOMATIC, VALIDATION = "automatic", "validation"
BOOKING_MODES = (AUTOMATIC, VALIDATION)

ACCEPTED, PENDING, WAITING_LIST, REFUSED, CANCELLED = (
    "accepted", "pending", "waiting_list", "refused", "cancelled")
STATUSES = (ACCEPTED, PENDING, WAITING_LIST, REFUSED, CANCELLED)

BOOK, CANCEL = "book", "cancel"
ACTIONS = (BOOK, CANCEL)

# Why a line of a booking request was refused (the API's `reason` codes).
CLOSED, INVALID_UNIT, NOT_BOOKED = "closed", "invalid_unit", "not_booked"

BOOKING_EVENTS = {ACCEPTED: "booking.accepted", WAITING_LIST: "booking.waitlisted",
                  CANCELLED: "booking.cancelled"}

PLANNING_STATE_OF_STATUS = {ACCEPTED: "booked", PENDING: "pending", WAITING_LIST: "waiting_list",
                            REFUSED: "refused"}


def status_for_new_booking(booking_mode: str, accepted_count: int, capacity: int) -> str:
    """Automatic mode: accepted while places remain, else the waiting list; validation: staff decides."""
    if booking_mode == VALIDATION:
        return PENDING
    return ACCEPTED if has_place(accepted_count, capacity) else WAITING_LIST


def has_place(accepted_count: int, capacity: int) -> bool:
    return accepted_count < capacity


def planning_state(booking_status: str | None, accepted_count: int, capacity: int) -> str:
    if booking_status in PLANNING_STATE_OF_STATUS:
        return PLANNING_STATE_OF_STATUS[booking_status]
    return "available" if has_place(accepted_count, capacity) else "full"


def slot_key(line: dict) -> tuple:
    return (str(line["activity_id"]), line["date"], line["unit"])


def lock_order(keys) -> list[tuple]:
    """Distinct slots (activity_id, date, unit) in the one order every transaction locks them:
    the order of PostgreSQL's uuid, date and "C" text, so two requests never deadlock."""
    return sorted(set(keys), key=lambda key: (UUID(key[0]), key[1], key[2]))


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


def booking_event_data(booking: dict, activity: dict) -> dict:
    labels = {unit["code"]: unit["label"] for unit in activity.get("units") or ()}
    return {
        "booking_id": str(booking["id"]),
        "child_id": str(booking["child_id"]),
        "family_id": str(booking["family_id"]),
        "activity_id": str(activity["id"]),
        "activity_name": activity["name"],
        "structure_id": str(activity["structure_id"]),
        "date": booking["date"].isoformat(),
        "unit": booking["unit"],
        "unit_label": labels.get(booking["unit"], booking["unit"]),
        "waiting_position": booking["waiting_position"],
    }
