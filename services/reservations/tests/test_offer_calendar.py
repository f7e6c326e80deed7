"""Opening a period from the school calendar, closing days (their bookings cancelled) and reopening."""
import uuid
from datetime import date, timedelta

import pytest

from services.chassis.testing import refused
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent


def opened(sql, pool="matin") -> list[str]:
    return [r["date"] for r in sql("SELECT date::text FROM opening_days WHERE pool = %s ORDER BY date", (pool,))]


def period(date_from, date_to, pattern, capacity=10, **extra) -> dict:
    return {"date_from": date_from, "date_to": date_to, "pattern": pattern, "capacity": capacity, **extra}


def test_school_days_skip_wednesdays_holidays_and_public_holidays(rpc, make_activity, sql):
    activity = make_activity(days=())
    # zone C, 2027: Easter Monday on 29 March, spring holidays from Saturday 3 April
    result = rpc.open_period(STAFF, activity["id"], period("2027-03-22", "2027-04-09", "school_days"))
    assert result == {"opened": 7 * 3, "holidays": [{"date": "2027-03-29", "label": "Lundi de Pâques"}]}
    assert opened(sql) == ["2027-03-22", "2027-03-23", "2027-03-25", "2027-03-26", "2027-03-30",
                           "2027-04-01", "2027-04-02"]
    assert sql("SELECT date::text, kind, label FROM closures") == [
        {"date": "2027-03-29", "kind": "holiday", "label": "Lundi de Pâques"}]
    [day] = [d for d in rpc.list_days(STAFF, activity["id"], "2027-03-29", "2027-03-29")]
    assert day["closure"] == {"kind": "holiday", "label": "Lundi de Pâques"}


def test_wednesdays_of_term(rpc, make_activity, sql):
    activity = make_activity(days=())
    # zone C winter holidays 2027: 6 to 21 February
    result = rpc.open_period(STAFF, activity["id"], period("2027-01-20", "2027-03-03", "wednesdays"))
    assert result == {"opened": 5 * 3, "holidays": []}
    assert opened(sql) == ["2027-01-20", "2027-01-27", "2027-02-03", "2027-02-24", "2027-03-03"]


def test_school_holidays_monday_to_friday(rpc, make_activity, sql):
    activity = make_activity(days=())
    assert rpc.open_period(STAFF, activity["id"], period("2027-02-01", "2027-02-28", "holidays"))["opened"] == 30
    assert opened(sql) == [d.isoformat() for d in (date(2027, 2, 8) + timedelta(days=i) for i in range(12))
                           if d.weekday() < 5]
    # the Ascension bridge: Thursday is a public holiday, Friday a school holiday
    result = rpc.open_period(STAFF, activity["id"], period("2027-05-03", "2027-05-09", "holidays"))
    assert result == {"opened": 3, "holidays": [{"date": "2027-05-06", "label": "Ascension"}]}
    assert "2027-05-07" in opened(sql) and "2027-05-06" not in opened(sql)


def test_chosen_weekdays_and_capacities_per_pool(rpc, make_activity, sql):
    activity = make_activity(days=())
    result = rpc.open_period(STAFF, activity["id"], period("2030-03-11", "2030-03-24", "weekdays",
                                                           {"matin": 12, "midi": 40}, weekdays=[0, 5]))
    assert result == {"opened": 4 * 2, "holidays": []}
    assert sql("SELECT date::text, pool, capacity FROM opening_days ORDER BY date, pool") == [
        {"date": d, "pool": p, "capacity": c} for d in ("2030-03-11", "2030-03-16", "2030-03-18", "2030-03-23")
        for p, c in (("matin", 12), ("midi", 40))]
    # every weekday by default; public holidays skipped even beyond the school calendar's data
    result = rpc.open_period(STAFF, activity["id"], period("2030-12-23", "2030-12-27", "weekdays", 5))
    assert result == {"opened": 4 * 3, "holidays": [{"date": "2030-12-25", "label": "Noël"}]}


def test_the_zone_comes_from_the_configuration(rpc, make_activity, sql, monkeypatch):
    activity = make_activity(days=())
    monkeypatch.setenv("SCHOOL_ZONE", "A")  # zone A winter holidays 2027: 13 to 28 February
    rpc.open_period(STAFF, activity["id"], period("2027-02-08", "2027-02-16", "holidays"))
    assert opened(sql) == ["2027-02-15", "2027-02-16"]  # zone C would have opened from 8 February


def test_reopening_a_period_changes_capacities_and_serves_the_line(rpc, make_activity, add_enrolled_child,
                                                                   events, sql):
    activity = make_activity(capacity=1)  # DAY is a Wednesday of 2030
    first, second = add_enrolled_child(), add_enrolled_child()
    for child in (first, second):
        rpc.book(STAFF, child["child_id"], [change(activity)], new_key())
    assert [e["name"] for e in events.take(2)] == ["booking.accepted", "booking.waitlisted"]
    rpc.open_period(STAFF, activity["id"], period(DAY, DAY, "weekdays", {"matin": 2}))
    [promoted] = events.take(1)
    assert promoted["name"] == "booking.promoted" and promoted["data"]["child_id"] == second["child_id"]


@pytest.mark.parametrize("fault", [
    {"pattern": "sometimes"},
    {"date_to": "2027-02-28"},                       # before date_from
    {"date_to": "2029-01-01"},                       # more than 400 days
    {"capacity": -1},
    {"capacity": "10"},
    {"capacity": {"soir": 3}},                       # not a pool of the activity
    {"capacity": {}},
    {"weekdays": [7]},
    {"weekdays": [1]},                               # only with the weekdays pattern
    {"date_from": None},
    {"colour": "bleu"},
])
def test_a_bad_period_opens_nothing(rpc, make_activity, sql, fault):
    activity = make_activity(days=())
    with refused(422, "invalid_input"):
        rpc.open_period(STAFF, activity["id"], {**period("2027-03-01", "2027-03-31", "school_days"), **fault})
    assert sql("SELECT * FROM opening_days") == [] and sql("SELECT * FROM closures") == []


