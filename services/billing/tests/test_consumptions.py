"""Consumptions from reservations' events: which are billable after bookings, cancellations (in time or
late) and roll calls, whatever the order and the redeliveries; wallets are told at the right moments."""
import uuid
from datetime import datetime, timedelta, timezone

import pytest
from nameko.testing.services import entrypoint_waiter

from services.billing.tests.conftest import STAFF, RecordedListener, booking, booking_event, event_of, set_flat


@pytest.fixture
def deliver(handle):
    """`deliver(name, data, minutes=0)`: a reservations event (or `event=`) dated `minutes` from now, handled."""
    def run(name, data=None, minutes=0, event=None):
        event = {**(event or event_of("reservations", name, data)),
                 "time": (datetime.now(timezone.utc) + timedelta(minutes=minutes)).isoformat()}
        return handle("reservations", name, event=event)
    return run


@pytest.fixture
def booked(api, deliver, family):
    set_flat(api, family, 350, "2026-09-01")
    data = booking(family, "2026-12-09")
    deliver("booking.accepted", data)
    return data


def attendance(data, status):
    return {key: data[key] for key in ("booking_id", "child_id", "family_id", "activity_id", "date", "unit")} | {
        "status": status}


def state(sql):
    return sql("SELECT billable, cancelled_late, attendance, amount_cents FROM consumptions")


def test_a_cancellation_in_time_is_not_billable_a_late_one_is(api, deliver, family, sql):
    set_flat(api, family, 350, "2026-09-01")
    in_time, late = booking(family, "2026-12-09"), booking(family, "2026-12-10")
    for data in (in_time, late):
        deliver("booking.accepted", data)
    deliver("booking.cancelled", in_time, minutes=1)
    deliver("booking.cancelled", {**late, "late": True}, minutes=1)
    assert sql("SELECT to_char(date, 'DD') AS day, billable, cancelled_late, cancelled_at IS NOT NULL AS cancelled "
               "FROM consumptions ORDER BY date") == [
        {"day": "09", "billable": False, "cancelled_late": False, "cancelled": True},
        {"day": "10", "billable": True, "cancelled_late": True, "cancelled": True}]
    # The family sees the late one among what it owes and in its history.
    parent = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}
    assert api.get_account(parent, family["family_id"])["uninvoiced_cents"] == 350
    assert [line["date"] for line in api.list_consumptions(parent, family["family_id"], "2026-12")["lines"]] == [
        "2026-12-10"]


def test_one_event_of_a_childs_bookings_records_each_once(api, handle, family, sql):
    set_flat(api, family, 350, "2026-09-01")
    days = [booking(family, day) for day in ("2026-12-07", "2026-12-08", "2026-12-09")]
    event = booking_event("booking.accepted", *days)
    handle("reservations", "booking.accepted", event=event)
    handle("reservations", "booking.accepted", event=event)  # delivered twice
    assert sql("SELECT booking_id::text, billable, amount_cents FROM consumptions ORDER BY date") == [
        {"booking_id": day["booking_id"], "billable": True, "amount_cents": 350} for day in days]
    assert sql("SELECT count(*) AS n FROM outbox WHERE type = 'consumption.recorded'")[0]["n"] == 3
    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 1050


def test_one_cancellation_event_cancels_each_of_its_bookings_as_told(api, deliver, family, sql):
    set_flat(api, family, 350, "2026-09-01")
    in_time, late, kept = (booking(family, day) for day in ("2026-12-07", "2026-12-08", "2026-12-09"))
    deliver("booking.accepted", event=booking_event("booking.accepted", in_time, late, kept))
    deliver("booking.cancelled", event=booking_event("booking.cancelled", in_time, {**late, "late": True},
                                                     by="staff"), minutes=1)
    assert sql("SELECT to_char(date, 'DD') AS day, billable, cancelled_late FROM consumptions ORDER BY date") == [
        {"day": "07", "billable": False, "cancelled_late": False},
        {"day": "08", "billable": True, "cancelled_late": True},
        {"day": "09", "billable": True, "cancelled_late": False}]


@pytest.mark.parametrize("status, billable", [("present", True), ("absent_billed", True), ("absent_excused", False)])
def test_roll_call_decides_what_is_billed(deliver, booked, sql, status, billable):
    deliver("attendance.recorded", attendance(booked, status), minutes=1)
    assert state(sql) == [{"billable": billable, "cancelled_late": False, "attendance": status, "amount_cents": 350}]


