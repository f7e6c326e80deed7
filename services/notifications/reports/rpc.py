"""The daily report: booking movements recorded as reservations announces them, and once a day (from
`DAILY_REPORT_HOUR`, town time) one email per family whose bookings moved the day before, following
its consents and its `daily_report` setting."""
from __future__ import annotations

import logging

from nameko.rpc import rpc
from nameko.timer import timer

from services.chassis import batch_consumers as batch, config
from services.chassis.events import event_name, event_time
from services.chassis.identity import caller_from
from services.chassis.schemas import each_line, load
from services.notifications import storage as contacts
from services.notifications.domain import addressee
from services.notifications.reports import domain, schemas, storage
from services.notifications.schemas import booking_lines
from services.notifications.settings import storage as settings

log = logging.getLogger(__name__)

_movements = booking_lines(schemas.BookingMovementData())
_report_day = schemas.ReportDayInput()
CHECK_SECONDS = 60
KIND = "daily_report"


class ReportRpc:
    # `booking.accepted`'s movements are recorded by the service's own handler of that event.
    @batch.handles("reservations", "booking.requested", _movements)
    def record_booking_requested(self, conn, items):
        self._record_movements(conn, each_line(items))

    @batch.handles("reservations", "booking.waitlisted", _movements)
    def record_booking_waitlisted(self, conn, items):
        self._record_movements(conn, each_line(items))

    @batch.handles("reservations", "booking.refused", _movements)
    def record_booking_refused(self, conn, items):
        self._record_movements(conn, each_line(items))

    @batch.handles("reservations", "booking.cancelled", _movements)
    def record_booking_cancelled(self, conn, items):
        self._record_movements(conn, each_line(items))

    @batch.handles("reservations", "booking.promoted", _movements)
    def record_booking_promoted(self, conn, items):
        self._record_movements(conn, each_line(items))

    @staticmethod
    def _record_movements(conn, items: list) -> None:
        """`items`: `(booking, event)` pairs, a movement each (an event moves several bookings). Also
        called by the service's own `booking.accepted` handler: one delivery of the most frequent event
        of the opening-day rush does both its emails and its movements."""
        timezone = config.get("TIMEZONE")
        movements = []
        for booking, event in items:
            occurred_at = event_time(event)
            movements.append({**booking, "event_id": event["id"], "event": event_name(event),
                              "occurred_at": occurred_at, "report_date": domain.local_day(occurred_at, timezone)})
        storage.record_movements(conn, movements)

    @timer(interval=CHECK_SECONDS)
    def send_due_daily_reports(self):
        report_date = domain.due_report_date(self.clock.now(), config.get("TIMEZONE"),
                                             config.get_int("DAILY_REPORT_HOUR"))
        if report_date is not None:
            self._send_daily_reports(report_date)

    @rpc
    def send_daily_reports(self, caller, report_date):
        """Staff: send the reports of that day not sent yet → `{sent}` (families reported now)."""
        caller_from(caller).require_staff()
        day = load(_report_day, {"report_date": report_date})["report_date"]
        return {"sent": self._send_daily_reports(day)}

    def _send_daily_reports(self, report_date) -> int:
        with self.db.transaction() as conn:
            families = storage.families_to_report(conn, report_date)
        sent = 0
        for family_id in families:
            with self.db.transaction() as conn:  # one family at a time: a failure leaves the others sent
                if storage.claim_report(conn, family_id, report_date):
                    self._queue_report(conn, family_id, report_date)
                    sent += 1
        if sent:
            log.info("daily reports of %s: %s families", report_date, sent)
        return sent

    def _queue_report(self, conn, family_id, report_date) -> None:
        sections: dict = {}
        for movement in storage.day_movements(conn, family_id, report_date):
            section = sections.setdefault(movement["structure_id"], {
                "structure_name": movement["structure_name"], "movements": []})
            section["movements"].append(movement)
        contact, locale = contacts.contact(conn, family_id), settings.locale(conn, family_id)
        context = domain.report_context(addressee(contact, locale), report_date, list(sections.values()),
                                        config.get("PUBLIC_URL"), locale)
        key = {"id": f"{KIND}:{family_id}:{report_date.isoformat()}"}
        self._queue_informational(conn, key, KIND, family_id, contact, context, locale)
