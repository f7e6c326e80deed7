"""Parents and staff book and cancel; the planning of a child's month; bookings listed."""
from __future__ import annotations

from functools import partial

from nameko.rpc import rpc

from services.chassis.errors import ServiceError, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import domain, engine, schemas, storage
from services.reservations.offer import storage as offer_storage


class BookingRpc:
    @rpc
    def get_planning(self, caller, child_id, date_from, date_to):
        caller = caller_from(caller)
        query = load(schemas.PlanningQuerySchema(),
                     {"child_id": child_id, "date_from": date_from, "date_to": date_to})
        with self.db.transaction() as conn:
            access.visible_child(conn, caller, query["child_id"])
            rows = storage.planning(conn, query["child_id"], query["date_from"], query["date_to"])
        return {"days": [{
            "date": row["date"].isoformat(),
            "activity_id": str(row["activity_id"]),
            "unit": row["unit"],
            "state": domain.planning_state(row["status"], row["accepted_count"], row["capacity"]),
            "booking_id": str(row["booking_id"]) if row["booking_id"] else None,
            "waiting_position": row["waiting_position"],
            "locked": False,  # booking deadlines come in a later milestone
            "price_cents": None,  # prices come from billing in a later milestone
        } for row in rows]}

    @rpc
    def book(self, caller, child_id, changes, idempotency_key):
        caller = caller_from(caller)
        request = load(schemas.BookSchema(),
                       {"child_id": child_id, "changes": changes, "idempotency_key": idempotency_key})
        fingerprint = domain.request_fingerprint(request["child_id"], request["changes"])
        now = self.clock.now()
        with self.db.transaction() as conn:
            child = access.visible_child(conn, caller, request["child_id"])
            earlier = storage.claim_request(conn, caller.user_id, request["idempotency_key"],
                                            child["family_id"], fingerprint, now)
            if earlier is not None:
                if earlier["fingerprint"] != fingerprint:
                    raise ServiceError(
                        "idempotency_key_reused",
                        "Cette clé d'idempotence a déjà servi pour une autre demande.", {}, 422)
                return earlier["response"]
            activities = offer_storage.get_activities(conn, {c["activity_id"] for c in request["changes"]})
            if len(activities) != len({c["activity_id"] for c in request["changes"]}):
                raise not_found("activity")
            results = engine.apply_changes(conn, partial(self.db.emit, conn), child, request["changes"],
                                             activities, "staff" if caller.is_staff else "family", now)
            response = {"results": results}
            storage.save_response(conn, caller.user_id, request["idempotency_key"], response)
        return response

    @rpc
    def list_bookings(self, caller, family_id, child_id=None, date_from=None, date_to=None, status=None):
        caller = caller_from(caller)
        query = load(schemas.BookingsQuerySchema(), {
            "family_id": family_id, "child_id": child_id, "date_from": date_from, "date_to": date_to,
            "status": status})
        caller.require_family(query["family_id"])
        with self.db.transaction() as conn:
            if query["child_id"] is not None:
                child = access.visible_child(conn, caller, query["child_id"])
                if child["family_id"] != query["family_id"]:
                    raise not_found("child")
            rows = storage.list_bookings(conn, **query)
        return [{"id": str(row["id"]), "child_id": str(row["child_id"]), "child_name": row["child_name"],
                 "activity_id": str(row["activity_id"]), "activity_name": row["activity_name"],
                 "date": row["date"].isoformat(), "unit": row["unit"], "status": row["status"]}
                for row in rows]
