"""Roll call through the real service: staff of the structure list a day's accepted bookings and record
who came; every changed entry is announced once."""
from __future__ import annotations

import uuid
from datetime import datetime, timezone

import pytest

from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent

NEXT_DAY = "2030-03-14"
EVENING = datetime(2030, 3, 13, 18, 0, tzinfo=PARIS)


def staff_of(*structure_ids) -> dict:
    return {"user_id": f"staff-{uuid.uuid4()}", "role": "staff", "family_id": None,
            "structure_ids": list(structure_ids)}


@pytest.fixture
def attendance(reservations, event_log):
    """What reservations publishes about the roll call."""
    return event_log("reservations", "attendance.#")


@pytest.fixture
def activity(make_activity):
    return make_activity(days=(DAY, NEXT_DAY), capacity=2)


@pytest.fixture
def book(rpc, activity, enrol):
    """`book(child, unit, day)` → the booking's result line, booked by the family."""
    enrolled = set()

    def book(child, unit="matin", day=DAY, target=None):
        target = target or activity
        if (child["child_id"], target["id"]) not in enrolled:
            enrol(child, target)
            enrolled.add((child["child_id"], target["id"]))
        [line] = rpc.book(parent(child["family_id"]), child["child_id"], [change(target, unit, "book", day)],
                          new_key())["results"]
        return line
    return book


@pytest.fixture
def day_booked(add_child, book):
    """Three children on DAY: Léa (matin, midi) and Tom accepted on matin, Zoé on its waiting list."""
    family = str(uuid.uuid4())
    lea, tom = add_child(family, "Léa", "Martin"), add_child(family, "Tom", "Martin")
    zoe = add_child(None, "Zoé", "Bernard")
    lines = {"lea_matin": book(lea), "lea_midi": book(lea, "midi"), "tom_matin": book(tom),
             "zoe_matin": book(zoe)}
    assert [line["status"] for line in lines.values()] == ["accepted", "accepted", "accepted", "waiting_list"]
    return {"lea": lea, "tom": tom, "zoe": zoe, **lines}


def test_the_roll_call_lists_the_accepted_bookings_of_the_day(rpc, activity, day_booked, book):
    book(day_booked["tom"], "matin", NEXT_DAY)
    staff = staff_of(activity["structure_id"])
    roll = rpc.roll_call(staff, activity["id"], DAY)
    assert roll == [
        {"booking_id": day_booked["lea_matin"]["booking_id"], "child_id": day_booked["lea"]["child_id"],
         "child_name": "Léa Martin", "unit": "matin", "unit_label": "Matin", "status": None},
        {"booking_id": day_booked["tom_matin"]["booking_id"], "child_id": day_booked["tom"]["child_id"],
         "child_name": "Tom Martin", "unit": "matin", "unit_label": "Matin", "status": None},
        {"booking_id": day_booked["lea_midi"]["booking_id"], "child_id": day_booked["lea"]["child_id"],
         "child_name": "Léa Martin", "unit": "midi", "unit_label": "Midi", "status": None},
    ]
    # A cancellation leaves the roll call; the first in line takes the place.
    rpc.book(parent(day_booked["tom"]["family_id"]), day_booked["tom"]["child_id"],
             [change(activity, "matin", "cancel", DAY)], new_key())
    names = [(entry["child_name"], entry["unit"]) for entry in rpc.roll_call(staff, activity["id"], DAY)]
    assert names == [("Zoé Bernard", "matin"), ("Léa Martin", "matin"), ("Léa Martin", "midi")]
    assert rpc.roll_call(STAFF, activity["id"], "2030-03-15") == []


def test_staff_record_the_roll_call_and_each_change_is_announced_once(rpc, reservations, activity,
                                                                      day_booked, attendance):
    staff = staff_of(activity["structure_id"])
    travel(reservations, EVENING)
    entries = [{"booking_id": day_booked["lea_matin"]["booking_id"], "status": "present"},
               {"booking_id": day_booked["tom_matin"]["booking_id"], "status": "absent_excused"}]
    roll = rpc.record_attendance(staff, activity["id"], DAY, {"entries": entries})
    assert [(entry["child_name"], entry["unit"], entry["status"]) for entry in roll] == [
        ("Léa Martin", "matin", "present"), ("Tom Martin", "matin", "absent_excused"),
        ("Léa Martin", "midi", None)]
    recorded = attendance.take(2)
    attendance.assert_quiet()
    assert sorted((e["subject"], e["data"]["status"]) for e in recorded) == sorted(
        (entry["booking_id"], entry["status"]) for entry in entries)
    lea_event = next(e for e in recorded if e["subject"] == day_booked["lea_matin"]["booking_id"])
    assert lea_event["data"] == {"booking_id": day_booked["lea_matin"]["booking_id"],
                                 "child_id": day_booked["lea"]["child_id"],
                                 "family_id": day_booked["lea"]["family_id"], "activity_id": activity["id"],
                                 "date": DAY, "unit": "matin", "status": "present"}

    # The same statuses again change nothing; a corrected one is announced with its new status.
    entries[1]["status"] = "absent_billed"
    roll = rpc.record_attendance(staff, activity["id"], DAY, {"entries": entries})
    assert [entry["status"] for entry in roll] == ["present", "absent_billed", None]
    [corrected] = attendance.take(1)
    attendance.assert_quiet()
    assert (corrected["subject"], corrected["data"]["status"]) == (day_booked["tom_matin"]["booking_id"],
                                                                   "absent_billed")
    rpc.record_attendance(staff, activity["id"], DAY, {"entries": entries})
    attendance.assert_quiet()
    assert [entry["status"] for entry in rpc.roll_call(staff, activity["id"], DAY)] == [
        "present", "absent_billed", None]


