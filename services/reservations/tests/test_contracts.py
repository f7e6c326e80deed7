"""Crèche contracts: the schedule rules, and the contract RPCs through the real service (staff of the
crèche create contracts and record extra hours; the family or staff declare absences)."""
from __future__ import annotations

import uuid
from datetime import date

import pytest

from services.chassis.testing import refused
from services.reservations.attendance import contracts
from services.reservations.tests.conftest import STAFF, parent

SCHEDULE = {"0": [["08:30", "12:00"], ["13:30", "17:30"]], "2": [["08:00", "12:00"]]}


def staff_of(*structure_ids) -> dict:
    return {"user_id": f"staff-{uuid.uuid4()}", "role": "staff", "family_id": None,
            "structure_ids": list(structure_ids)}


# --- rules ----------------------------------------------------------------------------------------

def test_weekly_minutes_add_every_range_of_the_week():
    assert contracts.weekly_minutes(SCHEDULE) == 210 + 240 + 240
    assert contracts.weekly_minutes({}) == 0


@pytest.mark.parametrize("schedule, day", [
    ({"7": [["08:00", "12:00"]]}, "7"),
    ({"mon": [["08:00", "12:00"]]}, "mon"),
    ({"0": [["12:00", "08:00"]]}, "0"),
    ({"0": [["08:00", "08:00"]]}, "0"),
    ({"1": [["08:00", "12:00"], ["11:00", "14:00"]]}, "1"),
    ({"1": [["08:00", "12:00"], ["08:00", "12:00"]]}, "1"),
    ({"2": [["07:00", "08:00"], ["09:00", "10:00"], ["11:00", "12:00"], ["13:00", "14:00"]]}, "2"),
    ({"3": [["8:30", "12:00"]]}, "3"),
    ({"3": [["24:00", "25:00"]]}, "3"),
    ({"3": [["08:00"]]}, "3"),
    ({"3": "08:00-12:00"}, "3"),
    ({"3": [[800, 1200]]}, "3"),
])
def test_a_bad_day_of_the_schedule_is_named(schedule, day):
    errors = contracts.schedule_errors(schedule)
    assert list(errors) == [day] and errors[day]


def test_a_schedule_needs_some_hours_and_a_shape():
    assert "_schema" in contracts.schedule_errors({})
    assert "_schema" in contracts.schedule_errors({"0": [], "1": []})
    assert "_schema" in contracts.schedule_errors([["08:00", "12:00"]])


def test_touching_ranges_and_three_a_day_are_allowed():
    schedule = {"4": [["14:00", "18:00"], ["07:30", "12:00"], ["12:00", "14:00"]], "5": []}
    assert contracts.schedule_errors(schedule) == {}
    assert contracts.normalise(schedule) == {"4": [["07:30", "12:00"], ["12:00", "14:00"], ["14:00", "18:00"]]}


def test_span_and_status():
    contract = {"starts_on": date(2030, 1, 1), "ends_on": date(2030, 6, 30), "status": "active"}
    assert contracts.covers(contract, date(2030, 1, 1))
    assert contracts.covers(contract, date(2030, 6, 1), date(2030, 6, 30))
    assert not contracts.covers(contract, date(2029, 12, 31))
    assert not contracts.covers(contract, date(2030, 6, 29), date(2030, 7, 1))
    assert contracts.status(contract, date(2030, 6, 30)) == "active"
    assert contracts.status(contract, date(2030, 7, 1)) == "ended"


# --- through the service --------------------------------------------------------------------------

@pytest.fixture
def events(reservations, event_log):
    """What reservations publishes about contracts."""
    return event_log("reservations", "contract.#")


@pytest.fixture
def creche(make_activity):
    return make_activity(days=(), name="Micro-crèche Les Lutins")


@pytest.fixture
def contract_of(rpc, creche):
    def make(child, starts_on="2030-01-01", ends_on="2030-06-30", schedule=SCHEDULE, caller=STAFF):
        return rpc.create_contract(caller, {"child_id": child["child_id"], "activity_id": creche["id"],
                                            "starts_on": starts_on, "ends_on": ends_on, "schedule": schedule})
    return make