def test_an_excused_absence_changed_back_is_billable_again_and_announced(start_service, deliver, booked, sql):
    listener = start_service(RecordedListener)
    deliver("attendance.recorded", attendance(booked, "absent_excused"), minutes=1)
    with entrypoint_waiter(listener, "on_recorded"):
        deliver("attendance.recorded", attendance(booked, "present"), minutes=2)
    assert state(sql)[0]["billable"] is True
    assert [event["data"]["booking_id"] for event in RecordedListener.received] == [booked["booking_id"]]


def test_an_older_roll_call_arriving_late_changes_nothing(deliver, booked, sql):
    deliver("attendance.recorded", attendance(booked, "present"), minutes=5)
    deliver("attendance.recorded", attendance(booked, "absent_excused"), minutes=2)
    assert state(sql)[0]["attendance"] == "present" and state(sql)[0]["billable"] is True


def test_a_roll_call_before_its_booking_waits_for_it(api, deliver, family, sql):
    set_flat(api, family, 350, "2026-09-01")
    data = booking(family, "2026-12-09")
    deliver("attendance.recorded", attendance(data, "absent_billed"), minutes=5)
    assert sql("SELECT billable, activity_name FROM consumptions") == [{"billable": False, "activity_name": ""}]
    deliver("booking.accepted", data)
    assert sql("SELECT billable, activity_name, attendance FROM consumptions") == [
        {"billable": True, "activity_name": "Accueil du soir", "attendance": "absent_billed"}]


def test_an_invoiced_consumption_never_changes(deliver, booked, sql):
    sql("UPDATE consumptions SET invoice_id = gen_random_uuid()")
    deliver("attendance.recorded", attendance(booked, "absent_excused"), minutes=1)
    deliver("booking.cancelled", booked, minutes=2)
    assert sql("SELECT billable, attendance, cancelled_at FROM consumptions") == [
        {"billable": True, "attendance": None, "cancelled_at": None}]


def test_a_redelivered_roll_call_does_not_undo_a_newer_one(deliver, handle, booked, sql):
    excused = deliver("attendance.recorded", attendance(booked, "absent_excused"), minutes=1)
    deliver("attendance.recorded", attendance(booked, "present"), minutes=2)
    handle("reservations", "attendance.recorded", event=excused)
    assert state(sql)[0]["attendance"] == "present" and state(sql)[0]["billable"] is True
    assert sql("SELECT count(*) AS n FROM outbox WHERE type = 'consumption.recorded'")[0]["n"] == 2


def test_an_outing_keeps_its_price_for_invoicing(deliver, family, sql):
    deliver("booking.accepted", {**booking(family, "2026-12-09", unit="sortie_zoo"), "price_cents": 1200})
    assert sql("SELECT outing_price_cents, unit_price_cents, billable FROM consumptions") == [
        {"outing_price_cents": 1200, "unit_price_cents": 1200, "billable": True}]


def test_a_tariff_set_after_the_bookings_gives_them_its_regie(api, deliver, family, sql):
    deliver("booking.accepted", booking(family, "2026-12-09"))
    deliver("booking.accepted", booking(family, "2026-12-10", unit="matin"))
    tariff = set_flat(api, family, 350, "2026-12-01")
    assert sql("SELECT unit, regie_id::text FROM consumptions ORDER BY unit") == [
        {"unit": "matin", "regie_id": None}, {"unit": "soir", "regie_id": tariff["regie_id"]}]


def test_creche_extra_hours_are_billed_per_started_half_hour(api, handle, family, sql):
    set_flat(api, family, 180, "2026-09-01", unit="extra_half_hour")
    data = {"contract_id": str(uuid.uuid4()), "extra_hours_id": str(uuid.uuid4()), "child_id": family["child_id"],
            "family_id": family["family_id"], "activity_id": family["activity_id"], "date": "2026-12-09",
            "minutes": 75}
    event = handle("reservations", "contract.extra_hours_recorded", data)
    handle("reservations", "contract.extra_hours_recorded", event=event)
    assert sql("SELECT booking_id::text, activity_name, unit, quantity, unit_price_cents, amount_cents, billable "
               "FROM consumptions") == [
        {"booking_id": data["extra_hours_id"], "activity_name": "Heures supplémentaires", "unit": "extra_half_hour",
         "quantity": 3, "unit_price_cents": 180, "amount_cents": 540, "billable": True}]
