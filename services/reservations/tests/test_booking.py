"""Booking and cancelling: places, waiting lines, idempotency, events, and the refusals."""
import uuid

import pytest

from services.reservations.booking.schemas import BookingEventSchema
from services.chassis.testing import refused
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent


def test_places_then_waiting_list_then_refusals(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity(capacity=1)
    first, second = add_enrolled_child(), add_enrolled_child()
    answer = rpc.book(parent(first["family_id"]), first["child_id"], [
        change(activity, "matin"),
        change(activity, "soir"),  # not a unit of the activity
        change(activity, "matin", date="2030-03-14"),  # not an open day
    ], new_key())
    accepted, invalid_unit, closed = answer["results"]
    assert accepted["status"] == "accepted" and accepted["reason"] is None
    assert accepted["booking_id"] and accepted["waiting_position"] is None
    assert (accepted["activity_id"], accepted["date"], accepted["unit"], accepted["action"]) == (
        activity["id"], DAY, "matin", "book")
    assert (invalid_unit["status"], invalid_unit["reason"], invalid_unit["booking_id"]) == (
        "refused", "invalid_unit", None)
    assert (closed["status"], closed["reason"], closed["booking_id"]) == ("refused", "closed", None)

    [waiting] = rpc.book(parent(second["family_id"]), second["child_id"],
                         [change(activity, "matin")], new_key())["results"]
    assert (waiting["status"], waiting["waiting_position"]) == ("waiting_list", 1)
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 1}]
    rows = sql("SELECT child_id, status, by FROM bookings ORDER BY created_at")
    assert [(str(r["child_id"]), r["status"], r["by"]) for r in rows] == [
        (first["child_id"], "accepted", "family"), (second["child_id"], "waiting_list", "family")]


def test_booking_an_already_booked_slot_returns_the_booking(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity()
    child = add_enrolled_child()
    [booked] = rpc.book(STAFF, child["child_id"], [change(activity)], new_key())["results"]
    [again] = rpc.book(STAFF, child["child_id"], [change(activity)], new_key())["results"]
    assert (again["status"], again["booking_id"]) == ("accepted", booked["booking_id"])
    assert sql("SELECT by FROM bookings") == [{"by": "staff"}]
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 1}]


def test_validation_mode_leaves_the_request_pending(rpc, make_activity, add_enrolled_child, sql, events):
    activity = make_activity(booking_mode="validation")
    child = add_enrolled_child()
    [pending] = rpc.book(parent(child["family_id"]), child["child_id"], [change(activity)], new_key())["results"]
    assert (pending["status"], pending["waiting_position"]) == ("pending", None)
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 0}]
    [requested] = events.take(1)  # staff decide later
    assert (requested["name"], requested["data"]["status"]) == ("booking.requested", "pending")
    events.assert_quiet()


def test_a_replayed_idempotency_key_returns_the_same_answer_and_changes_nothing(
        rpc, make_activity, add_enrolled_child, sql, events):
    activity = make_activity(capacity=1)
    child = add_enrolled_child()
    caller, key = parent(child["family_id"]), new_key()
    lines = [change(activity, "matin"), change(activity, "midi")]
    first = rpc.book(caller, child["child_id"], lines, key)
    events.take(2)
    snapshot = (sql("SELECT * FROM bookings ORDER BY id"), sql("SELECT * FROM opening_days ORDER BY pool"),
                sql("SELECT count(*) AS n FROM outbox"))

    assert rpc.book(caller, child["child_id"], lines, key) == first
    assert (sql("SELECT * FROM bookings ORDER BY id"), sql("SELECT * FROM opening_days ORDER BY pool"),
            sql("SELECT count(*) AS n FROM outbox")) == snapshot
    events.assert_quiet()

    # even after a cancellation, the replay gives the first answer back and re-books nothing
    rpc.book(caller, child["child_id"], [change(activity, "matin", "cancel")], new_key())
    assert rpc.book(caller, child["child_id"], lines, key) == first
    assert sql("SELECT status FROM bookings WHERE unit = 'matin'") == [{"status": "cancelled"}]

    # the same key for another request is a client error
    with refused(422, "idempotency_key_reused"):
        rpc.book(caller, child["child_id"], [change(activity, "apres_midi")], key)
    assert sql("SELECT * FROM bookings WHERE unit = 'apres_midi'") == []