def test_a_day_to_come_cannot_be_recorded(rpc, reservations, activity, day_booked, sql):
    entry = {"booking_id": day_booked["lea_matin"]["booking_id"], "status": "present"}
    travel(reservations, datetime(2030, 3, 12, 23, 30, tzinfo=PARIS))
    with refused(422, "future_day"):
        rpc.record_attendance(STAFF, activity["id"], DAY, {"entries": [entry]})
    assert sql("SELECT count(*) AS n FROM attendance")[0]["n"] == 0
    # 23:30 UTC is already the next day in Paris.
    travel(reservations, datetime(2030, 3, 12, 23, 30, tzinfo=timezone.utc))
    assert rpc.record_attendance(STAFF, activity["id"], DAY, {"entries": [entry]})[0]["status"] == "present"


def test_only_accepted_bookings_of_that_activity_and_day_are_recorded(rpc, reservations, activity,
                                                                      make_activity, add_child, book,
                                                                      day_booked, sql):
    other_activity = make_activity(days=(DAY,), name="Garderie")
    elsewhere = book(day_booked["lea"], "matin", DAY, other_activity)
    next_day = book(day_booked["lea"], "matin", NEXT_DAY)
    travel(reservations, datetime(2030, 3, 14, 18, 0, tzinfo=PARIS))
    good = {"booking_id": day_booked["lea_matin"]["booking_id"], "status": "present"}
    strangers = [day_booked["zoe_matin"]["booking_id"], elsewhere["booking_id"], next_day["booking_id"],
                 str(uuid.uuid4())]
    with refused(422, "not_accepted_booking") as info:
        rpc.record_attendance(STAFF, activity["id"], DAY, {"entries": [good] + [
            {"booking_id": booking_id, "status": "present"} for booking_id in strangers]})
    assert info.value.details == {"booking_ids": strangers}
    assert sql("SELECT count(*) AS n FROM attendance")[0]["n"] == 0


@pytest.mark.parametrize("payload", [
    {"entries": []},
    {"entries": [{"booking_id": "x", "status": "present"}]},
    {"entries": [{"booking_id": str(uuid.uuid4()), "status": "late"}]},
    {"entries": [{"booking_id": str(uuid.uuid4()), "status": "present", "note": "?"}]},
    {"lines": []},
    ["present"],
])
def test_malformed_entries_are_refused(rpc, reservations, activity, payload):
    travel(reservations, EVENING)
    with refused(422, "invalid_input"):
        rpc.record_attendance(STAFF, activity["id"], DAY, payload)


def test_a_booking_twice_in_one_roll_call_is_refused(rpc, reservations, activity, day_booked):
    travel(reservations, EVENING)
    booking_id = day_booked["lea_matin"]["booking_id"]
    with refused(422, "invalid_input"):
        rpc.record_attendance(STAFF, activity["id"], DAY, {"entries": [
            {"booking_id": booking_id, "status": "present"}, {"booking_id": booking_id, "status": "absent_billed"}]})


def test_only_the_staff_of_the_structure_take_the_roll_call(rpc, reservations, activity, make_activity,
                                                            day_booked, sql):
    travel(reservations, EVENING)
    entries = {"entries": [{"booking_id": day_booked["lea_matin"]["booking_id"], "status": "present"}]}
    elsewhere = make_activity(days=(), name="ALSH ailleurs")
    for caller in (parent(day_booked["lea"]["family_id"]), staff_of(elsewhere["structure_id"]),
                   staff_of()):
        with refused(403, "forbidden"):
            rpc.roll_call(caller, activity["id"], DAY)
        with refused(403, "forbidden"):
            rpc.record_attendance(caller, activity["id"], DAY, entries)
    with refused(404, "not_found"):
        rpc.roll_call(STAFF, str(uuid.uuid4()), DAY)
    with refused(422, "invalid_input"):
        rpc.roll_call(STAFF, activity["id"], "13/03/2030")
    assert sql("SELECT count(*) AS n FROM attendance")[0]["n"] == 0
    assert rpc.record_attendance(staff_of(activity["structure_id"]), activity["id"], DAY, entries)[0]["status"] \
        == "present"
