"""Consumptions: what bookings, roll calls and crèche extra hours make billable.

One row per booking. Each event (each booking of a booking event) locks the row (created by the first
event about the booking), applies its change if it is newer than the last one of its stream, and
recomputes `billable`; a consumption that becomes billable is announced (`consumption.recorded`) and
debits a prepaid wallet, one that stops being billable gives the debit back.
"""
from __future__ import annotations

import logging

from services.billing.consumptions import domain, schemas, storage
from services.billing.tariffs import lines as tariff_lines
from services.billing.wallets import movements
from services.chassis import batch_consumers as batch
from services.chassis.consumers import handles
from services.chassis.events import event_time
from services.chassis.schemas import LinesOf, each_line

log = logging.getLogger(__name__)

# v2 booking events: a child's bookings changed together, one line each.
_bookings = LinesOf(schemas.BookingLine(), "bookings", ("child_id", "family_id", "by"))
_attendance = schemas.AttendanceData()
_extra_hours = schemas.ExtraHoursData()
RECORDED = "consumption.recorded"


class ConsumptionHandlers:
    """The booking events come in batches (the opening-day rush: one per child of every request, listing
    its bookings): one transaction and a few statements per batch, each booking applied in turn as if alone."""

    @batch.handles("reservations", "booking.accepted", _bookings)
    def on_booking_accepted(self, conn, items):
        self._apply(conn, [self._booked(conn, data, event) for data, event in each_line(items)])

    @batch.handles("reservations", "booking.promoted", _bookings)
    def on_booking_promoted(self, conn, items):
        self._apply(conn, [self._booked(conn, data, event) for data, event in each_line(items)])

    @batch.handles("reservations", "booking.cancelled", _bookings)
    def on_booking_cancelled(self, conn, items):
        self._apply(conn, [(_with_estimate(conn, data), domain.BOOKING, event_time(event), {
            "cancelled_at": self.clock.now(), "cancelled_late": bool(data["late"])})
            for data, event in each_line(items)])

    @handles("reservations", "attendance.recorded", _attendance)
    def on_attendance_recorded(self, conn, data, event):
        self._apply(conn, [(_with_estimate(conn, data), domain.ATTENDANCE, event_time(event),
                            {"attendance": data["status"]})])

    @handles("reservations", "contract.extra_hours_recorded", _extra_hours)
    def on_extra_hours_recorded(self, conn, data, event):
        """Crèche extra hours: a consumption of the unit `extra_half_hour`, one per started half hour."""
        self._apply(conn, [self._booked(conn, {
            **data, "booking_id": data["extra_hours_id"], "unit": domain.EXTRA_HOURS_UNIT,
            "activity_name": domain.EXTRA_HOURS_LABEL, "price_cents": None,
            "quantity": domain.started_half_hours(data["minutes"])}, event)])

    @staticmethod
    def _booked(conn, data, event) -> tuple:
        """The change a booking made (accepted, promoted, extra hours) as `_apply` takes it."""
        consumption = _with_estimate(conn, data)
        if consumption["regie_id"] is None and data["price_cents"] is None:
            log.warning("no tariff for activity %s unit %s on %s: booking %s recorded without a régie",
                        data["activity_id"], data["unit"], data["date"], data["booking_id"])
        quantity = data.get("quantity", 1)
        return (consumption, domain.BOOKING, event_time(event), {
            "cancelled_at": None, "cancelled_late": False, "activity_name": data["activity_name"],
            "quantity": quantity, "unit_price_cents": consumption["unit_price_cents"],
            "amount_cents": consumption["unit_price_cents"] * quantity,
            "regie_id": consumption["regie_id"], "outing_price_cents": data["price_cents"]})

    def _apply(self, conn, changes: list[tuple]) -> None:
        """Apply `(consumption, stream, at, changes)` in order to the consumptions, locked together."""
        rows = storage.lock_many(conn, [consumption for consumption, *_ in changes])
        changed, recorded = {}, []
        for consumption, stream, at, change in changes:
            row = rows[str(consumption["booking_id"])]
            if not domain.applies(row, stream, at):
                if row["invoice_id"] is not None:
                    log.warning("booking %s changed after being invoiced: left for a credit note", row["booking_id"])
                continue
            after = {**row, **change, stream: at}
            after["billable"] = domain.is_billable(after)
            rows[row["booking_id"]] = changed[row["consumption_id"]] = after
            if after["billable"] and not row["billable"]:
                movements.on_consumption_recorded(conn, _public(after))
                recorded.append((RECORDED, _recorded_event(after), after["consumption_id"]))
            elif row["billable"] and not after["billable"]:
                movements.on_consumption_cancelled(conn, _public(after))
        storage.update_many(conn, list(changed.values()))
        self.db.emit_many(conn, recorded)


def _with_estimate(conn, data: dict) -> dict:
    consumption = {**data, "outing_price_cents": data.get("price_cents")}
    return {**consumption, **tariff_lines.estimate(conn, consumption)}


def _public(row: dict) -> dict:
    """The consumption as the wallets see it."""
    return {key: row[key] for key in (
        "consumption_id", "booking_id", "family_id", "child_id", "activity_id", "activity_name", "date",
        "unit", "quantity", "unit_price_cents", "amount_cents", "regie_id", "billable")}


def _recorded_event(row: dict) -> dict:
    return {"consumption_id": row["consumption_id"], "booking_id": row["booking_id"],
            "family_id": row["family_id"], "child_id": row["child_id"], "activity_id": row["activity_id"],
            "date": row["date"].isoformat(), "unit": row["unit"], "amount_cents": row["amount_cents"]}