def test_a_request_is_announced_once_with_every_line_and_its_replay_not_at_all(
        rpc, make_activity, add_enrolled_child, requests_processed):
    activity = make_activity(capacity=1)
    holder, child = add_enrolled_child(), add_enrolled_child(first_name="Noé")
    rpc.book(STAFF, holder["child_id"], [change(activity, "midi")], new_key())
    [by_staff] = requests_processed.take(1)
    assert (by_staff["data"]["by"], by_staff["data"]["child_id"]) == ("staff", holder["child_id"])

    caller, key = parent(child["family_id"]), new_key()
    lines = [change(activity, "matin"), change(activity, "midi"), change(activity, "soir"),
             change(activity, "apres_midi", "cancel")]
    rpc.book(caller, child["child_id"], lines, key)
    [event] = requests_processed.take(1)
    requests_processed.assert_quiet()
    assert event["type"] == "fr.portail-famille.booking.request_processed.v1"
    assert event["subject"] == child["child_id"]
    data = event["data"]
    assert (data["request_key"], data["family_id"], data["child_id"], data["child_first_name"], data["by"]) == (
        key, child["family_id"], child["child_id"], "Noé", "family")
    line = {"activity_id": activity["id"], "activity_name": "ALSH 3-6 ans", "date": DAY}
    assert data["lines"] == [
        {**line, "unit": "matin", "unit_label": "Matin", "action": "book", "status": "accepted",
         "waiting_position": None, "reason": None},
        {**line, "unit": "midi", "unit_label": "Midi", "action": "book", "status": "waiting_list",
         "waiting_position": 1, "reason": None},
        {**line, "unit": "soir", "unit_label": "soir", "action": "book", "status": "refused",
         "waiting_position": None, "reason": "invalid_unit"},
        {**line, "unit": "apres_midi", "unit_label": "Après-midi", "action": "cancel", "status": "refused",
         "waiting_position": None, "reason": "not_booked"}]

    rpc.book(caller, child["child_id"], lines, key)  # a replay of the key: the same answer, no new event
    requests_processed.assert_quiet()


def test_cancelling_promotes_the_first_in_line(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity(capacity=1)
    holder, first, second, third = (add_enrolled_child() for _ in range(4))
    book = {c["child_id"]: rpc.book(STAFF, c["child_id"], [change(activity)], new_key())["results"][0]
            for c in (holder, first, second, third)}
    assert [book[c["child_id"]]["waiting_position"] for c in (holder, first, second, third)] == [
        None, 1, 2, 3]

    # the second in line gives up: the third moves up
    [gave_up] = rpc.book(STAFF, second["child_id"], [change(activity, action="cancel")], new_key())["results"]
    assert (gave_up["status"], gave_up["booking_id"]) == ("cancelled", book[second["child_id"]]["booking_id"])
    # the holder cancels: the first in line is accepted, the third is now first
    [cancelled] = rpc.book(parent(holder["family_id"]), holder["child_id"],
                           [change(activity, action="cancel")], new_key())["results"]
    assert (cancelled["status"], cancelled["waiting_position"]) == ("cancelled", None)

    rows = sql("SELECT child_id, status, waiting_position FROM bookings")
    assert {str(r["child_id"]): (r["status"], r["waiting_position"]) for r in rows} == {
        holder["child_id"]: ("cancelled", None), first["child_id"]: ("accepted", None),
        second["child_id"]: ("cancelled", None), third["child_id"]: ("waiting_list", 1)}
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 1}]

    # cancelling what is not booked is refused; the holder may book again, behind the line
    [nothing] = rpc.book(STAFF, holder["child_id"], [change(activity, "midi", "cancel")], new_key())["results"]
    assert (nothing["status"], nothing["reason"]) == ("refused", "not_booked")
    [again] = rpc.book(STAFF, holder["child_id"], [change(activity)], new_key())["results"]
    assert (again["status"], again["waiting_position"]) == ("waiting_list", 2)


def test_raising_the_capacity_serves_the_waiting_line(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity(capacity=1)
    children = [add_enrolled_child() for _ in range(3)]
    for child in children:
        rpc.book(STAFF, child["child_id"], [change(activity)], new_key())
    rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "matin", "capacity": 2}]})
    rows = sql("SELECT child_id, status, waiting_position FROM bookings")
    assert {str(r["child_id"]): (r["status"], r["waiting_position"]) for r in rows} == {
        children[0]["child_id"]: ("accepted", None), children[1]["child_id"]: ("accepted", None),
        children[2]["child_id"]: ("waiting_list", 1)}


