"""Step 1 of booking: a child enrolled in an activity (at once, or after staff approval)."""
from __future__ import annotations

from uuid import uuid4

import psycopg
from nameko.rpc import rpc

from services.chassis.clock import PARIS
from services.chassis.errors import ServiceError, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.enrolments import schemas, storage
from services.reservations.offer import storage as offer_storage
from services.reservations.offer.views import activity_view
from services.reservations.rules import eligibility

EVENTS = {"pending": "enrolment.requested", "accepted": "enrolment.accepted",
          "refused": "enrolment.refused", "cancelled": "enrolment.cancelled"}


def already_enrolled() -> ServiceError:
    return ServiceError("already_enrolled", "L'enfant est déjà inscrit ou en attente d'inscription à cette "
                        "activité.", {}, 409)


class EnrolmentRpc:
    @rpc
    def list_activities(self, caller, child_id):
        caller = caller_from(caller)
        query = load(schemas.ChildQuerySchema(), {"child_id": child_id})
        with self.db.transaction() as conn:
            access.visible_child(conn, caller, query["child_id"])
            activities = offer_storage.list_activities(conn)
            statuses = storage.child_statuses(conn, query["child_id"])
        result = []
        for activity in activities:
            enrolment = statuses.get(str(activity["id"]))
            shown = activity_view(activity)
            result.append({
                **{key: shown[key] for key in ("id", "name", "structure", "units", "booking_mode")},
                "enrolment_status": enrolment["status"] if enrolment else "none",
                "enrolment_id": str(enrolment["id"]) if enrolment else None,
                **{key: shown[key] for key in ("min_age_months", "max_age_months", "enrolment_approval",
                                               "required_documents")},
            })
        return result

    @rpc
    def request_enrolment(self, caller, payload):
        caller = caller_from(caller)
        request = load(schemas.RequestSchema(), payload)
        now = self.clock.now()
        today = now.astimezone(PARIS).date()
        try:
            with self.db.transaction() as conn:
                child = access.visible_child(conn, caller, request["child_id"])
                activity = access.activity(conn, request["activity_id"])
                if caller.is_staff:
                    caller.require_structure(activity["structure_id"])
                if activity["archived"]:
                    raise ServiceError("activity_archived", "Cette activité n'est plus proposée.", {}, 409)
                if storage.live_enrolment(conn, child["id"], activity["id"]):
                    raise already_enrolled()
                _check_eligible(conn, activity, child, today)
                status = "pending" if activity["enrolment_approval"] and not caller.is_staff else "accepted"
                enrolment_id = uuid4()
                storage.insert_enrolment(conn, {
                    "id": enrolment_id, "child_id": child["id"], "family_id": child["family_id"],
                    "activity_id": activity["id"], "status": status, "reason": None,
                    "requested_by": "staff" if caller.is_staff else "family", "requested_at": now,
                    "decided_at": now if status == "accepted" else None,
                    "decided_by": caller.user_id if status == "accepted" else None,
                })
                return self._announce_enrolment(conn, enrolment_id)
        except psycopg.errors.UniqueViolation:  # the same request made concurrently
            raise already_enrolled() from None

    @rpc
    def decide_enrolment(self, caller, enrolment_id, decision, reason=None):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.DecisionSchema(), {"enrolment_id": enrolment_id, "decision": decision,
                                                  "reason": reason})
        with self.db.transaction() as conn:
            enrolment = storage.get_enrolment(conn, request["enrolment_id"], lock=True)
            if enrolment is None:
                raise not_found("enrolment")
            caller.require_structure(enrolment["structure_id"])
            if enrolment["status"] != "pending":
                raise ServiceError("already_decided", "Cette demande d'inscription a déjà été traitée.",
                                   {"status": enrolment["status"]}, 409)
            status = "accepted" if request["decision"] == "accept" else "refused"
            reason = (request["reason"] or "").strip() or None
            storage.set_status(conn, enrolment["id"], status, reason, caller.user_id, self.clock.now())
            return self._announce_enrolment(conn, enrolment["id"])

    @rpc
    def cancel_enrolment(self, caller, enrolment_id):
        caller = caller_from(caller)
        request = load(schemas.EnrolmentIdSchema(), {"enrolment_id": enrolment_id})
        now = self.clock.now()
        with self.db.transaction() as conn:
            enrolment = storage.get_enrolment(conn, request["enrolment_id"], lock=True)
            if enrolment is None or not (caller.is_staff or str(enrolment["family_id"]) == str(caller.family_id)):
                raise not_found("enrolment")
            if caller.is_staff:
                caller.require_structure(enrolment["structure_id"])
            if enrolment["status"] not in storage.LIVE:
                raise ServiceError("not_cancellable", "Cette inscription n'est plus en cours.",
                                   {"status": enrolment["status"]}, 409)
            if storage.has_live_bookings_from(conn, enrolment["child_id"], enrolment["activity_id"],
                                              now.astimezone(PARIS).date()):
                raise ServiceError("has_bookings", "Annulez d'abord les réservations à venir de l'enfant "
                                   "pour cette activité.", {}, 409)
            storage.set_status(conn, enrolment["id"], "cancelled", enrolment["reason"], caller.user_id, now)
            return self._announce_enrolment(conn, enrolment["id"])

    @rpc
    def list_enrolments(self, caller, family_id):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            rows = storage.family_enrolments(conn, family_id, _managed(caller))
        return [view(row) for row in rows]

    @rpc
    def list_pending_enrolments(self, caller, structure_id=None):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.PendingQuerySchema(), {"structure_id": structure_id})
        scope = _managed(caller)
        if query["structure_id"] is not None:
            caller.require_structure(query["structure_id"])
            scope = [query["structure_id"]]
        with self.db.transaction() as conn:
            rows = storage.pending_enrolments(conn, scope)
        return [view(row) for row in rows]

    def _announce_enrolment(self, conn, enrolment_id) -> dict:
        enrolment = storage.get_enrolment(conn, enrolment_id)
        self.db.emit(conn, EVENTS[enrolment["status"]], event_data(enrolment), str(enrolment["id"]))
        return view(enrolment)