def test_staff_of_the_creche_create_a_contract(rpc, creche, add_child, events):
    child = add_child(first_name="Jade", last_name="Petit")
    staff = staff_of(creche["structure_id"])
    schedule = {"2": [["13:30", "17:30"], ["08:00", "12:00"]], "4": []}
    contract = rpc.create_contract(staff, {"child_id": child["child_id"], "activity_id": creche["id"],
                                           "starts_on": "2030-01-01", "ends_on": "2030-06-30",
                                           "schedule": schedule})
    assert contract["child_id"] == child["child_id"] and contract["activity_id"] == creche["id"]
    assert contract["family_id"] == child["family_id"] and contract["child_name"] == "Jade Petit"
    assert (contract["starts_on"], contract["ends_on"]) == ("2030-01-01", "2030-06-30")
    assert contract["schedule"] == {"2": [["08:00", "12:00"], ["13:30", "17:30"]]}
    assert contract["weekly_minutes"] == 480
    assert contract["status"] == "active"
    assert contract["extra_hours"] == [] and contract["absences"] == []
    [event] = events.take(1)
    assert event["subject"] == contract["id"]
    assert event["data"] == {"contract_id": contract["id"], "child_id": child["child_id"],
                             "family_id": child["family_id"], "activity_id": creche["id"],
                             "starts_on": "2030-01-01", "ends_on": "2030-06-30",
                             "schedule": contract["schedule"], "weekly_minutes": 480}


def test_a_bad_contract_is_refused_and_nothing_is_kept(rpc, creche, add_child, contract_of, sql):
    child = add_child()
    with refused(422, "invalid_input") as info:
        contract_of(child, schedule={"0": [["08:00", "12:00"], ["11:00", "13:00"]]})
    assert "0" in info.value.details["fields"]["schedule"]
    with refused(422, "invalid_input") as info:
        contract_of(child, starts_on="2030-06-30", ends_on="2030-01-01")
    assert "ends_on" in info.value.details["fields"]
    with refused(422, "invalid_input"):
        rpc.create_contract(STAFF, {"child_id": child["child_id"], "activity_id": creche["id"],
                                    "starts_on": "2030-01-01", "ends_on": "2030-06-30",
                                    "schedule": SCHEDULE, "price_cents": 10})
    assert sql("SELECT count(*) AS n FROM contracts")[0]["n"] == 0


def test_a_contract_needs_a_known_child_and_a_managed_activity(rpc, creche, add_child, contract_of,
                                                                make_activity):
    child = add_child()
    with refused(404, "not_found"):
        contract_of({"child_id": str(uuid.uuid4())})
    with refused(404, "not_found"):
        rpc.create_contract(STAFF, {"child_id": child["child_id"], "activity_id": str(uuid.uuid4()),
                                    "starts_on": "2030-01-01", "ends_on": "2030-06-30", "schedule": SCHEDULE})
    elsewhere = make_activity(days=(), name="ALSH ailleurs")
    with refused(403, "forbidden"):
        contract_of(child, caller=staff_of(elsewhere["structure_id"]))
    with refused(403, "forbidden"):
        contract_of(child, caller=parent(child["family_id"]))


def test_overlapping_contracts_of_a_child_are_refused(add_child, contract_of):
    child, sibling = add_child(), add_child()
    first = contract_of(child, "2030-01-01", "2030-06-30")
    with refused(409, "contract_overlap") as info:
        contract_of(child, "2030-06-30", "2030-12-31")
    assert info.value.details == {"contract_id": first["id"]}
    assert contract_of(child, "2030-07-01", "2030-12-31")["starts_on"] == "2030-07-01"
    assert contract_of(sibling, "2030-01-01", "2030-06-30")["child_id"] == sibling["child_id"]


def test_a_family_lists_its_own_contracts_only(rpc, creche, add_child, contract_of, make_activity):
    family = str(uuid.uuid4())
    lea, tom, other = add_child(family, "Léa"), add_child(family, "Tom"), add_child()
    mine = {contract_of(lea)["id"], contract_of(tom)["id"]}
    contract_of(other)
    listed = rpc.list_contracts(parent(family), family)
    assert {c["id"] for c in listed} == mine
    assert {c["child_name"] for c in listed} == {"Léa Martin", "Tom Martin"}
    assert all(c["activity_name"] == "Micro-crèche Les Lutins" for c in listed)
    with refused(404, "not_found"):
        rpc.list_contracts(parent(family), other["family_id"])
    with refused(404, "not_found"):
        rpc.list_contracts(parent(family), "not-an-id")
    assert {c["id"] for c in rpc.list_contracts(STAFF, family)} == mine
    assert {c["id"] for c in rpc.list_contracts(staff_of(creche["structure_id"]), family)} == mine
    elsewhere = make_activity(days=(), name="ALSH ailleurs")
    assert rpc.list_contracts(staff_of(elsewhere["structure_id"]), family) == []


