"""Staff configure the offer: structures, activities, their calendars, closures, booking windows,
capacities and outings. Anyone may read an activity."""
from __future__ import annotations

from functools import partial
from uuid import uuid4

from marshmallow import ValidationError
from nameko.rpc import rpc

from services.chassis.clock import PARIS
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.reservations import access
from services.reservations.booking import engine
from services.reservations.offer import periods, schemas, storage
from services.reservations.offer.views import activity_view, days_view, unit_view, window_view
from services.reservations.rules import combinations, deadlines
from services.reservations.rules import windows as window_rules
from services.reservations.rules.calendar import SchoolCalendar


def _fields(errors: dict, message: str = "Certaines données sont invalides.") -> ServiceError:
    return invalid({"fields": errors}, message)


def _payload(payload) -> dict:
    if not isinstance(payload, dict):
        raise _fields({"_schema": ["Un objet est attendu."]})
    return payload


def _for_activity(activity_id, payload) -> dict:
    """The payload with the activity of the call (which the payload may not name)."""
    if "activity_id" in _payload(payload):
        raise _fields({"activity_id": ["Unknown field."]})
    return {**payload, "activity_id": activity_id}


class OfferRpc:
    @rpc
    def create_structure(self, caller, payload):
        caller_from(caller).require_admin()
        structure = load(schemas.StructureSchema(), payload)
        with self.db.transaction() as conn:
            row = storage.insert_structure(conn, {"id": uuid4(), **structure})
        return {"id": str(row["id"]), "name": row["name"], "kind": row["kind"]}

    @rpc
    def list_structures(self, caller):
        caller = caller_from(caller)
        caller.require_staff()
        with self.db.transaction() as conn:
            rows = storage.list_structures(conn, _scope(caller))
        return [{"id": str(row["id"]), "name": row["name"], "kind": row["kind"]} for row in rows]

    @rpc
    def create_activity(self, caller, payload):
        caller = caller_from(caller)
        caller.require_staff()
        activity = {"id": uuid4(), **load(schemas.ActivitySchema(), payload)}
        caller.require_structure(activity["structure_id"])
        activity.update(_check_activity(activity))
        with self.db.transaction() as conn:
            if not storage.structure_exists(conn, activity["structure_id"]):
                raise not_found("structure")
            storage.insert_activity(conn, activity)
            return activity_view(access.activity(conn, activity["id"]))

    @rpc
    def update_activity(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.ActivityIdSchema(), {"activity_id": activity_id})
        changes = load(schemas.ActivityUpdateSchema(), _payload(payload))
        with self.db.transaction() as conn:
            current = self._locked_activity(conn, caller, query["activity_id"])
            new_units, changed_units = _merge_units(current, changes.get("units"))
            merged = {**current, **changes,
                      "units": [u for u in current["units"] if u["kind"] == "unit"] + new_units}
            checked = _check_activity(merged)
            changes.update({field: value for field, value in checked.items() if field in changes})
            _check_pools(merged["units"], [u for u in current["units"] if u["kind"] == "outing"])
            for unit in changed_units:
                if unit["pool"] != unit["old_pool"] and storage.unit_has_bookings(conn, current["id"],
                                                                                   unit["code"]):
                    raise ServiceError("unit_in_use", "Cette unité a déjà des réservations : son groupe de "
                                       "places ne peut plus changer.", {"unit": unit["code"]}, 409)
                storage.update_unit(conn, current["id"], unit)
            storage.insert_units(conn, current["id"], new_units, len(current["units"]))
            storage.update_activity(conn, current["id"], changes)
            return activity_view(access.activity(conn, current["id"]))

    @rpc
    def get_activity(self, caller, activity_id):
        caller_from(caller)
        query = load(schemas.ActivityIdSchema(), {"activity_id": activity_id})
        with self.db.transaction() as conn:
            return activity_view(access.activity(conn, query["activity_id"]))

    @rpc
    def list_offer(self, caller, structure_id=None):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.StructureQuerySchema(), {"structure_id": structure_id})
        scope = _scope(caller)
        if query["structure_id"] is not None:
            caller.require_structure(query["structure_id"])
            scope = [query["structure_id"]]
        with self.db.transaction() as conn:
            rows = storage.list_activities(conn, scope, archived=True)
        return [activity_view(row) for row in rows]

    @rpc
    def open_days(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.OpenDaysSchema(), _for_activity(activity_id, payload))
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            days = _pool_days(activity, request["days"])
            return {"opened": self._open(conn, activity, days)}

    @rpc
    def open_period(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.OpenPeriodSchema(), _for_activity(activity_id, payload))
        calendar = SchoolCalendar()
        if periods.unknown_school_calendar(calendar, request["pattern"], request["date_from"],
                                           request["date_to"]):
            raise ServiceError("calendar_unknown", "Le calendrier scolaire de cette période n'est pas encore "
                               "connu : ouvrez les jours un par un.", {"zone": calendar.zone}, 422)
        dates, public = periods.generate(calendar, request["pattern"], request["date_from"],
                                         request["date_to"], request["weekdays"])
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            capacities = _capacities(activity, request["capacity"])
            days = sorted(((day, pool), places) for day in dates for pool, places in capacities.items())
            opened = self._open(conn, activity, days)
            storage.upsert_closures(conn, activity["id"], [{"date": day, "kind": "holiday", "label": name}
                                                           for day, name in public])
        return {"opened": opened, "holidays": [{"date": day.isoformat(), "label": name} for day, name in public]}

    @rpc
    def close_days(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.CloseDaysSchema(), _for_activity(activity_id, payload))
        now = self.clock.now()
        past = sorted({day for day in request["dates"] if day < now.astimezone(PARIS).date()})
        if past:
            raise _fields({"dates": ["Un jour passé ne peut plus être fermé."]})
        dates = sorted(set(request["dates"]))
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            storage.lock_days(conn, activity["id"], dates)  # the engine's lock order, before any booking
            storage.upsert_closures(conn, activity["id"], [{"date": day, "kind": "closure",
                                                            "label": request["label"]} for day in dates])
            cancelled = engine.cancel_bookings_on_days(conn, partial(self.db.emit_many, conn), activity, dates,
                                                       caller.user_id, now)
        return {"closed": len(dates), "cancelled_bookings": cancelled}

    @rpc
    def reopen_day(self, caller, activity_id, date):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.DaySchema(), {"activity_id": activity_id, "date": date})
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            return {"reopened": storage.delete_closure(conn, activity["id"], request["date"])}

    @rpc
    def list_days(self, caller, activity_id, date_from, date_to):
        caller = caller_from(caller)
        caller.require_staff()
        query = load(schemas.DaysQuerySchema(), {"activity_id": activity_id, "date_from": date_from,
                                                 "date_to": date_to})
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, query["activity_id"])
            rows = storage.list_days(conn, activity["id"], query["date_from"], query["date_to"])
        return days_view(rows)

    @rpc
    def set_windows(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.WindowsSchema(), _for_activity(activity_id, payload))
        windows = [{"id": uuid4(), **window} for window in request["windows"]]
        _validate_windows(windows)
        with self.db.transaction() as conn:
            activity = access.managed_activity(conn, caller, request["activity_id"])
            storage.lock_activity(conn, activity["id"])
            storage.replace_windows(conn, activity["id"], windows)
            return [window_view(w) for w in access.activity(conn, activity["id"])["windows"]]

    @rpc
    def add_outing(self, caller, activity_id, payload):
        caller = caller_from(caller)
        caller.require_staff()
        request = load(schemas.OutingSchema(), _for_activity(activity_id, payload))
        if request["date"] < self.clock.now().astimezone(PARIS).date():
            raise _fields({"date": ["Une sortie ne peut pas être ajoutée dans le passé."]})
        with self.db.transaction() as conn:
            activity = self._locked_activity(conn, caller, request["activity_id"])
            taken = {u["code"] for u in activity["units"]} | {u["pool"] for u in activity["units"]}
            if request["code"] in taken:
                raise _fields({"code": ["Ce code est déjà celui d'une unité ou d'un groupe de places."]})
            unit = {key: request[key] for key in ("code", "label", "starts_at", "ends_at", "price_cents", "date")}
            unit.update(pool=request["code"], kind="outing")
            storage.insert_units(conn, activity["id"], [unit], len(activity["units"]))
            self._open(conn, activity, [((request["date"], unit["pool"]), request["capacity"])])
            return unit_view(unit)

    @staticmethod
    def _locked_activity(conn, caller, activity_id) -> dict:
        """The activity as it stands once its configuration is locked for this transaction."""
        access.managed_activity(conn, caller, activity_id)
        storage.lock_activity(conn, activity_id)
        return access.activity(conn, activity_id)

    def _open(self, conn, activity: dict, days: list[tuple]) -> int:
        """Upsert places `[((date, pool), capacity)]` (sorted: the lock order); a raised capacity
        serves the pool's waiting line."""
        slots = storage.upsert_opening_days(conn, activity["id"], days)
        emit_many, now = partial(self.db.emit_many, conn), self.clock.now()
        for slot in slots:
            engine.serve_waiting_line(conn, emit_many, activity, slot, now)
        return len(slots)


