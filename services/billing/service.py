"""The billing service: régies, tariffs, and the consumptions that accepted bookings turn into."""
from __future__ import annotations

import logging
from datetime import date

from nameko.rpc import rpc

from services.billing import domain, pricing, schemas, storage
from services.chassis.consumers import handles
from services.chassis.events import ANONYMOUS, event_time
from services.chassis.dependencies import ServiceBase
from services.chassis.errors import invalid
from services.chassis.identity import caller_from
from services.chassis.schemas import load

log = logging.getLogger(__name__)


_regie = schemas.RegiePayload()
_tariff = schemas.TariffPayload()
_month = schemas.MonthArgument()
_family_created = schemas.FamilyCreatedData()
_family_names = schemas.FamilyNamesData()
_quotient = schemas.QuotientChangedData()
_child = schemas.ChildData()
_anonymised = schemas.FamilyAnonymisedData()
_booking = schemas.BookingData()
_price_grid = schemas.PriceGridArguments()


class BillingService(ServiceBase):
    name = "billing"

    # Read models fed by accounts -----------------------------------------------------------------

    @handles("accounts", "family.created", _family_created)
    def on_family_created(self, conn, data, event):
        storage.save_family_names(conn, data, event_time(event))
        storage.save_quotient(conn, data, event_time(event))

    @handles("accounts", "family.updated", _family_names)
    def on_family_updated(self, conn, data, event):
        storage.save_family_names(conn, data, event_time(event))

    @handles("accounts", "quotient.changed", _quotient)
    def on_quotient_changed(self, conn, data, event):
        storage.save_quotient(conn, data, event_time(event))

    @handles("accounts", "child.created", _child)
    def on_child_created(self, conn, data, event):
        storage.save_child(conn, data, event_time(event))

    @handles("accounts", "child.updated", _child)
    def on_child_updated(self, conn, data, event):
        storage.save_child(conn, data, event_time(event))

    @handles("accounts", "family.anonymised", _anonymised)
    def on_family_anonymised(self, conn, data, event):
        storage.anonymise_family(conn, data["family_id"], ANONYMOUS, event_time(event))

    # Consumptions from reservations ---------------------------------------------------------------

    @handles("reservations", "booking.accepted", _booking)
    def on_booking_accepted(self, conn, data, event):
        self._record_consumption(conn, data, event)

    @handles("reservations", "booking.promoted", _booking)
    def on_booking_promoted(self, conn, data, event):
        self._record_consumption(conn, data, event)

    def _record_consumption(self, conn, data, event):
        tariff = storage.tariff_on(conn, data["activity_id"], data["unit"], data["date"])
        if tariff is None and data["price_cents"] is None:
            log.warning("no tariff for activity %s unit %s on %s: booking %s recorded at 0",
                        data["activity_id"], data["unit"], data["date"], data["booking_id"])
        context = pricing.PricingContext(
            family_id=str(data["family_id"]), child_id=str(data["child_id"]), date=data["date"],
            quotient=storage.family_quotient(conn, data["family_id"]),
        )
        price = (domain.unit_price(tariff, pricing.rules(), context) if tariff is not None
                 else data["price_cents"] or 0)
        recorded = storage.record_consumption(conn, {
            **data, "quantity": 1, "unit_price_cents": price, "amount_cents": price,
            "regie_id": tariff["regie_id"] if tariff else None,
            "booking_event_at": event_time(event),
        })
        if recorded:
            self.db.emit(conn, "consumption.recorded", recorded, subject=recorded["consumption_id"])

    @handles("reservations", "booking.cancelled", _booking)
    def on_booking_cancelled(self, conn, data, event):
        outcome = storage.cancel_consumption(
            conn, {**data, "booking_event_at": event_time(event)}, self.clock.now()
        )
        if outcome == "invoiced":
            log.warning("booking %s cancelled after being invoiced: left for a credit note", data["booking_id"])

    # RPC -----------------------------------------------------------------------------------------

    @rpc
    def create_regie(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(_regie, payload)
        with self.db.transaction() as conn:
            return storage.insert_regie(conn, data["name"].strip())

    @rpc
    def set_tariff(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(_tariff, payload)
        with self.db.transaction() as conn:
            if not storage.regie_exists(conn, data["regie_id"]):
                raise invalid({"fields": {"regie_id": ["Régie inconnue."]}})
            valid_from = data["valid_from"] or domain.default_valid_from(self.clock.today())
            return storage.save_tariff(conn, {**data, "valid_from": valid_from})

    @rpc
    def price_grid(self, caller, family_id, activity_ids, date_from, date_to):
        """{activity_id: {unit: [{valid_from, amount_cents}]}}: what the family pays per unit, by period."""
        args = load(_price_grid, {"family_id": family_id, "activity_ids": activity_ids,
                                  "date_from": date_from, "date_to": date_to})
        caller_from(caller).require_family(args["family_id"])
        with self.db.transaction() as conn:
            quotient = storage.family_quotient(conn, args["family_id"])
            tariffs = storage.tariffs_between(conn, args["activity_ids"], args["date_from"], args["date_to"])
        grid = {}
        for tariff in tariffs:
            context = pricing.PricingContext(family_id=str(args["family_id"]), child_id=None,
                                             date=date.fromisoformat(tariff["valid_from"]), quotient=quotient)
            grid.setdefault(tariff["activity_id"], {}).setdefault(tariff["unit"], []).append({
                "valid_from": tariff["valid_from"],
                "amount_cents": domain.unit_price(tariff, pricing.rules(), context)})
        return grid

    @rpc
    def get_account(self, caller, family_id):
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            return domain.account(storage.uninvoiced_cents(conn, family_id))

    @rpc
    def list_consumptions(self, caller, family_id, month):
        family_id = caller_from(caller).require_family(family_id)
        first_day, next_first_day = domain.month_bounds(load(_month, {"month": month})["month"])
        with self.db.transaction() as conn:
            lines = storage.consumption_lines(conn, family_id, first_day, next_first_day)
        return {"lines": lines, "total_cents": sum(line["amount_cents"] for line in lines)}
