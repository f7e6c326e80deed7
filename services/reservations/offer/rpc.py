"""Staff configure the offer: structures, activities, opening days and capacities."""
from __future__ import annotations

from functools import partial
from uuid import uuid4

from nameko.rpc import rpc

from services.chassis.errors import invalid, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import engine
from services.reservations.offer import schemas, storage


class OfferRpc:
    @rpc
    def create_structure(self, caller, payload):
        caller_from(caller).require_admin()
        structure = load(schemas.StructureSchema(), payload)
        with self.db.transaction() as conn:
            row = storage.insert_structure(conn, {"id": uuid4(), **structure})
        return {"id": str(row["id"]), "name": row["name"], "kind": row["kind"]}

    @rpc
    def create_activity(self, caller, payload):
        caller = caller_from(caller)
        caller.require_staff()
        activity = {"id": uuid4(), **load(schemas.ActivitySchema(), payload)}
        caller.require_structure(activity["structure_id"])
        with self.db.transaction() as conn:
            if not storage.structure_exists(conn, activity["structure_id"]):
                raise not_found("structure")
            storage.insert_activity(conn, activity)
        return {"id": str(activity["id"]), "name": activity["name"],
                "structure_id": str(activity["structure_id"]), "booking_mode": activity["booking_mode"],
                "units": activity["units"]}

    @rpc
    def open_days(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        if not isinstance(payload, dict):
            raise invalid({"fields": {"_schema": ["Un objet est attendu."]}})
        request = load(schemas.OpenDaysSchema(), {"activity_id": activity_id, **payload})
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            pools = {unit["code"]: unit["pool"] for unit in activity["units"]}
            unknown = {i: {"unit": ["Unité inconnue pour cette activité."]}
                       for i, day in enumerate(request["days"]) if day["unit"] not in pools}
            if unknown:
                raise invalid({"fields": {"days": unknown}})
            days = sorted({(day["date"], pools[day["unit"]]): day["capacity"]
                           for day in request["days"]}.items())  # lock order
            slots = storage.upsert_opening_days(conn, request["activity_id"], days)
            emit, now = partial(self.db.emit, conn), self.clock.now()
            for slot in slots:  # a raised capacity serves the waiting line
                engine.serve_waiting_line(conn, emit, activity, slot, now)
        return {"opened": len(slots)}