def _scope(caller):
    """None: every structure (admins); else the staff user's own."""
    return None if caller.is_admin else list(caller.structure_ids)


def _pool_days(activity: dict, days: list[dict]) -> list[tuple]:
    """`[{date, unit|pool, capacity}]` → `[((date, pool), capacity)]` in lock order; unknown units and
    pools, and outings on another day than theirs, are refused."""
    units = {u["code"]: u for u in activity["units"]}
    pools = {u["pool"]: u for u in activity["units"]}
    errors, result = {}, {}
    for i, day in enumerate(days):
        unit = units.get(day["unit"]) if "unit" in day else pools.get(day["pool"])
        if unit is None:
            key = "unit" if "unit" in day else "pool"
            errors[i] = {key: ["Unité inconnue pour cette activité." if key == "unit"
                               else "Groupe de places inconnu pour cette activité."]}
        elif unit["kind"] == "outing" and unit["date"] != day["date"]:
            errors[i] = {"date": ["Une sortie n'ouvre que le jour de la sortie."]}
        elif (day["date"], unit["pool"]) in result:
            errors[i] = {"unit": ["Ce groupe de places apparaît deux fois ce jour-là."]}
        else:
            result[(day["date"], unit["pool"])] = day["capacity"]
    if errors:
        raise _fields({"days": errors})
    return sorted(result.items())