def test_staff_record_extra_hours_within_the_contract(rpc, creche, add_child, contract_of, event_log,
                                                     make_activity):
    child = add_child()
    contract = contract_of(child)
    events = event_log("reservations", "contract.extra_hours_recorded")
    staff = staff_of(creche["structure_id"])
    updated = rpc.record_extra_hours(staff, contract["id"], {"date": "2030-02-04", "minutes": 45})
    [extra] = updated["extra_hours"]
    assert (extra["date"], extra["minutes"]) == ("2030-02-04", 45)
    [event] = events.take(1)
    assert event["subject"] == contract["id"]
    assert event["data"] == {"contract_id": contract["id"], "extra_hours_id": extra["id"],
                             "child_id": child["child_id"], "family_id": child["family_id"],
                             "activity_id": creche["id"], "date": "2030-02-04", "minutes": 45}

    with refused(422, "outside_contract"):
        rpc.record_extra_hours(staff, contract["id"], {"date": "2030-07-01", "minutes": 30})
    with refused(422, "invalid_input"):
        rpc.record_extra_hours(staff, contract["id"], {"date": "2030-02-05", "minutes": 0})
    with refused(403, "forbidden"):
        rpc.record_extra_hours(parent(child["family_id"]), contract["id"], {"date": "2030-02-05", "minutes": 30})
    elsewhere = make_activity(days=(), name="ALSH ailleurs")
    with refused(403, "forbidden"):
        rpc.record_extra_hours(staff_of(elsewhere["structure_id"]), contract["id"],
                               {"date": "2030-02-05", "minutes": 30})
    with refused(404, "not_found"):
        rpc.record_extra_hours(staff, str(uuid.uuid4()), {"date": "2030-02-05", "minutes": 30})
    [listed] = rpc.list_contracts(parent(child["family_id"]), child["family_id"])
    assert listed["extra_hours"] == updated["extra_hours"]


def test_the_family_declares_an_absence_of_its_own_contract(rpc, creche, add_child, contract_of, event_log):
    child = add_child()
    contract = contract_of(child)
    events = event_log("reservations", "contract.absence_declared")
    updated = rpc.declare_absence(parent(child["family_id"]), contract["id"],
                                  {"date_from": "2030-03-04", "date_to": "2030-03-08", "reason": "Vacances"})
    [absence] = updated["absences"]
    assert absence["date_from"] == "2030-03-04" and absence["date_to"] == "2030-03-08"
    assert (absence["reason"], absence["declared_by"]) == ("Vacances", "family")
    [event] = events.take(1)
    assert event["data"] == {"contract_id": contract["id"], "absence_id": absence["id"],
                             "child_id": child["child_id"], "family_id": child["family_id"],
                             "activity_id": creche["id"], "date_from": "2030-03-04", "date_to": "2030-03-08",
                             "reason": "Vacances", "declared_by": "family"}

    by_staff = rpc.declare_absence(staff_of(creche["structure_id"]), contract["id"],
                                   {"date_from": "2030-04-01", "date_to": "2030-04-01", "reason": "Maladie"})
    assert [a["declared_by"] for a in by_staff["absences"]] == ["family", "staff"]


def test_absences_are_refused_outside_the_contract_or_to_others(rpc, creche, add_child, contract_of,
                                                                make_activity, sql):
    child, stranger = add_child(), add_child()
    contract = contract_of(child)
    absence = {"date_from": "2030-06-29", "date_to": "2030-07-02", "reason": "Vacances"}
    with refused(422, "outside_contract") as info:
        rpc.declare_absence(parent(child["family_id"]), contract["id"], absence)
    assert info.value.details == {"starts_on": "2030-01-01", "ends_on": "2030-06-30"}
    with refused(422, "invalid_input"):
        rpc.declare_absence(parent(child["family_id"]), contract["id"],
                            {"date_from": "2030-03-08", "date_to": "2030-03-04", "reason": "Vacances"})
    with refused(422, "invalid_input"):
        rpc.declare_absence(parent(child["family_id"]), contract["id"],
                            {"date_from": "2030-03-04", "date_to": "2030-03-08"})
    inside = {**absence, "date_from": "2030-03-04", "date_to": "2030-03-08"}
    with refused(404, "not_found"):
        rpc.declare_absence(parent(stranger["family_id"]), contract["id"], inside)
    with refused(404, "not_found"):
        rpc.declare_absence(parent(child["family_id"]), str(uuid.uuid4()), inside)
    elsewhere = make_activity(days=(), name="ALSH ailleurs")
    with refused(403, "forbidden"):
        rpc.declare_absence(staff_of(elsewhere["structure_id"]), contract["id"], inside)
    assert sql("SELECT count(*) AS n FROM contract_absences")[0]["n"] == 0
