"""The booking engine: a child's batch of changes checked and applied in the caller's transaction.

Every check is made on the server: the lines first meet the rules that need no lock (unit, enrolment
— its row share-locked against a concurrent cancellation —, age, window, deadline, debt); the pools
of the lines are locked beforehand (`FOR UPDATE`, in one order, for a whole batch of requests:
`batching`) and the closures and the child's bookings on those days read under those locks, so
closures, unit combinations and places are judged on data no one else can change until the commit.
New bookings, history rows, counters and events are written in a few round trips at the end
(`Batch`), so the locks are held briefly on the opening day rush.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import uuid4

from services.reservations.booking import domain, storage
from services.reservations.booking.domain import (ACCEPTED, AUTOMATIC, BOOK, CANCELLED, PENDING,
                                                  PROMOTED_EVENT, STAFF, SYSTEM, WAITING_LIST)
from services.reservations.rules import combinations, deadlines, eligibility, windows


@dataclass
class Request:
    """Who asks, for which child, and what the checks need to know."""

    child: dict
    activities: dict            # str(activity id) → activity (offer.storage.get_activities)
    by: str                     # domain.FAMILY | domain.STAFF
    user_id: str
    now: datetime
    calendar: object            # rules.calendar.SchoolCalendar
    enrolled: set = field(default_factory=set)
    in_debt: bool = False


class Batch:
    """The writes of one transaction, flushed together: new bookings, history, counters, events."""

    def __init__(self, emit_many):
        self.emit_many = emit_many
        self.inserts: list[dict] = []
        self.changes: list[dict] = []
        self.events: list[tuple] = []
        self.slots: dict[tuple, dict] = {}

    def insert(self, booking: dict, activity: dict) -> None:
        self.inserts.append(booking)
        self.record(booking, activity, domain.BOOKING_EVENTS[booking["status"]])

    def record(self, booking: dict, activity: dict, event: str, changed_by: str | None = None,
               extra: dict | None = None) -> None:
        booking = {**booking, "changed_by": changed_by or booking.get("changed_by") or booking["by"]}
        self.changes.append(booking)
        self.events.append((event, {**domain.booking_event_data(booking, activity), **(extra or {})}))

    def touch(self, slot: dict) -> None:
        self.slots[(str(slot["activity_id"]), slot["date"], slot["pool"])] = slot

    def flush_inserts(self, conn) -> None:
        """New bookings written now: a waiting line about to move must be complete in the database."""
        if self.inserts:
            storage.insert_bookings(conn, self.inserts)
            self.inserts = []

    def flush(self, conn) -> None:
        self.flush_inserts(conn)
        if self.changes:
            storage.insert_changes(conn, self.changes)
        if self.slots:
            storage.save_counts(conn, self.slots.values())
        if self.events:
            self.emit_many(domain.grouped_booking_events(self.events))
        self.changes, self.events, self.slots = [], [], {}


# --- a family's or staff's request -----------------------------------------------------------------


def apply_changes(conn, emit_many, request: Request, changes: list[dict], slots: dict) -> list[dict]:
    """Check and apply each change in order; returns one result line per change. `slots`: the open
    days' pools the transaction has locked ({key: row}, at least those of `pools_to_lock`)."""
    reasons = {i: _refusal_without_lock(request, change) for i, change in enumerate(changes)}
    pools = {i: _pool_of(request, change) for i, change in enumerate(changes) if not reasons[i]}
    closed, held = storage.read_under_locks(conn, request.child["id"], list(request.activities),
                                            sorted({c["date"] for c in changes}))
    for i, key in pools.items():
        if key not in slots or key[:2] in closed:
            reasons[i] = domain.CLOSED
    for i in _invalid_combinations(request, changes, reasons, held):
        reasons[i] = domain.INVALID_UNIT_COMBINATION

    batch, results = Batch(emit_many), []
    for i, change in enumerate(changes):
        if reasons[i]:
            results.append(domain.result_line(change, reason=reasons[i]))
            continue
        activity, slot = request.activities[str(change["activity_id"])], slots[pools[i]]
        key = (str(change["activity_id"]), change["date"], change["unit"])
        if change["action"] == BOOK:
            booking = held.get(key) or _book(batch, request, change, activity, slot)
            held[key] = booking
            results.append(domain.result_line(change, booking))
        elif key not in held:
            results.append(domain.result_line(change, reason=domain.NOT_BOOKED))
        else:
            batch.flush_inserts(conn)
            # only staff get past the deadline; billing bills such late cancellations
            late = deadlines.is_locked(activity["cancel_deadline"] or [], change["date"], request.now,
                                       request.calendar)
            cancelled = cancel(conn, batch, activity, slot, held.pop(key), request.by, request.user_id,
                               request.now, late=late)
            results.append(domain.result_line(change, cancelled))
    batch.flush(conn)
    return results


