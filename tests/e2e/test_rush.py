"""The opening-day rush through the real stack (gateway, two reservations processes): never more
accepted bookings than places, a waiting line in the order the service took the requests, nothing
lost or doubled — also when a reservations process dies in the middle of the rush."""
from __future__ import annotations

import threading
import time
import uuid

import pytest

from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD
from tests.rush import check, live_bookings, make_parents, open_sessions, send_all

PARENTS = 200
UNITS = ("matin", "midi", "apres_midi")


@pytest.fixture(scope="module")
def staff(stack):
    client = ApiClient(stack.base_url)
    client.login(STAFF_LOGIN, STAFF_PASSWORD).raise_for_status()
    return client


@pytest.fixture(scope="module")
def activity(staff):
    structure = staff.post("/staff/structures", {"name": "ALSH des Pins", "kind": "alsh"}).json()
    created = staff.post("/staff/activities", {
        "structure_id": structure["id"], "name": "ALSH été 6-12 ans", "booking_mode": "automatic",
        "units": [{"code": unit, "label": unit} for unit in UNITS]})
    assert created.status_code == 201, created.text
    return created.json()


@pytest.fixture(scope="module")
def parents(stack, activity):
    made = make_parents(stack, PARENTS + 2, activity["id"], "RUSH")
    return list(zip(made, open_sessions(stack, made)))


def open_day(staff, activity, day: str, capacity: int) -> None:
    answer = staff.post(f"/staff/activities/{activity['id']}/days",
                        {"days": [{"date": day, "unit": unit, "capacity": capacity} for unit in UNITS]})
    assert answer.status_code == 201, answer.text


def test_two_hundred_parents_for_the_last_ten_places(stack, staff, activity, parents):
    day = "2031-07-07"
    open_day(staff, activity, day, 12)
    early, rush = parents[:2], parents[2:]
    for parent, client in early:  # two places taken before the rush: ten are left
        assert client.book(parent["child_id"], [{"activity_id": activity["id"], "date": day, "unit": "matin",
                                                 "action": "book"}]).json()["results"][0]["status"] == "accepted"

    requests = [(client, parent["child_id"],
                 [{"activity_id": activity["id"], "date": day, "unit": "matin", "action": "book"}], str(uuid.uuid4()))
                for parent, client in rush]
    # a client whose connection drops sends its request again with the same key, as the website does
    answers, _, _, errors = send_all(requests, concurrency=PARENTS, retries=2)

    assert len(answers) == PARENTS, errors
    lines = [line for _, result in answers.values() for line in result]
    assert sum(line["status"] == "accepted" for line in lines) == 10
    assert sorted(line["waiting_position"] for line in lines if line["status"] == "waiting_list") == list(
        range(1, PARENTS - 10 + 1))
    rows = [row for row in live_bookings(stack, activity["id"]) if row[1] == day]
    figures = check(rows, answers, {(p["child_id"], day, "matin") for p, _ in rush}, capacity=12)
    assert figures == {"overbooked": 0, "order_violations": 0, "lost": 0, "duplicated": 0,
                       "accepted_per_slot": [12]}
    # each parent's answer is what the database holds
    stored = {(child, unit): (status, position) for child, _, unit, status, position, _ in rows}
    for child_id, result in answers.values():
        assert stored[(child_id, "matin")] == (result[0]["status"], result[0]["waiting_position"])


def test_a_reservations_process_killed_mid_rush_leaves_no_half_applied_batch(stack, staff, activity, parents):
    day = "2031-07-08"
    capacity = 60
    open_day(staff, activity, day, capacity)
    requests = [(client, parent["child_id"],
                 [{"activity_id": activity["id"], "date": day, "unit": unit, "action": "book"} for unit in UNITS],
                 str(uuid.uuid4())) for parent, client in parents]

    def kill_one_process():
        time.sleep(0.5)  # the rush is under way: batches are in flight on both processes
        stack.kill("reservations-1")

    killer = threading.Thread(target=kill_one_process)
    killer.start()
    try:
        answers, _, _, _ = send_all(requests, concurrency=PARENTS, retries=3)
    finally:
        killer.join()
        stack.restart("reservations-1")

    rows = [row for row in live_bookings(stack, activity["id"]) if row[1] == day]
    units_per_child = {}
    for child_id, _, unit, *_ in rows:
        units_per_child.setdefault(child_id, set()).add(unit)
    # every batch is whole: all three lines of a child's request, or none
    assert all(units == set(UNITS) for units in units_per_child.values())
    # and, retried with its key, every request got its answer, applied once
    assert len(answers) == len(parents)
    expected = {(p["child_id"], day, unit) for p, _ in parents for unit in UNITS}
    assert check(rows, answers, expected, capacity) == {
        "overbooked": 0, "order_violations": 0, "lost": 0, "duplicated": 0, "accepted_per_slot": [capacity]}
