"""Régies and tariffs set by staff, and the price grid the planning shows families."""
from __future__ import annotations

from datetime import date

from nameko.rpc import rpc

from services.billing import domain, pricing
from services.billing.readmodels import storage as readmodels
from services.billing.tariffs import schemas, storage
from services.billing.tariffs.lines import valid_quotient
from services.chassis.errors import ServiceError, invalid, not_found
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load

_regie = schemas.RegiePayload()
_regie_changes = schemas.RegiePayload(partial=True)
_tariff = schemas.TariffPayload()
_filter = schemas.TariffFilter()
_price_grid = schemas.PriceGridArguments()


class TariffRpc:
    # Régies -------------------------------------------------------------------------------------

    @rpc
    def create_regie(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(_regie, payload)
        with self.db.transaction() as conn:
            _check_code(conn, data)
            return storage.insert_regie(conn, {**data, "name": data["name"].strip()})

    @rpc
    def update_regie(self, caller, regie_id, payload):
        caller_from(caller).require_staff()
        changes = load(_regie_changes, payload)
        if not is_uuid(regie_id):
            raise not_found("regie")
        with self.db.transaction() as conn:
            _check_code(conn, changes, regie_id)
            if "name" in changes:
                changes["name"] = changes["name"].strip()
            regie = storage.update_regie(conn, regie_id, changes)
            if regie is None:
                raise not_found("regie")
            return regie

    @rpc
    def list_regies(self, caller):
        caller_from(caller).require_staff()
        with self.db.transaction() as conn:
            return storage.list_regies(conn)

    # Tariffs ------------------------------------------------------------------------------------

    @rpc
    def list_pricing_rules(self, caller):
        """The installed rules: `[{name, kind, amount_required}]`."""
        caller_from(caller).require_staff()
        return [{"name": name, "kind": rule.kind, "amount_required": rule.amount_required}
                for name, rule in pricing.rules().items()]

    @rpc
    def set_tariff(self, caller, payload):
        """A new tariff, or the replacement of the one of the same activity, unit and first day."""
        caller_from(caller).require_staff()
        data = load(_tariff, payload)
        with self.db.transaction() as conn:
            _check_regie(conn, data["regie_id"])
            valid_from = data["valid_from"] or domain.default_valid_from(self.clock.today())
            tariff = storage.save_tariff(conn, {**data, "valid_from": valid_from}, self.clock.now())
            storage.attach_consumptions(conn, tariff)
            return tariff

    @rpc
    def update_tariff(self, caller, tariff_id, payload):
        """Change some fields of a tariff; uninvoiced consumptions will be priced with the new values."""
        caller_from(caller).require_staff()
        if not is_uuid(tariff_id):
            raise not_found("tariff")
        if not isinstance(payload, dict):
            raise invalid({"fields": {"_schema": ["Objet attendu."]}})
        with self.db.transaction() as conn:
            current = storage.lock_tariff(conn, tariff_id)
            if current is None:
                raise not_found("tariff")
            unchanged = {field: current[field] for field in storage.TARIFF_FIELDS if field not in payload}
            data = load(_tariff, {**unchanged, **payload})
            _check_regie(conn, data["regie_id"])
            data["valid_from"] = data["valid_from"] or date.fromisoformat(current["valid_from"])
            if storage.tariff_taken(conn, data, tariff_id):
                raise ServiceError("tariff_exists", "Un tarif commence déjà ce jour-là pour cette unité.",
                                   {"valid_from": data["valid_from"].isoformat()}, 409)
            tariff = storage.update_tariff(conn, tariff_id, data, self.clock.now())
            storage.attach_consumptions(conn, tariff)
            return tariff

    @rpc
    def list_tariffs(self, caller, regie_id=None, activity_id=None):
        caller_from(caller).require_staff()
        query = load(_filter, {"regie_id": regie_id, "activity_id": activity_id})
        with self.db.transaction() as conn:
            return storage.list_tariffs(conn, query["regie_id"], query["activity_id"])

    @rpc
    def price_grid(self, caller, family_id, activity_ids, date_from, date_to):
        """{activity_id: {unit: [{valid_from, amount_cents}]}}: what the family pays per unit, by period
        (a first child's price; packages show their amount per period)."""
        args = load(_price_grid, {"family_id": family_id, "activity_ids": activity_ids,
                                  "date_from": date_from, "date_to": date_to})
        caller_from(caller).require_family(args["family_id"])
        with self.db.transaction() as conn:
            family = readmodels.family_quotient(conn, args["family_id"])
            tariffs = storage.tariffs_between(conn, args["activity_ids"], args["date_from"], args["date_to"])
        grid = {}
        for tariff in tariffs:
            day = date.fromisoformat(tariff["valid_from"])
            rule = pricing.rules()[tariff["rule"]]
            context = pricing.PricingContext(family_id=str(args["family_id"]), child_id=None, date=day,
                                             quotient=valid_quotient(family, max(day, args["date_from"])))
            amount = rule.unit_price(tariff, context) if rule.kind == "unit" else tariff["amount_cents"]
            grid.setdefault(tariff["activity_id"], {}).setdefault(tariff["unit"], []).append({
                "valid_from": tariff["valid_from"], "amount_cents": amount})
        return grid


def _check_regie(conn, regie_id) -> None:
    if storage.regie(conn, regie_id) is None:
        raise invalid({"fields": {"regie_id": ["Régie inconnue."]}})


def _check_code(conn, data: dict, regie_id=None) -> None:
    if data.get("code") and storage.regie_code_taken(conn, data["code"], regie_id):
        raise invalid({"fields": {"code": ["Ce code est déjà celui d'une autre régie."]}})
