"""Change requests: parents ask, staff accept (the change is applied with its events) or refuse with a
reason; adding a child is a request too."""
import uuid

import pytest

from services.accounts.family.testing import parent_caller, whole_family_payload
from services.accounts.tests.conftest import STAFF, family_payload
from services.chassis.testing import refused

NEW_IBAN = "FR14 2004 1010 0505 0001 3M02 606"
NEW_IBAN_MASKED = "FR14 **** **** **** **** **** 606"


@pytest.fixture
def events(accounts, event_log):
    return event_log("accounts")


@pytest.fixture
def family(rpc, events):
    created = rpc.create_family(STAFF, whole_family_payload())
    events.take(2)
    return created


@pytest.fixture
def parent(rpc, family):
    return parent_caller(rpc, family)


@pytest.fixture
def other_family(rpc, events):
    created = rpc.create_family(STAFF, family_payload())
    events.take(3)
    return created


def test_a_parent_asks_and_staff_accept_the_change(rpc, family, parent, events):
    request = rpc.create_change_request(parent, {"target": "family", "target_id": family["id"],
                                                 "changes": {"quotient": 450, "iban": NEW_IBAN}})
    assert {k: request[k] for k in ("target", "target_id", "status", "reason", "decided_at")} == {
        "target": "family", "target_id": family["id"], "status": "pending", "reason": None, "decided_at": None}
    assert request["changes"] == {"quotient": 450, "iban": NEW_IBAN_MASKED}  # the parent's view masks it
    assert request["requested_at"]
    assert rpc.get_family(STAFF, family["id"])["quotient"] == 620  # nothing changes before the decision
    events.assert_quiet(0.5)

    assert rpc.list_change_requests(parent) == [request]
    [pending] = rpc.list_change_requests(STAFF)
    assert pending["changes"]["iban"] == "FR1420041010050500013M02606"  # staff see it whole

    decided = rpc.decide_change_request(STAFF, request["id"], "accept")
    assert decided["status"] == "accepted" and decided["decided_at"]
    file = rpc.get_family(STAFF, family["id"])
    assert (file["quotient"], file["iban"]) == (450, NEW_IBAN)

    published = {event["name"]: event["data"] for event in events.take(3)}
    assert published["quotient.changed"] == {"family_id": family["id"], "quotient": 450,
                                             "quotient_valid_until": "2026-12-31"}
    assert set(published["family.updated"]["changed"]) == {"quotient", "iban"}
    assert published["change_request.decided"] == {
        "request_id": request["id"], "family_id": family["id"], "status": "accepted", "reason": None,
        "target": "family"}
    events.assert_quiet()

    assert rpc.list_change_requests(STAFF) == []  # no longer pending
    assert [r["status"] for r in rpc.list_change_requests(STAFF, family["id"])] == ["accepted"]
    assert [r["status"] for r in rpc.list_change_requests(parent, status="accepted")] == ["accepted"]
    with refused(409, "already_decided"):
        rpc.decide_change_request(STAFF, request["id"], "refuse", "Trop tard")


def test_a_refusal_needs_a_reason_and_changes_nothing(rpc, family, parent, events):
    guardian = family["guardians"][0]
    request = rpc.create_change_request(parent, {"target": "guardian", "target_id": guardian["id"],
                                                 "changes": {"last_name": "Moreau"}})
    for reason in (None, "  "):
        with refused(422, "invalid_input"):
            rpc.decide_change_request(STAFF, request["id"], "refuse", reason)
    assert rpc.list_change_requests(parent)[0]["status"] == "pending"

    decided = rpc.decide_change_request(STAFF, request["id"], "refuse", "Justificatif manquant")
    assert (decided["status"], decided["reason"]) == ("refused", "Justificatif manquant")
    assert rpc.get_family(STAFF, family["id"])["guardians"][0]["last_name"] == "Lefèvre"
    [event] = events.take(1)
    assert event["name"] == "change_request.decided"
    assert event["data"]["status"] == "refused" and event["data"]["reason"] == "Justificatif manquant"
    events.assert_quiet()


def test_an_accepted_guardian_change_renames_the_family(rpc, family, parent, events):
    guardian = family["guardians"][0]
    request = rpc.create_change_request(parent, {"target": "guardian", "target_id": guardian["id"], "changes": {
        "last_name": "Moreau", "address": {"line1": "8 place Bellecour"}, "phone": "0711111111"}})
    assert request["changes"] == {"last_name": "Moreau", "address": {"line1": "8 place Bellecour"},
                                  "mobile_phone": "0711111111"}
    rpc.decide_change_request(STAFF, request["id"], "accept", "Vu le livret de famille")
    file = rpc.get_family(parent, family["id"])
    assert file["display_name"] == "Famille Moreau"
    assert file["guardians"][0]["address"] == {**guardian["address"], "line1": "8 place Bellecour"}
    assert file["guardians"][0]["mobile_phone"] == "0711111111"
    names = [event["name"] for event in events.take(2)]
    assert names == ["family.updated", "change_request.decided"]


