"""Structures, activities and opening days: staff configure them, parents see activities."""
import uuid

import pytest

from services.chassis.testing import refused
from services.reservations.tests.conftest import DAY, STAFF, UNITS, parent


def test_staff_create_a_structure_an_activity_and_open_days(rpc, add_child, sql):
    structure = rpc.create_structure(STAFF, {"name": "École Jules Ferry", "kind": "periscolaire"})
    assert structure["name"] == "École Jules Ferry" and structure["kind"] == "periscolaire"
    activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": "Garderie",
                                           "booking_mode": "validation", "units": UNITS})
    assert activity == {"id": activity["id"], "name": "Garderie", "structure_id": structure["id"],
                        "booking_mode": "validation", "units": UNITS}
    days = [{"date": "2030-03-13", "unit": "matin", "capacity": 12},
            {"date": "2030-03-13", "unit": "midi", "capacity": 30}]
    assert rpc.open_days(STAFF, activity["id"], {"days": days}) == {"opened": 2}
    # an upsert: opening again changes the capacity
    assert rpc.open_days(STAFF, activity["id"], {"days": [
        {"date": "2030-03-13", "unit": "matin", "capacity": 15}]}) == {"opened": 1}
    assert [(r["pool"], r["capacity"]) for r in sql("SELECT * FROM opening_days ORDER BY pool")] == [
        ("matin", 15), ("midi", 30)]

    child = add_child()
    assert rpc.list_activities(parent(child["family_id"]), child["child_id"]) == [{
        "id": activity["id"], "name": "Garderie",
        "structure": {"id": structure["id"], "name": "École Jules Ferry", "kind": "periscolaire"},
        "units": UNITS, "booking_mode": "validation", "enrolment_status": "accepted"}]


def test_configuration_is_for_staff_only(rpc, make_activity, add_child, sql):
    activity = make_activity(days=())
    family = parent(add_child()["family_id"])
    calls = [
        lambda: rpc.create_structure(family, {"name": "Pirate", "kind": "alsh"}),
        lambda: rpc.create_activity(family, {"structure_id": str(uuid.uuid4()), "name": "Pirate",
                                             "booking_mode": "automatic", "units": UNITS}),
        lambda: rpc.open_days(family, activity["id"], {"days": [
            {"date": DAY, "unit": "matin", "capacity": 100}]}),
    ]
    for call in calls:
        with refused(403, "forbidden"):
            call()
    assert len(sql("SELECT * FROM structures")) == 1
    assert len(sql("SELECT * FROM activities")) == 1
    assert sql("SELECT * FROM opening_days") == []


GOOD_ACTIVITY = {"name": "ALSH", "booking_mode": "automatic", "units": UNITS}


@pytest.mark.parametrize("fault", [
    {"structure_id": None},
    {"structure_id": "pas-un-uuid"},
    {"booking_mode": "sometimes"},
    {"units": []},
    {"units": [UNITS[0], UNITS[0]]},
    {"units": [{"code": "Matin !", "label": "Matin"}]},
    {"name": ""},
    {"price_cents": 300},
])
def test_a_bad_activity_is_refused_and_nothing_is_written(rpc, sql, fault):
    structure = rpc.create_structure(STAFF, {"name": "Centre", "kind": "alsh"})
    payload = {"structure_id": structure["id"], **GOOD_ACTIVITY, **fault}
    with refused(422):
        rpc.create_activity(STAFF, payload)
    assert sql("SELECT * FROM activities") == [] and sql("SELECT * FROM activity_units") == []


def test_an_activity_needs_an_existing_structure(rpc, sql):
    with refused(404):
        rpc.create_activity(STAFF, {"structure_id": str(uuid.uuid4()), "name": "ALSH",
                                    "booking_mode": "automatic", "units": UNITS})
    assert sql("SELECT * FROM activities") == []


@pytest.mark.parametrize("days", [
    [{"date": DAY, "unit": "soir", "capacity": 10}],  # not a unit of the activity
    [{"date": DAY, "unit": "matin", "capacity": -1}],
    [{"date": "13/03/2030", "unit": "matin", "capacity": 10}],
    [{"date": DAY, "unit": "matin", "capacity": 10}, {"date": DAY, "unit": "matin", "capacity": 5}],
    [],
])
def test_bad_opening_days_are_refused_and_nothing_is_opened(rpc, make_activity, sql, days):
    activity = make_activity(days=())
    with refused(422):
        # a valid day first: a refusal of the whole request opens none of them
        rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "midi", "capacity": 3}] + days
                                              if days else []})
    assert sql("SELECT * FROM opening_days") == []


def test_opening_days_of_an_unknown_activity_is_not_found(rpc):
    with refused(404):
        rpc.open_days(STAFF, str(uuid.uuid4()), {"days": [{"date": DAY, "unit": "matin", "capacity": 3}]})