def _refusal_without_lock(request: Request, change: dict) -> str | None:
    activity = request.activities[str(change["activity_id"])]
    units = {unit["code"]: unit for unit in activity["units"]}
    unit, day, booking = units.get(change["unit"]), change["date"], change["action"] == BOOK
    if unit is None:
        return domain.INVALID_UNIT
    if str(activity["id"]) not in request.enrolled:
        return domain.NOT_ENROLLED
    if booking and not eligibility.age_fits(activity, request.child["birth_date"], day):
        return domain.AGE_OUT_OF_RANGE
    if request.by == STAFF:  # the town hall may book and cancel outside windows and deadlines
        return None
    if booking and not windows.is_open(activity["windows"], day, request.now):
        return domain.WINDOW_CLOSED
    rules = activity["booking_deadline"] if booking else activity["cancel_deadline"]
    if deadlines.is_locked(rules or [], day, request.now, request.calendar):
        return domain.DEADLINE_PASSED
    if booking and activity["blocks_on_debt"] and request.in_debt:
        return domain.ACCOUNT_IN_DEBT
    return None


def pools_to_lock(request: Request, changes: list[dict]) -> list[tuple]:
    """The pools (activity_id, date, pool) the changes may touch: those of every line of a known unit."""
    return [_pool_of(request, change) for change in changes
            if any(unit["code"] == change["unit"] for unit in request.activities[str(change["activity_id"])]["units"])]


def _pool_of(request: Request, change: dict) -> tuple:
    activity = request.activities[str(change["activity_id"])]
    pool = next(unit["pool"] for unit in activity["units"] if unit["code"] == change["unit"])
    return (str(activity["id"]), change["date"], pool)


def _invalid_combinations(request: Request, changes: list[dict], reasons: dict, held: dict) -> list[int]:
    """The lines of the days whose units, once the request is applied, are not an allowed combination."""
    lines_of_day = defaultdict(list)
    for i, change in enumerate(changes):
        activity = request.activities[str(change["activity_id"])]
        if not reasons[i] and activity["unit_combinations"] is not None and not _is_outing(activity, change["unit"]):
            lines_of_day[(str(activity["id"]), change["date"])].append(i)
    refused = []
    for (activity_id, day), lines in lines_of_day.items():
        activity = request.activities[activity_id]
        kept = {unit for (a, d, unit) in held if (a, d) == (activity_id, day) and not _is_outing(activity, unit)}
        books = {changes[i]["unit"] for i in lines if changes[i]["action"] == BOOK}
        cancels = {changes[i]["unit"] for i in lines if changes[i]["action"] != BOOK}
        if not combinations.combination_allowed(activity["unit_combinations"],
                                                domain.final_units(kept, books, cancels)):
            refused.extend(lines)
    return refused


def _is_outing(activity: dict, code: str) -> bool:
    return any(unit["code"] == code and unit.get("kind") == "outing" for unit in activity["units"])


def _book(batch: Batch, request: Request, change: dict, activity: dict, slot: dict) -> dict:
    status = domain.status_for_new_booking(activity["booking_mode"], slot["accepted_count"], slot["capacity"],
                                           request.by)
    position = None
    if status == ACCEPTED:
        slot["accepted_count"] += 1
    elif status == WAITING_LIST:
        slot["waiting_count"] += 1
        position = slot["waiting_count"]
    booking = {
        "id": uuid4(), "child_id": request.child["id"], "family_id": request.child["family_id"],
        "activity_id": activity["id"], "date": change["date"], "unit": change["unit"], "pool": slot["pool"],
        "status": status, "waiting_position": position, "by": request.by, "user_id": request.user_id,
        "reason": None, "created_at": request.now, "updated_at": request.now,
    }
    batch.insert(booking, activity)
    batch.touch(slot)
    return booking


# --- moves shared by requests, staff decisions, closures and capacity changes -----------------------


def cancel(conn, batch: Batch, activity: dict, slot: dict, booking: dict, by: str, user_id, now,
           reason: str | None = None, late: bool = False) -> dict:
    """Cancel a live booking on its locked day (`late`: after the day's cancel deadline); its place goes
    to the waiting line."""
    cancelled = storage.set_status(conn, booking["id"], CANCELLED, now, user_id, reason)
    leave(conn, slot, booking)
    batch.record(cancelled, activity, domain.BOOKING_EVENTS[CANCELLED], by, extra={"late": late})
    batch.touch(slot)
    _serve(conn, batch, activity, slot, now)
    return cancelled