def test_a_child_change_is_announced_once_accepted(rpc, family, parent, events):
    child = family["children"][0]
    request = rpc.create_change_request(parent, {"target": "child", "target_id": child["id"],
                                                 "changes": {"school_class": "CE2", "sex": "M"}})
    rpc.decide_change_request(STAFF, request["id"], "accept")
    updated, decided = events.take(2)
    assert updated["name"] == "child.updated" and updated["data"]["school_class"] == "CE2"
    assert decided["data"]["target"] == "child"


def test_adding_a_child_is_a_request(rpc, family, parent, events):
    request = rpc.create_change_request(parent, {"target": "new_child", "target_id": None, "changes": {
        "first_name": "Lina", "last_name": "Lefèvre", "birth_date": "2021-02-03", "sex": "F"}})
    assert request["changes"] == {"first_name": "Lina", "last_name": "Lefèvre", "birth_date": "2021-02-03",
                                  "sex": "F", "school": None, "school_class": None, "image_consent": False,
                                  "authorised_pickups": []}
    assert len(rpc.get_family(parent, family["id"])["children"]) == 1

    rpc.decide_change_request(STAFF, request["id"], "accept")
    children = rpc.get_family(parent, family["id"])["children"]
    assert [c["first_name"] for c in children] == ["Noé", "Lina"]
    created, decided = events.take(2)
    assert created["name"] == "child.created"
    assert created["data"] == {"child_id": children[1]["id"], "family_id": family["id"], "first_name": "Lina",
                               "last_name": "Lefèvre", "birth_date": "2021-02-03"}
    assert decided["data"]["target"] == "new_child"


@pytest.mark.parametrize("payload", [
    {"target": "new_child", "target_id": None, "changes": {"first_name": "Lina"}},  # a whole child
    {"target": "new_child", "target_id": None, "changes": {
        "first_name": "Lina", "last_name": "L", "birth_date": "2999-01-01"}},
    {"target": "new_child", "target_id": "FAMILY", "changes": {
        "first_name": "Lina", "last_name": "L", "birth_date": "2020-01-01"}},
    {"target": "family", "target_id": None, "changes": {"quotient": 1}},
    {"target": "family", "target_id": "FAMILY", "changes": {}},
    {"target": "family", "target_id": "FAMILY", "changes": {"iban": "FR00 1234"}},
    {"target": "family", "target_id": "FAMILY", "changes": {"number": "F999999"}},
    {"target": "child", "target_id": "CHILD", "changes": {"health": {"allergies": "lait"}}},  # never waits in clear
    {"target": "household", "target_id": "FAMILY", "changes": {"quotient": 1}},
    {"target": "family", "target_id": "FAMILY"},
])
def test_bad_requests_are_refused_and_store_nothing(rpc, family, parent, sql, events, payload):
    ids = {"FAMILY": family["id"], "CHILD": family["children"][0]["id"]}
    payload = {**payload, **({"target_id": ids[payload["target_id"]]} if payload.get("target_id") else {})}
    with refused(422, "invalid_input"):
        rpc.create_change_request(parent, payload)
    assert sql("SELECT count(*) AS n FROM change_requests") == [{"n": 0}]
    events.assert_quiet(0.5)


def test_requests_reach_only_the_parents_own_family(rpc, family, parent, other_family, sql):
    for target, target_id in (("family", other_family["id"]), ("guardian", other_family["guardians"][0]["id"]),
                              ("child", other_family["children"][0]["id"]), ("child", str(uuid.uuid4()))):
        with refused(404, "not_found"):
            rpc.create_change_request(parent, {"target": target, "target_id": target_id,
                                               "changes": {"first_name": "X"} if target != "family"
                                               else {"quotient": 1}})
    assert sql("SELECT count(*) AS n FROM change_requests") == [{"n": 0}]
    with refused(404, "not_found"):
        rpc.list_change_requests(parent, other_family["id"])

    other_parent = parent_caller(rpc, other_family)
    theirs = rpc.create_change_request(other_parent, {"target": "family", "target_id": other_family["id"],
                                                      "changes": {"quotient": 1}})
    assert rpc.list_change_requests(parent) == []
    assert [r["id"] for r in rpc.list_change_requests(STAFF, other_family["id"])] == [theirs["id"]]


def test_only_staff_decide_and_only_parents_ask(rpc, family, parent):
    request = rpc.create_change_request(parent, {"target": "family", "target_id": family["id"],
                                                 "changes": {"quotient": 1}})
    with refused(403, "forbidden"):
        rpc.decide_change_request(parent, request["id"], "accept")
    with refused(403, "forbidden"):
        rpc.create_change_request(STAFF, {"target": "family", "target_id": family["id"],
                                          "changes": {"quotient": 1}})
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        with refused(404, "not_found"):
            rpc.decide_change_request(STAFF, unknown, "accept")
    with refused(422, "invalid_input"):
        rpc.decide_change_request(STAFF, request["id"], "maybe")
    with refused(422, "invalid_input"):
        rpc.list_change_requests(STAFF, status="lost")
    assert rpc.list_change_requests(parent)[0]["status"] == "pending"
