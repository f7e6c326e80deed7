"""The reservations service: structures, activities, opening days, bookings and waiting lists."""
from __future__ import annotations

from functools import partial
from uuid import uuid4

from nameko.rpc import rpc

from services.chassis.consumers import handles
from services.chassis.events import ANONYMOUS, event_time
from services.chassis.dependencies import ServiceBase
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import bookings, domain, schemas, storage



class ReservationsService(ServiceBase):
    name = "reservations"

    # Read model of children, fed by accounts (a child added on an accepted request comes as
    # `child.created` too).

    @handles("accounts", "child.created", schemas.ChildCreatedSchema())
    def on_child_created(self, conn, child, event):
        storage.upsert_child(conn, child, event_time(event))

    @handles("accounts", "child.updated", schemas.ChildCreatedSchema())
    def on_child_updated(self, conn, child, event):
        storage.upsert_child(conn, child, event_time(event))

    @handles("accounts", "family.anonymised", schemas.FamilyAnonymisedSchema())
    def on_family_anonymised(self, conn, family, event):
        storage.anonymise_children(conn, family["family_id"], ANONYMOUS, event_time(event))

    @rpc
    def create_structure(self, caller, payload):
        caller_from(caller).require_staff()
        structure = load(schemas.StructureSchema(), payload)
        with self.db.transaction() as conn:
            row = storage.insert_structure(conn, {"id": uuid4(), **structure})
        return {"id": str(row["id"]), "name": row["name"], "kind": row["kind"]}

    @rpc
    def create_activity(self, caller, payload):
        caller_from(caller).require_staff()
        activity = {"id": uuid4(), **load(schemas.ActivitySchema(), payload)}
        with self.db.transaction() as conn:
            if not storage.structure_exists(conn, activity["structure_id"]):
                raise not_found("structure")
            storage.insert_activity(conn, activity)
        return {"id": str(activity["id"]), "name": activity["name"],
                "structure_id": str(activity["structure_id"]), "booking_mode": activity["booking_mode"],
                "units": activity["units"]}

    @rpc
    def open_days(self, caller, activity_id, payload):
        caller_from(caller).require_staff()
        if not isinstance(payload, dict):
            raise invalid({"fields": {"_schema": ["Un objet est attendu."]}})
        request = load(schemas.OpenDaysSchema(), {"activity_id": activity_id, **payload})
        days = sorted(request["days"], key=lambda day: (day["date"], day["unit"]))  # lock order
        with self.db.transaction() as conn:
            activity = _activity(conn, request["activity_id"])
            codes = {unit["code"] for unit in activity["units"]}
            unknown = {i: {"unit": ["Unité inconnue pour cette activité."]}
                       for i, day in enumerate(request["days"]) if day["unit"] not in codes}
            if unknown:
                raise invalid({"fields": {"days": unknown}})
            slots = storage.upsert_opening_days(conn, request["activity_id"], days)
            emit, now = self._emitter(conn), self.clock.now()
            for slot in slots:  # a raised capacity serves the waiting line
                bookings.serve_waiting_line(conn, emit, activity, slot, now)
        return {"opened": len(slots)}

    @rpc
    def list_activities(self, caller, child_id):
        caller = caller_from(caller)
        query = load(schemas.ChildQuerySchema(), {"child_id": child_id})
        with self.db.transaction() as conn:
            _visible_child(conn, caller, query["child_id"])
            rows = storage.list_activities(conn)
        # Enrolment comes in a later milestone: until then every child counts as enrolled everywhere.
        return [{"id": str(row["id"]), "name": row["name"], "structure": row["structure"],
                 "units": row["units"], "booking_mode": row["booking_mode"], "enrolment_status": "accepted"}
                for row in rows]

    @rpc
    def get_planning(self, caller, child_id, date_from, date_to):
        caller = caller_from(caller)
        query = load(schemas.PlanningQuerySchema(),
                     {"child_id": child_id, "date_from": date_from, "date_to": date_to})
        with self.db.transaction() as conn:
            _visible_child(conn, caller, query["child_id"])
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
            child = _visible_child(conn, caller, request["child_id"])
            earlier = storage.claim_request(conn, caller.user_id, request["idempotency_key"],
                                            child["family_id"], fingerprint, now)
            if earlier is not None:
                if earlier["fingerprint"] != fingerprint:
                    raise ServiceError(
                        "idempotency_key_reused",
                        "Cette clé d'idempotence a déjà servi pour une autre demande.", {}, 422)
                return earlier["response"]
            activities = storage.get_activities(conn, {c["activity_id"] for c in request["changes"]})
            if len(activities) != len({c["activity_id"] for c in request["changes"]}):
                raise not_found("activity")
            results = bookings.apply_changes(conn, self._emitter(conn), child, request["changes"],
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
                child = _visible_child(conn, caller, query["child_id"])
                if child["family_id"] != query["family_id"]:
                    raise not_found("child")
            rows = storage.list_bookings(conn, **query)
        return [{"id": str(row["id"]), "child_id": str(row["child_id"]), "child_name": row["child_name"],
                 "activity_id": str(row["activity_id"]), "activity_name": row["activity_name"],
                 "date": row["date"].isoformat(), "unit": row["unit"], "status": row["status"]}
                for row in rows]

    def _emitter(self, conn):
        return partial(self.db.emit, conn)



def _visible_child(conn, caller, child_id) -> dict:
    """The child, if the caller may see it: staff see every child, a parent only their own."""
    child = storage.get_child(conn, child_id)
    if child is None or not (caller.is_staff or str(child["family_id"]) == str(caller.family_id)):
        raise not_found("child")
    return child


def _activity(conn, activity_id) -> dict:
    activity = storage.get_activities(conn, [activity_id]).get(str(activity_id))
    if activity is None:
        raise not_found("activity")
    return activity