def leave(conn, slot: dict, booking: dict) -> None:
    """The counters and the waiting line once `booking` no longer holds its place or its rank."""
    if booking["status"] == ACCEPTED:
        slot["accepted_count"] -= 1
    elif booking["status"] == WAITING_LIST:
        storage.close_waiting_gap(conn, slot["activity_id"], slot["date"], slot["pool"], booking["waiting_position"])
        slot["waiting_count"] -= 1


def _serve(conn, batch: Batch, activity: dict, slot: dict, now) -> None:
    """Automatic mode: while places remain on the (locked) day, the first in line is accepted and told.
    In validation mode the place is offered to staff (their queue shows the places left)."""
    if activity["booking_mode"] != AUTOMATIC:
        return
    while domain.has_place(slot["accepted_count"], slot["capacity"]) and slot["waiting_count"] > 0:
        first = storage.first_in_line(conn, slot["activity_id"], slot["date"], slot["pool"])
        if first is None:
            return
        leave(conn, slot, first)
        promoted = storage.set_status(conn, first["id"], ACCEPTED, now)
        slot["accepted_count"] += 1
        batch.record(promoted, activity, PROMOTED_EVENT, SYSTEM)
        batch.touch(slot)


def serve_waiting_line(conn, emit_many, activity: dict, slot: dict, now) -> None:
    """After places were added to a locked day: the waiting line served (automatic mode)."""
    batch = Batch(emit_many)
    _serve(conn, batch, activity, slot, now)
    batch.flush(conn)


def cancel_bookings_on_days(conn, emit_many, activity: dict, dates: list[date], user_id, now) -> int:
    """Staff closed these days: their live bookings are cancelled (reason `closure`) and announced."""
    keys = domain.lock_order(storage.pools_of_days(conn, activity["id"], dates))
    slots = storage.lock_opening_days(conn, keys)
    batch, count = Batch(emit_many), 0
    for booking in storage.live_bookings_on_days(conn, activity["id"], dates):
        slot = slots[(str(booking["activity_id"]), booking["date"], booking["pool"])]
        cancelled = storage.set_status(conn, booking["id"], CANCELLED, now, user_id, domain.CLOSURE)
        if booking["status"] == ACCEPTED:
            slot["accepted_count"] -= 1
        batch.record(cancelled, activity, domain.BOOKING_EVENTS[CANCELLED], STAFF, extra={"late": False})
        batch.touch(slot)
        count += 1
    for slot in batch.slots.values():  # everyone left the day: no line remains
        slot["waiting_count"] = 0
    batch.flush(conn)
    return count


def decide(conn, emit_many, activity: dict, booking: dict, decision: str, user_id, now,
           reason: str | None = None) -> dict:
    """Staff decide a pending request (accept, waiting list, refuse), accept the first in line or take
    someone off a waiting line (refuse).
    Returns the booking as it now stands; raises `ValueError(code)` when the decision cannot be made."""
    slot = storage.lock_day(conn, booking["activity_id"], booking["date"], booking["pool"])
    booking = storage.get_booking(conn, booking["id"])  # as it stands under the lock
    batch = Batch(emit_many)
    if decision == "accept":
        if booking["status"] not in (PENDING, WAITING_LIST):
            raise ValueError("already_decided")
        if booking["status"] == WAITING_LIST and booking["waiting_position"] != 1:
            raise ValueError("not_first_in_line")
        if not domain.has_place(slot["accepted_count"], slot["capacity"]):
            raise ValueError("full")
        event = PROMOTED_EVENT if booking["status"] == WAITING_LIST else domain.BOOKING_EVENTS[ACCEPTED]
        leave(conn, slot, booking)
        decided = storage.set_status(conn, booking["id"], ACCEPTED, now, user_id)
        slot["accepted_count"] += 1
    elif decision == "waiting_list":
        if booking["status"] != PENDING:
            raise ValueError("already_decided")
        slot["waiting_count"] += 1
        decided = storage.set_status(conn, booking["id"], WAITING_LIST, now, user_id,
                                     position=slot["waiting_count"])
        event = domain.BOOKING_EVENTS[WAITING_LIST]
    else:  # a request, or a place in line, refused: those behind move up
        if booking["status"] not in (PENDING, WAITING_LIST):
            raise ValueError("already_decided")
        leave(conn, slot, booking)
        decided = storage.set_status(conn, booking["id"], domain.REFUSED, now, user_id, reason)
        event = domain.BOOKING_EVENTS[domain.REFUSED]
    batch.record(decided, activity, event, STAFF)
    batch.touch(slot)
    batch.flush(conn)
    return decided
