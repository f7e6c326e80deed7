"""Staff work the booking queues: pending requests, decisions, waiting lines."""
from __future__ import annotations

from functools import partial

from nameko.rpc import rpc

from services.chassis.errors import ServiceError, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import engine, schemas, storage

REFUSALS = {
    "already_decided": (409, "Cette demande a déjà été traitée."),
    "not_first_in_line": (409, "Seul le premier de la liste d'attente peut recevoir la place."),
    "full": (409, "Il n'y a plus de place ce jour-là."),
}


class StaffBookingRpc:
    @rpc
    def list_pending_bookings(self, caller, structure_id=None, date=None):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.PendingQuerySchema(), {"structure_id": structure_id, "date": date})
        if query["structure_id"] is not None:
            caller.require_structure(query["structure_id"])
            structures = [query["structure_id"]]
        else:
            structures = None if caller.is_admin else list(caller.structure_ids)
        with self.db.transaction() as conn:
            rows = storage.pending_bookings(conn, structures, query["date"])
        return [{"id": str(row["id"]), "booking_id": str(row["id"]), "child_id": str(row["child_id"]),
                 "child_name": row["child_name"], "family_id": str(row["family_id"]),
                 "activity_id": str(row["activity_id"]), "activity_name": row["activity_name"],
                 "structure_id": str(row["structure_id"]), "date": row["date"].isoformat(), "unit": row["unit"],
                 "requested_at": row["requested_at"].isoformat(), "places_left": row["places_left"]}
                for row in rows]

    @rpc
    def decide_booking(self, caller, booking_id, decision, reason=None):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.DecisionSchema(), {"booking_id": booking_id, "decision": decision, "reason": reason})
        with self.db.transaction() as conn:
            booking = storage.get_booking(conn, request["booking_id"])
            if booking is None:
                raise not_found("booking")
            activity = access.managed_activity(conn, caller, booking["activity_id"])
            try:
                decided = engine.decide(conn, partial(self.db.emit_many, conn), activity, booking,
                                        request["decision"], caller.user_id, self.clock.now(), request["reason"])
            except ValueError as refusal:
                status, message = REFUSALS[str(refusal)]
                raise ServiceError(str(refusal), message, {}, status) from None
        return {"id": str(decided["id"]), "status": decided["status"], "waiting_position": decided["waiting_position"],
                "reason": decided["reason"], "date": decided["date"].isoformat(), "unit": decided["unit"],
                "activity_id": str(decided["activity_id"]), "child_id": str(decided["child_id"])}

    @rpc
    def list_waiting(self, caller, activity_id, date):
        caller = caller_from(caller)
        query = load(schemas.WaitingQuerySchema(), {"activity_id": activity_id, "date": date})
        with self.db.transaction() as conn:
            access.managed_activity(conn, caller, query["activity_id"])
            rows = storage.waiting_lines(conn, query["activity_id"], query["date"])
        pools = {}
        for row in rows:
            pool = pools.setdefault(row["pool"], {"pool": row["pool"], "capacity": row["capacity"],
                                                  "accepted": row["accepted_count"], "lines": []})
            if row["booking_id"]:
                pool["lines"].append({"booking_id": str(row["booking_id"]), "child_name": row["child_name"],
                                      "unit": row["unit"], "waiting_position": row["waiting_position"],
                                      "since": row["since"].isoformat()})
        return list(pools.values())
