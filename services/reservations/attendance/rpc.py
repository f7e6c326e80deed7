"""Roll call and the crèche's regular contracts."""
from __future__ import annotations

from uuid import uuid4

from nameko.rpc import rpc

from services.chassis.clock import PARIS
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.attendance import contracts, schemas, storage


def _payload(payload) -> dict:
    if not isinstance(payload, dict):
        raise invalid({"fields": {"_schema": ["Un objet est attendu."]}})
    return payload


def _roll_call_view(rows) -> list[dict]:
    return [{"booking_id": str(row["booking_id"]), "child_id": str(row["child_id"]),
             "child_name": row["child_name"], "unit": row["unit"], "unit_label": row["unit_label"],
             "status": row["status"]} for row in rows]


def _outside_contract(contract: dict) -> ServiceError:
    return ServiceError(
        "outside_contract", "Les dates doivent être comprises dans la durée du contrat.",
        {"starts_on": contract["starts_on"].isoformat(), "ends_on": contract["ends_on"].isoformat()}, 422)


class AttendanceRpc:
    # --- roll call ---------------------------------------------------------------------------------

    @rpc
    def roll_call(self, caller, activity_id, date):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.DayQuerySchema(), {"activity_id": activity_id, "date": date})
        with self.db.transaction() as conn:
            access.managed_activity(conn, caller, query["activity_id"])
            return _roll_call_view(storage.roll_call(conn, query["activity_id"], query["date"]))

    @rpc
    def record_attendance(self, caller, activity_id, date, payload):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.DayQuerySchema(), {"activity_id": activity_id, "date": date})
        entries = load(schemas.AttendanceSchema(), _payload(payload))["entries"]
        now = self.clock.now()
        with self.db.transaction() as conn:
            access.managed_activity(conn, caller, query["activity_id"])
            if query["date"] > now.astimezone(PARIS).date():
                raise ServiceError("future_day", "On ne peut pas pointer un jour à venir.",
                                   {"date": query["date"].isoformat()}, 422)
            bookings = storage.lock_accepted_bookings(
                conn, query["activity_id"], query["date"], [entry["booking_id"] for entry in entries])
            unknown = [str(entry["booking_id"]) for entry in entries if str(entry["booking_id"]) not in bookings]
            if unknown:
                raise ServiceError(
                    "not_accepted_booking",
                    "Certaines réservations ne sont pas des réservations acceptées de cette activité ce jour-là.",
                    {"booking_ids": unknown}, 422)
            changed = storage.record_attendance(
                conn, [(entry["booking_id"], entry["status"]) for entry in entries], caller.user_id, now)
            self.db.emit_many(conn, [
                ("attendance.recorded", _attendance_event(bookings[str(entry["booking_id"])], entry["status"]),
                 str(entry["booking_id"]))
                for entry in entries if str(entry["booking_id"]) in changed])
            return _roll_call_view(storage.roll_call(conn, query["activity_id"], query["date"]))

    # --- contracts ---------------------------------------------------------------------------------

    @rpc
    def create_contract(self, caller, payload):
        caller = caller_from(caller)
        caller.require_staff()
        data = load(schemas.ContractSchema(), _payload(payload))
        now = self.clock.now()
        with self.db.transaction() as conn:
            access.managed_activity(conn, caller, data["activity_id"])
            child = access.visible_child(conn, caller, data["child_id"])
            storage.lock_child(conn, child["id"])
            overlapping = storage.overlapping_contract(conn, child["id"], data["activity_id"],
                                                       data["starts_on"], data["ends_on"])
            if overlapping:
                raise ServiceError("contract_overlap",
                                   "Un contrat de cet enfant couvre déjà une partie de ces dates.",
                                   {"contract_id": str(overlapping["id"])}, 409)
            contract_id = uuid4()
            storage.insert_contract(conn, {**data, "id": contract_id, "family_id": child["family_id"],
                                           "created_at": now})
            contract = storage.get_contract(conn, contract_id)
            self.db.emit(conn, "contract.created", {
                **_contract_event(contract),
                "starts_on": contract["starts_on"].isoformat(), "ends_on": contract["ends_on"].isoformat(),
                "schedule": contract["schedule"], "weekly_minutes": contracts.weekly_minutes(contract["schedule"]),
            }, str(contract_id))
            return contracts.view(contract, [], [], _today(now))

    @rpc
    def list_contracts(self, caller, family_id):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        # Staff see the contracts of the structures they manage; admins and the family, all of them.
        structure_ids = (None if not caller.is_staff or caller.is_admin
                         else [s for s in caller.structure_ids if is_uuid(s)])
        with self.db.transaction() as conn:
            rows = storage.list_contracts(conn, family_id, structure_ids)
            return _views(conn, rows, _today(self.clock.now()))

    @rpc
    def record_extra_hours(self, caller, contract_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        contract_id = load(schemas.ContractIdSchema(), {"contract_id": contract_id})["contract_id"]
        data = load(schemas.ExtraHoursSchema(), _payload(payload))
        now = self.clock.now()
        with self.db.transaction() as conn:
            contract = _contract_for(conn, caller, contract_id)
            if not contracts.covers(contract, data["date"]):
                raise _outside_contract(contract)
            extra_id = uuid4()
            storage.insert_extra_hours(conn, {**data, "id": extra_id, "contract_id": contract_id,
                                              "recorded_by": caller.user_id, "recorded_at": now})
            self.db.emit(conn, "contract.extra_hours_recorded", {
                **_contract_event(contract), "extra_hours_id": str(extra_id),
                "date": data["date"].isoformat(), "minutes": data["minutes"]}, str(contract_id))
            return _views(conn, [contract], _today(now))[0]

    @rpc
    def declare_absence(self, caller, contract_id, payload):
        caller = caller_from(caller)
        contract_id = load(schemas.ContractIdSchema(), {"contract_id": contract_id})["contract_id"]
        data = load(schemas.AbsenceSchema(), _payload(payload))
        now = self.clock.now()
        declared_by = "staff" if caller.is_staff else "family"
        with self.db.transaction() as conn:
            contract = _contract_for(conn, caller, contract_id)
            if not contracts.covers(contract, data["date_from"], data["date_to"]):
                raise _outside_contract(contract)
            absence_id = uuid4()
            storage.insert_absence(conn, {**data, "id": absence_id, "contract_id": contract_id,
                                          "declared_by": declared_by, "declared_at": now})
            self.db.emit(conn, "contract.absence_declared", {
                **_contract_event(contract), "absence_id": str(absence_id),
                "date_from": data["date_from"].isoformat(), "date_to": data["date_to"].isoformat(),
                "reason": data["reason"], "declared_by": declared_by}, str(contract_id))
            return _views(conn, [contract], _today(now))[0]


def _contract_for(conn, caller, contract_id) -> dict:
    """The contract, if the caller may act on it: its family (else 404), or the staff of its
    structure (else 403)."""
    contract = storage.get_contract(conn, contract_id)
    if contract is None:
        raise not_found("contract")
    if caller.is_staff:
        caller.require_structure(contract["structure_id"])
    elif str(contract["family_id"]) != str(caller.family_id):
        raise not_found("contract")
    return contract


def _views(conn, rows, today) -> list[dict]:
    ids = [row["id"] for row in rows]
    extra, absences = storage.extra_hours_of(conn, ids), storage.absences_of(conn, ids)
    return [contracts.view(row, [e for e in extra if e["contract_id"] == row["id"]],
                           [a for a in absences if a["contract_id"] == row["id"]], today)
            for row in rows]


def _today(now):
    return now.astimezone(PARIS).date()


def _attendance_event(booking: dict, status: str) -> dict:
    return {"booking_id": str(booking["id"]), "child_id": str(booking["child_id"]),
            "family_id": str(booking["family_id"]), "activity_id": str(booking["activity_id"]),
            "date": booking["date"].isoformat(), "unit": booking["unit"], "status": status}


def _contract_event(contract: dict) -> dict:
    return {"contract_id": str(contract["id"]), "child_id": str(contract["child_id"]),
            "family_id": str(contract["family_id"]), "activity_id": str(contract["activity_id"])}
