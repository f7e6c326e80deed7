"""iCalendar feeds of a child's bookings: the calendar text, and the feed RPCs through the real service."""
from __future__ import annotations

import hashlib
import uuid
from datetime import date, datetime, time, timezone

import pytest
from icalendar import Calendar

from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel
from services.reservations.feeds import ical
from services.reservations.tests.conftest import STAFF, change, new_key, parent

DAY, LATER = "2030-03-13", "2030-03-20"


def events_of(content: str) -> dict:
    """{UID: VEVENT} of an iCalendar text."""
    return {str(event["uid"]): event for event in Calendar.from_ical(content).walk("VEVENT")}


# --- the calendar text ----------------------------------------------------------------------------

def test_a_timed_unit_is_an_event_in_paris_time_and_an_untimed_one_a_whole_day():
    now = datetime(2030, 1, 10, 9, 0, tzinfo=PARIS)
    booking_ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    content = ical.calendar("Léa", [
        {"booking_id": booking_ids[0], "date": date(2030, 7, 1), "activity_name": "ALSH 3-6 ans",
         "unit_label": "Matin", "starts_at": time(8, 30), "ends_at": time(12, 0)},
        {"booking_id": booking_ids[1], "date": date(2030, 7, 2), "activity_name": "ALSH 3-6 ans",
         "unit_label": "Journée", "starts_at": None, "ends_at": None},
    ], now)
    calendar = Calendar.from_ical(content)
    assert str(calendar["prodid"]) == "-//Portail Famille//FR" and str(calendar["version"]) == "2.0"
    assert str(calendar["x-wr-calname"]) == "Léa — réservations"
    assert [str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    timed, whole_day = (events_of(content)[f"{booking_id}@portail-famille"] for booking_id in booking_ids)
    assert str(timed["summary"]) == "ALSH 3-6 ans — Matin"
    assert timed.decoded("dtstart") == datetime(2030, 7, 1, 8, 30, tzinfo=PARIS)
    assert timed["dtstart"].params["TZID"] == "Europe/Paris"
    assert timed.decoded("dtend") == datetime(2030, 7, 1, 12, 0, tzinfo=PARIS)
    assert timed.decoded("dtstamp") == datetime(2030, 1, 10, 8, 0, tzinfo=timezone.utc)
    assert str(whole_day["summary"]) == "ALSH 3-6 ans — Journée"
    assert whole_day.decoded("dtstart") == date(2030, 7, 2) and whole_day.decoded("dtend") == date(2030, 7, 3)
    assert "DTSTART;VALUE=DATE:20300702" in content


def test_an_empty_calendar_is_still_a_calendar():
    content = ical.calendar("Tom", [], datetime(2030, 1, 10, tzinfo=PARIS))
    assert content.startswith("BEGIN:VCALENDAR") and events_of(content) == {}
    assert "VTIMEZONE" not in content


@pytest.mark.parametrize("first_name, expected", [
    ("Léa", "reservations-lea.ics"), ("Jean-Éric", "reservations-jean-eric.ics"),
    ("Anonyme", "reservations-anonyme.ics"), ("李", "reservations-enfant.ics"),
])
def test_the_file_is_named_after_the_child(first_name, expected):
    assert ical.filename(first_name) == expected


# --- through the service --------------------------------------------------------------------------

@pytest.fixture
def activity(rpc):
    """An automatic activity, one place a day: a timed morning and an untimed whole day."""
    structure = rpc.create_structure(STAFF, {"name": "Centre Jean Moulin", "kind": "alsh"})
    created = rpc.create_activity(STAFF, {
        "structure_id": structure["id"], "name": "ALSH 3-6 ans", "booking_mode": "automatic",
        "units": [{"code": "matin", "label": "Matin", "starts_at": "08:30", "ends_at": "12:00"},
                  {"code": "journee", "label": "Journée"}]})
    rpc.open_days(STAFF, created["id"], {"days": [{"date": day, "unit": unit, "capacity": 1}
                                                  for day in (DAY, LATER) for unit in ("matin", "journee")]})
    return created


@pytest.fixture
def booked(rpc, activity, enrol):
    """`booked(child, [(unit, date, action)])` → the statuses of the lines, booked by the family."""
    enrolled = set()

    def book(child, lines):
        if child["child_id"] not in enrolled:
            enrol(child, activity)
            enrolled.add(child["child_id"])
        results = rpc.book(parent(child["family_id"]), child["child_id"],
                           [change(activity, unit, action, day) for unit, day, action in lines], new_key())
        return results["results"]
    return book


def test_the_feed_shows_the_accepted_bookings_of_the_child(rpc, reservations, add_child, booked):
    family = str(uuid.uuid4())
    lea, tom = add_child(family, "Léa"), add_child(family, "Tom")
    morning, whole_day, cancelled = booked(lea, [("matin", DAY, "book"), ("journee", LATER, "book"),
                                                 ("journee", DAY, "book")])
    assert booked(lea, [("journee", DAY, "cancel")])[0]["status"] == "cancelled"
    [waiting] = booked(tom, [("matin", DAY, "book")])
    assert [morning["status"], whole_day["status"], waiting["status"]] == ["accepted", "accepted", "waiting_list"]
    travel(reservations, datetime(2030, 1, 10, 9, 0, tzinfo=PARIS))

    token = rpc.create_calendar_feed(parent(family), lea["child_id"])["token"]
    feed = rpc.calendar_feed(token)
    assert feed["filename"] == "reservations-lea.ics"
    assert str(Calendar.from_ical(feed["content"])["x-wr-calname"]) == "Léa — réservations"
    events = events_of(feed["content"])
    assert set(events) == {f"{morning['booking_id']}@portail-famille", f"{whole_day['booking_id']}@portail-famille"}
    timed = events[f"{morning['booking_id']}@portail-famille"]
    assert str(timed["summary"]) == "ALSH 3-6 ans — Matin"
    assert timed.decoded("dtstart") == datetime(2030, 3, 13, 8, 30, tzinfo=PARIS)
    assert timed.decoded("dtend") == datetime(2030, 3, 13, 12, 0, tzinfo=PARIS)
    assert timed.decoded("dtstamp") == datetime(2030, 1, 10, 8, 0, tzinfo=timezone.utc)
    all_day = events[f"{whole_day['booking_id']}@portail-famille"]
    assert all_day.decoded("dtstart") == date(2030, 3, 20) and all_day.decoded("dtend") == date(2030, 3, 21)

    # Tom waits in line: nothing in his feed until Léa's cancellation promotes him.
    tom_token = rpc.create_calendar_feed(parent(family), tom["child_id"])["token"]
    assert events_of(rpc.calendar_feed(tom_token)["content"]) == {}
    booked(lea, [("matin", DAY, "cancel")])
    assert set(events_of(rpc.calendar_feed(tom_token)["content"])) == {f"{waiting['booking_id']}@portail-famille"}
    assert set(events_of(rpc.calendar_feed(token)["content"])) == {f"{whole_day['booking_id']}@portail-famille"}


def test_the_feed_keeps_ninety_days_of_the_past(rpc, reservations, add_child, booked):
    child = add_child()
    _, second = booked(child, [("matin", DAY, "book"), ("matin", LATER, "book")])
    token = rpc.create_calendar_feed(parent(child["family_id"]), child["child_id"])["token"]
    travel(reservations, datetime(2030, 6, 11, 23, 0, tzinfo=PARIS))  # 90 days after DAY
    assert len(events_of(rpc.calendar_feed(token)["content"])) == 2
    travel(reservations, datetime(2030, 6, 15, 12, 0, tzinfo=PARIS))
    assert set(events_of(rpc.calendar_feed(token)["content"])) == {f"{second['booking_id']}@portail-famille"}


def test_only_a_hash_of_the_token_is_kept(rpc, add_child, sql):
    child = add_child()
    token = rpc.create_calendar_feed(parent(child["family_id"]), child["child_id"])["token"]
    assert len(token) >= 43
    [row] = sql("SELECT * FROM calendar_feeds")
    assert row["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {str(value) for value in row.values()}
    assert str(row["family_id"]) == child["family_id"] and row["revoked_at"] is None


def test_revoked_and_unknown_tokens_answer_not_found(rpc, add_child):
    child = add_child()
    caller = parent(child["family_id"])
    first = rpc.create_calendar_feed(caller, child["child_id"])["token"]
    second = rpc.create_calendar_feed(STAFF, child["child_id"])["token"]
    assert first != second
    assert rpc.calendar_feed(first)["content"].startswith("BEGIN:VCALENDAR")
    assert rpc.revoke_calendar_feeds(caller, child["child_id"]) == {"revoked": 2}
    for token in (first, second, "not-a-token"):
        with refused(404, "not_found"):
            rpc.calendar_feed(token)
    assert rpc.revoke_calendar_feeds(caller, child["child_id"]) == {"revoked": 0}
    third = rpc.create_calendar_feed(caller, child["child_id"])["token"]
    assert rpc.calendar_feed(third)["filename"] == "reservations-lea.ics"


def test_another_family_can_neither_open_nor_revoke_a_childs_feeds(rpc, add_child):
    child, stranger = add_child(), add_child()
    token = rpc.create_calendar_feed(parent(child["family_id"]), child["child_id"])["token"]
    with refused(404, "not_found"):
        rpc.create_calendar_feed(parent(stranger["family_id"]), child["child_id"])
    with refused(404, "not_found"):
        rpc.revoke_calendar_feeds(parent(stranger["family_id"]), child["child_id"])
    with refused(404, "not_found"):
        rpc.create_calendar_feed(parent(child["family_id"]), str(uuid.uuid4()))
    with refused(422, "invalid_input"):
        rpc.create_calendar_feed(parent(child["family_id"]), "not-an-id")
    assert rpc.calendar_feed(token)["filename"] == "reservations-lea.ics"
