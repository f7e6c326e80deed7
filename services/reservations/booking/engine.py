"""Booking, cancelling and serving waiting lines inside the caller's transaction.

The rules come from `domain`, the SQL from `storage`; `emit(name, data, subject)` writes an event to
the outbox of the same transaction. Every opening day touched is locked (`FOR UPDATE`) before its
bookings are read, so its accepted count and waiting line only change one transaction at a time.
"""
from __future__ import annotations

from uuid import uuid4

from services.reservations.booking import domain, storage
from services.reservations.booking.domain import ACCEPTED, AUTOMATIC, BOOK, CANCELLED, WAITING_LIST


def apply_changes(conn, emit, child: dict, changes: list[dict], activities: dict, by: str, now) -> list[dict]:
    """Apply each change in order; returns one result line per change."""
    pools = {activity_id: {unit["code"]: unit["pool"] for unit in activity["units"]}
             for activity_id, activity in activities.items()}

    def unit_known(change):
        return change["unit"] in pools[str(change["activity_id"])]

    def pool_key(change):
        return (str(change["activity_id"]), change["date"], pools[str(change["activity_id"])][change["unit"]])

    slots = storage.lock_opening_days(conn, domain.lock_order(pool_key(c) for c in changes if unit_known(c)))
    results = []
    for change in changes:
        if not unit_known(change):
            results.append(domain.result_line(change, reason=domain.INVALID_UNIT))
            continue
        apply = _book if change["action"] == BOOK else _cancel
        activity = activities[str(change["activity_id"])]
        slot = slots.get(pool_key(change))
        results.append(apply(conn, emit, change, child, activity, slot, by, now))
    return results


def serve_waiting_line(conn, emit, activity: dict, slot: dict, now) -> None:
    """Automatic mode: while places remain on a (locked) day, the first in line is accepted."""
    if activity["booking_mode"] != AUTOMATIC:
        return
    while domain.has_place(slot["accepted_count"], slot["capacity"]):
        first = storage.first_in_line(conn, slot["activity_id"], slot["date"], slot["pool"])
        if first is None:
            return
        promoted = storage.set_status(conn, first["id"], ACCEPTED, now)
        storage.close_waiting_gap(conn, slot["activity_id"], slot["date"], slot["pool"],
                                  first["waiting_position"])
        _count_accepted(conn, slot, +1)
        _announce(emit, promoted, activity)


def _book(conn, emit, change, child, activity, slot, by, now) -> dict:
    if slot is None:
        return domain.result_line(change, reason=domain.CLOSED)
    existing = storage.find_live_booking(conn, child["id"], change["activity_id"], change["date"],
                                         change["unit"])
    if existing:
        return domain.result_line(change, existing)
    status = domain.status_for_new_booking(activity["booking_mode"], slot["accepted_count"],
                                           slot["capacity"])
    position = (storage.next_waiting_position(conn, change["activity_id"], change["date"], slot["pool"])
                if status == WAITING_LIST else None)
    booking = storage.insert_booking(conn, {
        "id": uuid4(), "child_id": child["id"], "family_id": child["family_id"],
        "activity_id": change["activity_id"], "date": change["date"], "unit": change["unit"],
        "pool": slot["pool"], "status": status, "waiting_position": position, "by": by, "now": now,
    })
    if status == ACCEPTED:
        _count_accepted(conn, slot, +1)
    _announce(emit, booking, activity)
    return domain.result_line(change, booking)


def _cancel(conn, emit, change, child, activity, slot, by, now) -> dict:
    existing = slot and storage.find_live_booking(conn, child["id"], change["activity_id"],
                                                  change["date"], change["unit"])
    if not existing:
        return domain.result_line(change, reason=domain.NOT_BOOKED)
    cancelled = storage.set_status(conn, existing["id"], CANCELLED, now)
    if existing["status"] == ACCEPTED:
        _count_accepted(conn, slot, -1)
    elif existing["status"] == WAITING_LIST:
        storage.close_waiting_gap(conn, slot["activity_id"], slot["date"], slot["pool"],
                                  existing["waiting_position"])
    _announce(emit, cancelled, activity)
    serve_waiting_line(conn, emit, activity, slot, now)
    return domain.result_line(change, cancelled)


def _count_accepted(conn, slot: dict, delta: int) -> None:
    slot["accepted_count"] += delta
    storage.save_accepted_count(conn, slot)


def _announce(emit, booking: dict, activity: dict) -> None:
    name = domain.BOOKING_EVENTS.get(booking["status"])
    if name:  # a pending request is announced when staff decide (later milestone)
        emit(name, domain.booking_event_data(booking, activity), str(booking["id"]))
