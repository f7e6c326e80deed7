"""Step 1 of booking: a child enrolled in an activity."""
from __future__ import annotations

from nameko.rpc import rpc

from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import schemas
from services.reservations.offer import storage as offer_storage


class EnrolmentRpc:
    @rpc
    def list_activities(self, caller, child_id):
        caller = caller_from(caller)
        query = load(schemas.ChildQuerySchema(), {"child_id": child_id})
        with self.db.transaction() as conn:
            access.visible_child(conn, caller, query["child_id"])
            rows = offer_storage.list_activities(conn)
        # Enrolment comes in a later milestone: until then every child counts as enrolled everywhere.
        return [{"id": str(row["id"]), "name": row["name"], "structure": row["structure"],
                 "units": [{"code": u["code"], "label": u["label"]} for u in row["units"]], "booking_mode": row["booking_mode"], "enrolment_status": "accepted"}
                for row in rows]
