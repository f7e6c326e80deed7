"""Parents and staff book and cancel; a child's month planning; bookings and their history."""
from __future__ import annotations

from nameko.rpc import rpc

from services.chassis import config
from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import batching, domain, planning, schemas, storage
from services.reservations.offer import storage as offer_storage
from services.reservations.rules.calendar import SchoolCalendar


def school_calendar() -> SchoolCalendar:
    return SchoolCalendar(config.get("SCHOOL_ZONE"))


class BookingRpc:
    booking_queue = batching.BookingQueue()

    @rpc
    def book(self, caller, child_id, changes, idempotency_key):
        caller = caller_from(caller)
        request = load(schemas.BookSchema(),
                       {"child_id": child_id, "changes": changes, "idempotency_key": idempotency_key})
        job = batching.Job(caller=caller, child_id=request["child_id"], changes=request["changes"],
                           key=request["idempotency_key"],
                           fingerprint=domain.request_fingerprint(request["child_id"], request["changes"]),
                           now=self.clock.now())
        return self.booking_queue.submit(job, lambda jobs: batching.run(self.db, jobs, school_calendar()))

    @rpc
    def get_planning(self, caller, child_id, date_from, date_to):
        caller = caller_from(caller)
        query = load(schemas.PlanningQuerySchema(),
                     {"child_id": child_id, "date_from": date_from, "date_to": date_to})
        with self.db.transaction() as conn:
            child = access.visible_child(conn, caller, query["child_id"])
            rows = storage.planning(conn, query["child_id"], query["date_from"], query["date_to"])
            activities = offer_storage.get_activities(conn, {str(row["activity_id"]) for row in rows})
            in_debt = storage.booking_context(conn, child["id"], child["family_id"], [])["in_debt"]
        cells = planning.Cells(child, activities, caller.is_staff, in_debt, self.clock.now(), school_calendar())
        return {"days": [cells.entry(row) for row in rows]}

    @rpc
    def list_bookings(self, caller, family_id, child_id=None, date_from=None, date_to=None, status=None):
        caller = caller_from(caller)
        query = load(schemas.BookingsQuerySchema(), {
            "family_id": family_id, "child_id": child_id, "date_from": date_from, "date_to": date_to,
            "status": status})
        caller.require_family(query["family_id"])
        with self.db.transaction() as conn:
            _check_child_of_family(conn, caller, query["child_id"], query["family_id"])
            rows = storage.list_bookings(conn, **query)
        return [{"id": str(row["id"]), "child_id": str(row["child_id"]), "child_name": row["child_name"],
                 "activity_id": str(row["activity_id"]), "activity_name": row["activity_name"],
                 "date": row["date"].isoformat(), "unit": row["unit"], "status": row["status"],
                 "waiting_position": row["waiting_position"], "by": row["by"],
                 "updated_at": row["updated_at"].isoformat()}
                for row in rows]

    @rpc
    def booking_history(self, caller, family_id, child_id=None, limit=200):
        caller = caller_from(caller)
        query = load(schemas.HistoryQuerySchema(), {"family_id": family_id, "child_id": child_id, "limit": limit})
        caller.require_family(query["family_id"])
        with self.db.transaction() as conn:
            _check_child_of_family(conn, caller, query["child_id"], query["family_id"])
            rows = storage.history(conn, query["family_id"], query["child_id"], query["limit"])
        return [{"booking_id": str(row["booking_id"]), "child_id": str(row["child_id"]),
                 "child_name": row["child_name"], "activity_id": str(row["activity_id"]),
                 "activity_name": row["activity_name"], "date": row["date"].isoformat(), "unit": row["unit"],
                 "status": row["status"], "waiting_position": row["waiting_position"], "by": row["by"],
                 "at": row["at"].isoformat(), "reason": row["reason"]}
                for row in rows]


def _check_child_of_family(conn, caller, child_id, family_id) -> None:
    if child_id is not None:
        child = access.visible_child(conn, caller, child_id)
        if str(child["family_id"]) != str(family_id):
            raise not_found("child")
