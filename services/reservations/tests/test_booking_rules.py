"""Every check of a booking line, made on the server in the request's transaction, and each refusal
code of the API; staff are held to places and enrolment but not to windows, deadlines or debts."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

from nameko.testing.services import entrypoint_waiter

from services.chassis.testing import travel
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent

# DAY is Wednesday 2030-03-13; "now" in these tests is in early March 2030.
BEFORE = datetime(2030, 3, 4, 9, 0, tzinfo=timezone.utc)


def book(rpc, child, *changes, caller=None):
    return rpc.book(caller or parent(child["family_id"]), child["child_id"], list(changes), new_key())["results"]


def reasons(lines):
    return [(line["status"], line["reason"]) for line in lines]


def test_a_child_not_enrolled_is_refused_then_enrolment_opens_bookings(rpc, make_activity, add_child, enrol):
    activity = make_activity()
    child = add_child()
    assert reasons(book(rpc, child, change(activity))) == [("refused", "not_enrolled")]
    enrol(child, activity)
    assert reasons(book(rpc, child, change(activity))) == [("accepted", None)]


def test_the_age_is_checked_on_the_day_booked(rpc, make_activity, add_child, enrol):
    activity = make_activity(days=(DAY, "2030-04-03"))
    rpc.update_activity(STAFF, activity["id"], {"min_age_months": 36, "max_age_months": 72})
    child = add_child(birth_date="2024-04-02")  # 5 years and 11 months on DAY, 6 on 2030-04-03
    enrol(child, activity)
    lines = book(rpc, child, change(activity), change(activity, date="2030-04-03"))
    assert reasons(lines) == [("accepted", None), ("refused", "age_out_of_range")]


def test_closed_days_refuse_and_closing_cancels_the_bookings_there(rpc, make_activity, add_enrolled_child, sql,
                                                                   events):
    activity = make_activity(days=(DAY, "2030-03-20"))
    child = add_enrolled_child()
    [booked] = book(rpc, child, change(activity, date="2030-03-20"))
    assert rpc.close_days(STAFF, activity["id"], {"dates": [DAY, "2030-03-20"], "label": "Grève"})[
        "cancelled_bookings"] == 1
    assert reasons(book(rpc, child, change(activity))) == [("refused", "closed")]
    assert reasons(book(rpc, child, change(activity, date="2030-03-27"))) == [("refused", "closed")]  # never opened
    [accepted, cancelled] = events.take(2)
    assert (cancelled["name"], cancelled["data"]["reason"], cancelled["data"]["by"], cancelled["data"]["late"]) == (
        "booking.cancelled", "closure", "staff", False)
    assert sql("SELECT accepted_count FROM opening_days WHERE date = '2030-03-20' AND pool = 'matin'") == [
        {"accepted_count": 0}]
    assert (cancelled["data"]["booking_id"], cancelled["subject"]) == (booked["booking_id"], child["child_id"])


def test_windows_open_and_close_bookings_but_not_for_staff(rpc, make_activity, add_enrolled_child, reservations):
    activity = make_activity()
    rpc.set_windows(STAFF, activity["id"], {"windows": [{
        "label": "Printemps", "period_start": "2030-03-01", "period_end": "2030-03-31",
        "opens_at": "2030-03-05T08:00:00+01:00", "closes_at": "2030-03-10T23:59:00+01:00"}]})
    child = add_enrolled_child()
    travel(reservations, BEFORE)
    assert reasons(book(rpc, child, change(activity))) == [("refused", "window_closed")]
    assert reasons(book(rpc, child, change(activity), caller=STAFF)) == [("accepted", None)]
    travel(reservations, datetime(2030, 3, 5, 7, 0, tzinfo=timezone.utc))
    assert reasons(book(rpc, child, change(activity, "midi"))) == [("accepted", None)]
    travel(reservations, datetime(2030, 3, 11, 0, 0, tzinfo=timezone.utc))
    assert reasons(book(rpc, child, change(activity, "apres_midi"))) == [("refused", "window_closed")]


def test_deadlines_lock_booking_and_cancelling(rpc, make_activity, add_enrolled_child, reservations, events):
    activity = make_activity(days=(DAY, "2030-03-20", "2030-03-27"))
    rpc.update_activity(STAFF, activity["id"], {
        "booking_deadline": [{"kind": "previous_weekday", "weekday": 4, "time": "12:00"}],
        "cancel_deadline": [{"kind": "days_before", "days": 2, "time": "18:00", "skip_weekends": True,
                             "skip_holidays": True}]})
    child = add_enrolled_child()
    # Friday 2030-03-08, 12:30 in Paris: the week of the 11th is locked for booking, the next is not
    travel(reservations, datetime(2030, 3, 8, 11, 30, tzinfo=timezone.utc))
    assert reasons(book(rpc, child, change(activity), change(activity, date="2030-03-20"))) == [
        ("refused", "deadline_passed"), ("accepted", None)]
    planning = rpc.get_planning(parent(child["family_id"]), child["child_id"], DAY, "2030-03-20")["days"]
    locked = {(d["date"], d["unit"]): d["locked"] for d in planning}
    assert locked[(DAY, "matin")] is True and locked[("2030-03-20", "midi")] is False
    booked = next(d for d in planning if (d["date"], d["unit"]) == ("2030-03-20", "matin"))
    assert booked["state"] == "booked" and booked["deadline"].startswith("2030-03-18T18:00:00")
    # Monday 2030-03-18 at 19:00: cancelling the 20th is past its deadline — but not for staff
    travel(reservations, datetime(2030, 3, 18, 18, 0, tzinfo=timezone.utc))
    assert reasons(book(rpc, child, change(activity, action="cancel", date="2030-03-20"))) == [
        ("refused", "deadline_passed")]
    assert reasons(book(rpc, child, change(activity, action="cancel", date="2030-03-20"), caller=STAFF)) == [
        ("cancelled", None)]
    # billing bills a cancellation made past the deadline: its event says it is late; one in time is not
    assert reasons(book(rpc, child, change(activity, date="2030-03-27"), caller=STAFF)) == [("accepted", None)]
    assert reasons(book(rpc, child, change(activity, action="cancel", date="2030-03-27"), caller=STAFF)) == [
        ("cancelled", None)]
    cancelled = [e["data"] for e in events.take(4) if e["name"] == "booking.cancelled"]
    assert [(c["date"], c["late"]) for c in cancelled] == [("2030-03-20", True), ("2030-03-27", False)]


def test_a_family_in_debt_is_refused_where_the_activity_says_so(rpc, make_activity, add_enrolled_child,
                                                                reservations, publish_event):
    strict = make_activity(name="Séjour")
    lenient = make_activity(name="Garderie")
    rpc.update_activity(STAFF, strict["id"], {"blocks_on_debt": True})
    child = add_enrolled_child()
    with entrypoint_waiter(reservations, "on_debt_changed"):
        publish_event("billing", "balance.changed",
                      {"family_id": child["family_id"], "in_debt": True, "overdue_cents": 4200})
    assert reasons(book(rpc, child, change(strict), change(lenient))) == [
        ("refused", "account_in_debt"), ("accepted", None)]
    with entrypoint_waiter(reservations, "on_debt_changed"):
        publish_event("billing", "balance.changed",
                      {"family_id": child["family_id"], "in_debt": False, "overdue_cents": 0})
    assert reasons(book(rpc, child, change(strict))) == [("accepted", None)]


def test_unit_combinations_are_judged_on_the_whole_day(rpc, make_activity, add_enrolled_child):
    activity = make_activity()
    rpc.update_activity(STAFF, activity["id"], {"unit_combinations": [
        ["matin"], ["matin", "midi"], ["matin", "midi", "apres_midi"], ["apres_midi"]]})
    child = add_enrolled_child()
    assert reasons(book(rpc, child, change(activity, "midi"))) == [("refused", "invalid_unit_combination")]
    assert reasons(book(rpc, child, change(activity, "matin"), change(activity, "midi"))) == [
        ("accepted", None), ("accepted", None)]
    # cancelling the morning alone would leave lunch alone: refused; the whole day at once is fine
    assert reasons(book(rpc, child, change(activity, "matin", "cancel"))) == [
        ("refused", "invalid_unit_combination")]
    assert reasons(book(rpc, child, change(activity, "matin", "cancel"), change(activity, "midi", "cancel"))) == [
        ("cancelled", None), ("cancelled", None)]


def test_units_sharing_a_pool_share_its_places(rpc, add_enrolled_child, make_activity):
    activity = make_activity(days=())
    rpc.update_activity(STAFF, activity["id"], {"units": [
        {"code": "matin", "label": "Matin", "pool": "jour"}, {"code": "midi", "label": "Midi"},
        {"code": "apres_midi", "label": "Après-midi", "pool": "jour"}]})
    rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "pool": "jour", "capacity": 2},
                                                   {"date": DAY, "unit": "midi", "capacity": 5}]})
    first, second = add_enrolled_child(), add_enrolled_child()
    assert reasons(book(rpc, first, change(activity, "matin"), change(activity, "apres_midi"))) == [
        ("accepted", None), ("accepted", None)]
    lines = book(rpc, second, change(activity, "apres_midi"), change(activity, "midi"))
    assert [(line["status"], line["waiting_position"]) for line in lines] == [("waiting_list", 1), ("accepted", None)]


def test_staff_decide_requests_in_validation_mode(rpc, make_activity, add_enrolled_child, events):
    activity = make_activity(capacity=1, booking_mode="validation")
    first, second, third = add_enrolled_child(), add_enrolled_child(), add_enrolled_child()
    pending = [book(rpc, child, change(activity))[0] for child in (first, second, third)]
    assert [line["status"] for line in pending] == ["pending"] * 3
    queue = rpc.list_pending_bookings(STAFF)
    assert [item["booking_id"] for item in queue] == [line["booking_id"] for line in pending]
    assert queue[0]["places_left"] == 1

    accepted = rpc.decide_booking(STAFF, pending[0]["booking_id"], "accept")
    assert accepted["status"] == "accepted"
    with_refusal(rpc, pending[1]["booking_id"], "accept", "full")
    waiting = rpc.decide_booking(STAFF, pending[1]["booking_id"], "waiting_list")
    assert (waiting["status"], waiting["waiting_position"]) == ("waiting_list", 1)
    refused = rpc.decide_booking(STAFF, pending[2]["booking_id"], "refuse", "Groupe complet")
    assert (refused["status"], refused["reason"]) == ("refused", "Groupe complet")
    with_refusal(rpc, pending[2]["booking_id"], "accept", "already_decided")

    # a cancellation offers the place to staff: the first in line may have it, no one else
    book(rpc, first, change(activity, action="cancel"))
    lines = {pool["pool"]: pool for pool in rpc.list_waiting(STAFF, activity["id"], DAY)}
    assert (lines["matin"]["capacity"], lines["matin"]["accepted"]) == (1, 0)
    assert [line["booking_id"] for line in lines["matin"]["lines"]] == [waiting["id"]]
    promoted = rpc.decide_booking(STAFF, waiting["id"], "accept")
    assert (promoted["status"], promoted["waiting_position"]) == ("accepted", None)
    names = [event["name"] for event in events.take(8)]
    assert names == ["booking.requested"] * 3 + ["booking.accepted", "booking.waitlisted", "booking.refused",
                                                  "booking.cancelled", "booking.promoted"]
    # the refused child may ask again; staff may take a line off the waiting list, those behind move up
    again = book(rpc, third, change(activity))[0]
    assert again["status"] == "pending"
    fourth = add_enrolled_child()
    behind = book(rpc, fourth, change(activity))[0]
    rpc.decide_booking(STAFF, again["booking_id"], "waiting_list")
    rpc.decide_booking(STAFF, behind["booking_id"], "waiting_list")
    rpc.decide_booking(STAFF, again["booking_id"], "refuse", "Désistement")
    lines = {pool["pool"]: pool for pool in rpc.list_waiting(STAFF, activity["id"], DAY)}
    assert [(line["booking_id"], line["waiting_position"]) for line in lines["matin"]["lines"]] == [
        (behind["booking_id"], 1)]


def with_refusal(rpc, booking_id, decision, code):
    from services.chassis.testing import refused
    with refused(409, code):
        rpc.decide_booking(STAFF, booking_id, decision)


def test_staff_of_another_structure_cannot_decide(rpc, make_activity, add_enrolled_child):
    from services.chassis.testing import refused
    activity = make_activity(booking_mode="validation")
    child = add_enrolled_child()
    [line] = book(rpc, child, change(activity))
    elsewhere = {"user_id": "agent", "role": "staff", "family_id": None, "structure_ids": [str(uuid.uuid4())]}
    with refused(403):
        rpc.decide_booking(elsewhere, line["booking_id"], "accept")
    assert rpc.list_pending_bookings(elsewhere) == []
    with refused(403):
        rpc.decide_booking(parent(child["family_id"]), line["booking_id"], "accept")
    own = {**elsewhere, "structure_ids": [activity["structure_id"]]}
    assert rpc.decide_booking(own, line["booking_id"], "accept")["status"] == "accepted"


def test_history_tells_who_changed_what_and_when(rpc, make_activity, add_enrolled_child):
    activity = make_activity(capacity=1)
    first, second = add_enrolled_child(), add_enrolled_child()
    book(rpc, first, change(activity))
    book(rpc, second, change(activity))
    book(rpc, first, change(activity, action="cancel"), caller=STAFF)
    mine = rpc.booking_history(parent(second["family_id"]), second["family_id"])
    assert [(h["status"], h["by"], h["waiting_position"]) for h in mine] == [
        ("accepted", "system", None), ("waiting_list", "family", 1)]
    theirs = rpc.booking_history(parent(first["family_id"]), first["family_id"], child_id=first["child_id"])
    assert [(h["status"], h["by"]) for h in theirs] == [("cancelled", "staff"), ("accepted", "family")]
    assert all(h["activity_name"] == "ALSH 3-6 ans" and h["at"] for h in theirs)


def test_outings_have_their_own_places_and_price(rpc, make_activity, add_enrolled_child, events):
    activity = make_activity(days=(DAY,))
    rpc.add_outing(STAFF, activity["id"], {"date": DAY, "code": "sortie_zoo", "label": "Sortie au zoo",
                                           "capacity": 1, "price_cents": 1200})
    first, second = add_enrolled_child(), add_enrolled_child()
    assert book(rpc, first, change(activity, "sortie_zoo"))[0]["status"] == "accepted"
    assert book(rpc, second, change(activity, "sortie_zoo"))[0]["status"] == "waiting_list"
    cells = rpc.get_planning(parent(first["family_id"]), first["child_id"], DAY, DAY)["days"]
    [outing] = [cell for cell in cells if cell["unit"] == "sortie_zoo"]
    assert (outing["state"], outing["price_cents"], outing["unit_label"]) == ("booked", 1200, "Sortie au zoo")
    assert events.take(1)[0]["data"]["price_cents"] == 1200