def test_bookings_are_announced_as_events(rpc, make_activity, add_enrolled_child, events):
    activity = make_activity(capacity=1)
    first, second = add_enrolled_child(), add_enrolled_child()
    [accepted] = rpc.book(STAFF, first["child_id"], [change(activity)], new_key())["results"]
    [waiting] = rpc.book(STAFF, second["child_id"], [change(activity)], new_key())["results"]
    rpc.book(STAFF, first["child_id"], [change(activity, action="cancel")], new_key())

    published = events.take_events(4)
    assert [(e["name"], [b["booking_id"] for b in e["data"]["bookings"]]) for e in published] == [
        ("booking.accepted", [accepted["booking_id"]]), ("booking.waitlisted", [waiting["booking_id"]]),
        ("booking.cancelled", [accepted["booking_id"]]), ("booking.promoted", [waiting["booking_id"]])]
    for event in published:
        assert BookingEventSchema().validate(event["data"]) == {}
        assert event["type"] == f"fr.portail-famille.{event['name']}.v2"
        assert event["subject"] == event["data"]["child_id"]
    assert published[1]["data"] == {
        "child_id": second["child_id"], "family_id": second["family_id"], "by": "staff", "bookings": [{
            "booking_id": waiting["booking_id"], "activity_id": activity["id"], "activity_name": "ALSH 3-6 ans",
            "structure_id": activity["structure_id"], "date": DAY, "unit": "matin", "unit_label": "Matin",
            "waiting_position": 1, "status": "waiting_list", "reason": None, "price_cents": None}]}
    assert (published[3]["subject"], published[3]["data"]["by"]) == (second["child_id"], "system")
    assert (published[3]["data"]["bookings"][0]["status"], published[3]["data"]["bookings"][0]["waiting_position"]
            ) == ("accepted", None)
    events.assert_quiet()


def test_a_request_is_announced_as_one_event_per_outcome(rpc, make_activity, add_enrolled_child, events):
    """A month request of many lines: its accepted bookings in one event, its waiting ones in another
    (one AMQP message each, not one per line), each listing its bookings in the order asked."""
    days = ("2030-03-13", "2030-03-20", "2030-03-27")
    activity = make_activity(capacity=1, days=days)
    rival, child = add_enrolled_child(), add_enrolled_child()
    rpc.book(STAFF, rival["child_id"], [change(activity, date=days[1])], new_key())
    events.take_events(1)
    asked = [change(activity, unit, date=day) for day in days for unit in ("matin", "midi")]
    results = rpc.book(parent(child["family_id"]), child["child_id"], asked, new_key())["results"]

    accepted, waitlisted = events.take_events(2)
    events.assert_quiet()
    assert (accepted["name"], accepted["subject"], accepted["data"]["by"]) == (
        "booking.accepted", child["child_id"], "family")
    assert [b["booking_id"] for b in accepted["data"]["bookings"]] == [
        r["booking_id"] for r in results if r["status"] == "accepted"]
    assert [(b["date"], b["unit"]) for b in waitlisted["data"]["bookings"]] == [(days[1], "matin")]
    assert len(accepted["data"]["bookings"]) == 5


@pytest.mark.parametrize("changes, key", [
    ([{"activity_id": "x", "date": DAY, "unit": "matin", "action": "book"}], "k"),
    ([{"activity_id": "{activity}", "date": "2030-02-30", "unit": "matin", "action": "book"}], "k"),
    ([{"activity_id": "{activity}", "date": DAY, "unit": "matin", "action": "reserve"}], "k"),
    ([{"activity_id": "{activity}", "date": DAY, "unit": "matin"}], "k"),
    ([{"activity_id": "{activity}", "date": DAY, "unit": "matin", "action": "book", "price": 1}], "k"),
    ([], "k"),
    ([{"activity_id": "{activity}", "date": DAY, "unit": "matin", "action": "book"}], ""),
])
def test_a_bad_booking_request_is_refused_and_writes_nothing(rpc, make_activity, add_enrolled_child, sql, changes, key):
    activity = make_activity()
    child = add_enrolled_child()
    changes = [{**c, "activity_id": c["activity_id"].replace("{activity}", activity["id"])} for c in changes]
    with refused(422):
        rpc.book(STAFF, child["child_id"], changes, key)
    assert sql("SELECT * FROM bookings") == [] and sql("SELECT * FROM booking_requests") == []
    assert sql("SELECT * FROM outbox WHERE type LIKE 'booking.%%'") == []


def test_an_unknown_activity_refuses_the_whole_request(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity()
    child = add_enrolled_child()
    key = new_key()
    with refused(404):
        rpc.book(STAFF, child["child_id"], [
            change(activity), {**change(activity), "activity_id": str(uuid.uuid4())}], key)
    assert sql("SELECT * FROM bookings") == [] and sql("SELECT * FROM booking_requests") == []
    # nothing was kept: the key still works for a good request
    [line] = rpc.book(STAFF, child["child_id"], [change(activity)], key)["results"]
    assert line["status"] == "accepted"