def _check_eligible(conn, activity: dict, child: dict, today) -> None:
    if eligibility.too_old(activity, child["birth_date"], today):
        raise ServiceError("age_out_of_range", "L'enfant a dépassé l'âge de cette activité.",
                           {"max_age_months": activity["max_age_months"]}, 422)
    missing = eligibility.missing_documents(activity["required_documents"],
                                            storage.family_documents(conn, child["family_id"]),
                                            child["id"], today)
    if missing:
        raise ServiceError("missing_documents", "Des justificatifs validés manquent pour cette inscription.",
                           {"types": missing}, 422)


def _managed(caller):
    """The structures whose data the caller sees: None for every one (admins, and parents within their
    family), else the staff user's own."""
    return list(caller.structure_ids) if caller.is_staff and not caller.is_admin else None


def view(row: dict) -> dict:
    return {
        "id": str(row["id"]), "child_id": str(row["child_id"]), "child_name": row["child_name"],
        "family_id": str(row["family_id"]), "activity_id": str(row["activity_id"]),
        "activity_name": row["activity_name"], "structure_id": str(row["structure_id"]),
        "status": row["status"], "reason": row["reason"],
        "requested_at": row["requested_at"].isoformat(),
        "decided_at": row["decided_at"].isoformat() if row["decided_at"] else None,
    }


def event_data(row: dict) -> dict:
    return {"enrolment_id": str(row["id"]), "child_id": str(row["child_id"]),
            "family_id": str(row["family_id"]), "activity_id": str(row["activity_id"]),
            "activity_name": row["activity_name"], "structure_id": str(row["structure_id"]),
            "status": row["status"], "reason": row["reason"]}