def _capacities(activity: dict, capacity) -> dict:
    """{pool: places} of the activity's ordinary units (not its outings)."""
    pools = list(dict.fromkeys(u["pool"] for u in activity["units"] if u["kind"] == "unit"))
    if isinstance(capacity, int):
        return {pool: capacity for pool in pools}
    unknown = sorted(set(capacity) - set(pools))
    if unknown:
        raise _fields({"capacity": [f"Groupe de places inconnu : {', '.join(unknown)}."]})
    return capacity


def _merge_units(current: dict, units) -> tuple[list, list]:
    """The update's units → (units to add, existing units changed with their `old_pool`)."""
    if units is None:
        return [], []
    existing = {u["code"]: u for u in current["units"]}
    removed = [code for code, u in existing.items()
               if u["kind"] == "unit" and code not in {unit["code"] for unit in units}]
    if removed:
        raise _fields({"units": [f"Une unité ne peut pas être retirée : {', '.join(removed)}."]})
    outings = [u["code"] for u in units if existing.get(u["code"], {}).get("kind") == "outing"]
    if outings:
        raise _fields({"units": [f"Une sortie ne se modifie pas ici : {', '.join(outings)}."]})
    added, changed = [], []
    for unit in units:
        unit = {**unit, "pool": unit["pool"] or unit["code"]}
        if unit["code"] in existing:
            changed.append({**unit, "old_pool": existing[unit["code"]]["pool"]})
        else:
            added.append({**unit, "kind": "unit"})
    return added, changed


def _check_pools(units: list[dict], outings: list[dict]) -> None:
    taken = {u["pool"] for u in outings} | {u["code"] for u in outings}
    clash = sorted({u["pool"] or u["code"] for u in units} & taken)
    if clash:
        raise _fields({"units": [f"Ce groupe de places est celui d'une sortie : {', '.join(clash)}."]})


def _check_activity(activity: dict) -> dict:
    """What the schema alone cannot check: the ages together, the deadline rules, the combinations'
    units, the windows. → the rules as stored (with their defaults)."""
    errors, checked = {}, {}
    low, high = activity.get("min_age_months"), activity.get("max_age_months")
    if low is not None and high is not None and low >= high:
        errors["max_age_months"] = ["L'âge maximum doit dépasser l'âge minimum."]
    codes = [u["code"] for u in activity["units"] if u.get("kind", "unit") == "unit"]
    for field, validate in (("booking_deadline", deadlines.validate_rules),
                            ("cancel_deadline", deadlines.validate_rules),
                            ("unit_combinations", lambda value: combinations.validate_combinations(value, codes))):
        try:
            checked[field] = validate(activity[field])
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise _fields(errors)
    return checked


def _validate_windows(windows: list[dict]) -> None:
    try:
        window_rules.validate_windows(windows)
    except ValidationError as exc:
        raise _fields({"windows": exc.messages}) from None