def test_a_school_calendar_not_yet_published_is_refused(rpc, make_activity, sql):
    activity = make_activity(days=())
    with refused(422, "calendar_unknown"):
        rpc.open_period(STAFF, activity["id"], period("2035-03-01", "2035-03-31", "school_days"))
    assert sql("SELECT * FROM opening_days") == []


def test_closing_days_cancels_their_bookings(rpc, make_activity, add_enrolled_child, events, sql):
    activity = make_activity(days=(DAY, "2030-03-14"), capacity=1)
    first, second, third = add_enrolled_child(), add_enrolled_child(), add_enrolled_child()
    rpc.book(parent(first["family_id"]), first["child_id"],
             [change(activity), change(activity, "midi"), change(activity, date="2030-03-14")], new_key())
    rpc.book(parent(second["family_id"]), second["child_id"], [change(activity)], new_key())  # waiting
    events.take(4)
    result = rpc.close_days(STAFF, activity["id"], {"dates": [DAY, "2030-03-15"], "label": "Grève"})
    assert result == {"closed": 2, "cancelled_bookings": 3}
    cancelled = events.take(3)
    assert {e["name"] for e in cancelled} == {"booking.cancelled"}
    assert {(e["data"]["child_id"], e["data"]["unit"]) for e in cancelled} == {
        (first["child_id"], "matin"), (first["child_id"], "midi"), (second["child_id"], "matin")}
    assert {e["data"]["reason"] for e in cancelled} == {"closure"} and {e["data"]["by"] for e in cancelled} == {
        "staff"}
    assert sql("SELECT date::text, status FROM bookings WHERE status <> 'cancelled'") == [
        {"date": "2030-03-14", "status": "accepted"}]
    assert sql("SELECT accepted_count, waiting_count FROM opening_days WHERE date = %s AND pool = 'matin'",
               (DAY,)) == [{"accepted_count": 0, "waiting_count": 0}]
    assert sql("SELECT date::text, kind, label FROM closures ORDER BY date") == [
        {"date": DAY, "kind": "closure", "label": "Grève"}, {"date": "2030-03-15", "kind": "closure", "label": "Grève"}]
    # a closed day takes no booking
    [line] = rpc.book(STAFF, third["child_id"], [change(activity)], new_key())["results"]
    assert line["reason"] == "closed"

    assert rpc.reopen_day(STAFF, activity["id"], DAY) == {"reopened": True}
    assert rpc.reopen_day(STAFF, activity["id"], DAY) == {"reopened": False}
    [line] = rpc.book(STAFF, third["child_id"], [change(activity)], new_key())["results"]
    assert line["status"] == "accepted"


def test_a_staff_closure_replaces_a_holiday_and_stays(rpc, make_activity, sql):
    activity = make_activity(days=())
    rpc.close_days(STAFF, activity["id"], {"dates": ["2030-12-25", "2030-12-26"], "label": "Fermeture annuelle"})
    rpc.open_period(STAFF, activity["id"], period("2030-12-23", "2030-12-27", "weekdays"))
    assert sql("SELECT date::text, kind, label FROM closures ORDER BY date") == [
        {"date": "2030-12-25", "kind": "closure", "label": "Fermeture annuelle"},
        {"date": "2030-12-26", "kind": "closure", "label": "Fermeture annuelle"}]
    rpc.reopen_day(STAFF, activity["id"], "2030-12-25")
    rpc.open_period(STAFF, activity["id"], period("2030-12-23", "2030-12-27", "weekdays"))
    assert sql("SELECT kind, label FROM closures WHERE date = '2030-12-25'") == [{"kind": "holiday", "label": "Noël"}]
    rpc.close_days(STAFF, activity["id"], {"dates": ["2030-12-25"], "label": "Fermeture annuelle"})
    assert sql("SELECT kind FROM closures WHERE date = '2030-12-25'") == [{"kind": "closure"}]


@pytest.mark.parametrize("payload", [
    {"dates": [], "label": "Grève"},
    {"dates": [DAY], "label": ""},
    {"dates": [DAY]},
    {"dates": ["le 13"], "label": "Grève"},
    {"dates": [DAY, (date.today() - timedelta(days=1)).isoformat()], "label": "Grève"},  # a past day
    {"dates": [DAY], "label": "Grève", "notify": True},
])
def test_bad_closures_change_nothing(rpc, make_activity, add_enrolled_child, sql, payload):
    activity = make_activity()
    child = add_enrolled_child()
    rpc.book(STAFF, child["child_id"], [change(activity)], new_key())
    with refused(422, "invalid_input"):
        rpc.close_days(STAFF, activity["id"], payload)
    assert sql("SELECT * FROM closures") == [] and sql("SELECT status FROM bookings") == [{"status": "accepted"}]


def test_closing_or_reopening_an_unknown_activity(rpc):
    with refused(404, "not_found"):
        rpc.close_days(STAFF, str(uuid.uuid4()), {"dates": [DAY], "label": "Grève"})
    with refused(404, "not_found"):
        rpc.reopen_day(STAFF, str(uuid.uuid4()), DAY)
    with refused(422, "invalid_input"):
        rpc.reopen_day(STAFF, str(uuid.uuid4()), "hier")
