"""Enrolments: a child enrolled in an activity, at once or after staff approval; age and documents;
decisions, cancellation, the family's list and the staff's queue."""
import uuid
from datetime import datetime

import pytest

from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel
from services.reservations.tests.conftest import STAFF, UNITS, change, new_key, parent

EVENT_FIELDS = {"enrolment_id", "child_id", "family_id", "activity_id", "activity_name", "structure_id",
                "status", "reason"}


def staff_of(*structure_ids) -> dict:
    return {"user_id": "staff-2", "role": "staff", "family_id": None, "structure_ids": list(structure_ids)}


@pytest.fixture
def events(reservations, event_log):
    """What reservations publishes about enrolments."""
    return event_log("reservations", "enrolment.#")


@pytest.fixture
def activity_of(rpc):
    """`activity_of(**fields)`: a new activity (own structure) with those fields."""
    def make(name="Multi-accueil", **fields) -> dict:
        structure = rpc.create_structure(STAFF, {"name": f"Structure {name}", "kind": "creche"})
        return rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": name,
                                           "booking_mode": "automatic", "units": UNITS, **fields})
    return make


def request(child, activity) -> dict:
    return {"child_id": child["child_id"], "activity_id": activity["id"]}


def test_staff_enrol_a_child_at_once(rpc, add_child, activity_of, sql, events):
    child, activity = add_child(), activity_of(enrolment_approval=True)
    enrolment = rpc.request_enrolment(STAFF, request(child, activity))
    assert {k: enrolment[k] for k in ("child_id", "activity_id", "status", "reason", "child_name",
                                      "activity_name", "structure_id")} == {
        "child_id": child["child_id"], "activity_id": activity["id"], "status": "accepted", "reason": None,
        "child_name": "Léa Martin", "activity_name": "Multi-accueil", "structure_id": activity["structure"]["id"]}
    [row] = sql("SELECT status, requested_by, decided_by FROM enrolments")
    assert row == {"status": "accepted", "requested_by": "staff", "decided_by": "staff-1"}
    [event] = events.take(1)
    assert event["name"] == "enrolment.accepted" and event["subject"] == enrolment["id"]
    assert event["data"] == {"enrolment_id": enrolment["id"], "child_id": child["child_id"],
                             "family_id": child["family_id"], "activity_id": activity["id"],
                             "activity_name": "Multi-accueil", "structure_id": activity["structure"]["id"],
                             "status": "accepted", "reason": None}


def test_a_family_is_enrolled_at_once_when_the_activity_asks_no_approval(rpc, add_child, activity_of, events):
    child, activity = add_child(), activity_of()
    enrolment = rpc.request_enrolment(parent(child["family_id"]), request(child, activity))
    assert enrolment["status"] == "accepted"
    assert [e["name"] for e in events.take(1)] == ["enrolment.accepted"]


def test_approval_requested_then_accepted(rpc, add_child, activity_of, events, sql):
    child, activity = add_child(), activity_of(enrolment_approval=True)
    family = parent(child["family_id"])
    pending = rpc.request_enrolment(family, request(child, activity))
    assert (pending["status"], pending["decided_at"]) == ("pending", None)
    [requested] = events.take(1)
    assert requested["name"] == "enrolment.requested" and requested["data"]["status"] == "pending"
    assert [e["id"] for e in rpc.list_pending_enrolments(STAFF)] == [pending["id"]]
    assert rpc.list_activities(family, child["child_id"])[0]["enrolment_status"] == "pending"

    accepted = rpc.decide_enrolment(STAFF, pending["id"], "accept")
    assert accepted["status"] == "accepted" and accepted["decided_at"] is not None
    [event] = events.take(1)
    assert event["name"] == "enrolment.accepted" and set(event["data"]) == EVENT_FIELDS
    assert rpc.list_pending_enrolments(STAFF) == []
    with refused(409, "already_decided"):
        rpc.decide_enrolment(STAFF, pending["id"], "refuse", "Trop tard")
    assert sql("SELECT status, reason FROM enrolments") == [{"status": "accepted", "reason": None}]


def test_a_refusal_needs_a_reason_and_the_family_may_ask_again(rpc, add_child, activity_of, events, sql):
    child, activity = add_child(), activity_of(enrolment_approval=True)
    family = parent(child["family_id"])
    pending = rpc.request_enrolment(family, request(child, activity))
    for reason in (None, "   "):
        with refused(422, "invalid_input"):
            rpc.decide_enrolment(STAFF, pending["id"], "refuse", reason)
    with refused(422, "invalid_input"):
        rpc.decide_enrolment(STAFF, pending["id"], "maybe")
    assert sql("SELECT status FROM enrolments") == [{"status": "pending"}]

    refusal = rpc.decide_enrolment(STAFF, pending["id"], "refuse", "Plus de place cette année")
    assert (refusal["status"], refusal["reason"]) == ("refused", "Plus de place cette année")
    assert [e["name"] for e in events.take(2)] == ["enrolment.requested", "enrolment.refused"]
    [shown] = rpc.list_activities(family, child["child_id"])
    assert (shown["enrolment_status"], shown["enrolment_id"]) == ("refused", pending["id"])

    again = rpc.request_enrolment(family, request(child, activity))
    assert again["status"] == "pending" and again["id"] != pending["id"]
    assert rpc.list_activities(family, child["child_id"])[0]["enrolment_id"] == again["id"]


def test_one_live_enrolment_per_child_and_activity(rpc, add_child, activity_of, sql):
    child, activity = add_child(), activity_of(enrolment_approval=True)
    rpc.request_enrolment(parent(child["family_id"]), request(child, activity))
    for caller in (parent(child["family_id"]), STAFF):
        with refused(409, "already_enrolled"):
            rpc.request_enrolment(caller, request(child, activity))
    assert [r["status"] for r in sql("SELECT status FROM enrolments")] == ["pending"]


def test_a_child_already_too_old_is_refused(reservations, rpc, add_child, activity_of, sql):
    child = add_child()  # born 2019-04-02
    activity = activity_of(min_age_months=36, max_age_months=72)
    travel(reservations, datetime(2025, 4, 2, 0, 30, tzinfo=PARIS))  # 72 months today
    with refused(422, "age_out_of_range"):
        rpc.request_enrolment(STAFF, request(child, activity))
    assert sql("SELECT * FROM enrolments") == []
    travel(reservations, datetime(2025, 4, 1, 23, 30, tzinfo=PARIS))
    assert rpc.request_enrolment(STAFF, request(child, activity))["status"] == "accepted"


def test_a_child_too_young_today_may_enrol_ahead(reservations, rpc, add_child, activity_of):
    child = add_child()
    travel(reservations, datetime(2020, 1, 10, 9, 0, tzinfo=PARIS))  # 9 months old
    activity = activity_of(min_age_months=36, max_age_months=72)
    assert rpc.request_enrolment(STAFF, request(child, activity))["status"] == "accepted"


def test_missing_documents_are_listed_and_nothing_is_written(rpc, add_child, activity_of, sql, events):
    child = add_child()
    activity = activity_of(required_documents=["vaccinations", "assurance"])
    for caller in (parent(child["family_id"]), STAFF):
        with refused(422, "missing_documents") as info:
            rpc.request_enrolment(caller, request(child, activity))
        assert info.value.details == {"types": ["vaccinations", "assurance"]}
    assert sql("SELECT * FROM enrolments") == []
    events.assert_quiet()


def test_who_may_enrol_and_decide(rpc, add_child, activity_of, sql):
    child, other = add_child(), add_child()
    activity = activity_of(enrolment_approval=True)
    family = parent(child["family_id"])
    with refused(404, "not_found"):
        rpc.request_enrolment(family, request(other, activity))
    with refused(404, "not_found"):
        rpc.request_enrolment(family, {"child_id": child["child_id"], "activity_id": str(uuid.uuid4())})
    with refused(403, "forbidden"):  # staff of another structure
        rpc.request_enrolment(staff_of(str(uuid.uuid4())), request(child, activity))
    pending = rpc.request_enrolment(family, request(child, activity))
    with refused(403, "forbidden"):
        rpc.decide_enrolment(family, pending["id"], "accept")
    with refused(403, "forbidden"):
        rpc.decide_enrolment(staff_of(str(uuid.uuid4())), pending["id"], "accept")
    with refused(404, "not_found"):
        rpc.decide_enrolment(STAFF, str(uuid.uuid4()), "accept")
    with refused(403, "forbidden"):
        rpc.list_pending_enrolments(family)
    assert sql("SELECT status FROM enrolments") == [{"status": "pending"}]
    own_staff = staff_of(activity["structure"]["id"])
    assert rpc.list_pending_enrolments(staff_of(str(uuid.uuid4()))) == []
    assert [e["id"] for e in rpc.list_pending_enrolments(own_staff)] == [pending["id"]]
    with refused(403, "forbidden"):
        rpc.list_pending_enrolments(own_staff, str(uuid.uuid4()))
    assert rpc.decide_enrolment(own_staff, pending["id"], "accept")["status"] == "accepted"


@pytest.mark.parametrize("payload", [
    None, {}, {"child_id": "x", "activity_id": str(uuid.uuid4())}, {"child_id": str(uuid.uuid4())},
    {"child_id": str(uuid.uuid4()), "activity_id": str(uuid.uuid4()), "status": "accepted"},
])
def test_a_bad_request_is_refused(rpc, payload, sql):
    with refused(422, "invalid_input"):
        rpc.request_enrolment(STAFF, payload)
    assert sql("SELECT * FROM enrolments") == []


def test_pending_enrolments_oldest_first_per_structure(rpc, add_child, activity_of):
    first, second = activity_of(name="Crèche A", enrolment_approval=True), \
        activity_of(name="Crèche B", enrolment_approval=True)
    children = [add_child(first_name=name) for name in ("Léa", "Noé", "Zoé")]
    ids = [rpc.request_enrolment(parent(c["family_id"]), request(c, a))["id"]
           for c, a in zip(children, (second, first, second))]
    assert [e["id"] for e in rpc.list_pending_enrolments(STAFF)] == ids
    assert [e["id"] for e in rpc.list_pending_enrolments(STAFF, second["structure"]["id"])] == [ids[0], ids[2]]
    entry = rpc.list_pending_enrolments(STAFF, first["structure"]["id"])[0]
    assert entry["child_name"] == "Noé Martin" and entry["family_id"] == children[1]["family_id"]


def test_the_familys_enrolments(rpc, add_child, activity_of):
    child = add_child()
    sibling = add_child(family_id=child["family_id"], first_name="Noé")
    crèche, alsh = activity_of(name="Crèche"), activity_of(name="ALSH", enrolment_approval=True)
    accepted = rpc.request_enrolment(STAFF, request(child, crèche))
    pending = rpc.request_enrolment(parent(child["family_id"]), request(sibling, alsh))
    add_child()  # another family
    listed = rpc.list_enrolments(parent(child["family_id"]), child["family_id"])
    assert [e["id"] for e in listed] == [pending["id"], accepted["id"]]  # newest first
    assert set(listed[0]) == {"id", "child_id", "child_name", "family_id", "activity_id", "activity_name",
                              "structure_id", "status", "reason", "requested_at", "decided_at"}
    assert (listed[0]["child_name"], listed[0]["activity_name"], listed[0]["status"]) == (
        "Noé Martin", "ALSH", "pending")
    # staff of one structure see that structure's enrolments only
    assert [e["id"] for e in rpc.list_enrolments(staff_of(alsh["structure"]["id"]), child["family_id"])] == [
        pending["id"]]
    with refused(404, "not_found"):
        rpc.list_enrolments(parent(str(uuid.uuid4())), child["family_id"])


def test_cancelling_an_enrolment_waits_for_the_bookings_to_go(rpc, add_child, make_activity, events, sql):
    child = add_child()
    activity = make_activity()
    family = parent(child["family_id"])
    enrolment = rpc.request_enrolment(family, request(child, activity))
    rpc.book(family, child["child_id"], [change(activity)], new_key())
    with refused(409, "has_bookings"):
        rpc.cancel_enrolment(family, enrolment["id"])
    assert sql("SELECT status FROM enrolments") == [{"status": "accepted"}]
    rpc.book(family, child["child_id"], [change(activity, action="cancel")], new_key())

    with refused(404, "not_found"):
        rpc.cancel_enrolment(parent(str(uuid.uuid4())), enrolment["id"])
    with refused(403, "forbidden"):
        rpc.cancel_enrolment(staff_of(str(uuid.uuid4())), enrolment["id"])
    cancelled = rpc.cancel_enrolment(family, enrolment["id"])
    assert cancelled["status"] == "cancelled"
    assert [e["name"] for e in events.take(2)] == ["enrolment.accepted", "enrolment.cancelled"]
    with refused(409, "not_cancellable"):
        rpc.cancel_enrolment(STAFF, enrolment["id"])
    assert rpc.list_activities(family, child["child_id"])[0]["enrolment_status"] == "none"
    # enrolled again later
    assert rpc.request_enrolment(family, request(child, activity))["status"] == "accepted"


def test_staff_cancel_a_pending_request(rpc, add_child, activity_of):
    child, activity = add_child(), activity_of(enrolment_approval=True)
    pending = rpc.request_enrolment(parent(child["family_id"]), request(child, activity))
    assert rpc.cancel_enrolment(STAFF, pending["id"])["status"] == "cancelled"
    assert rpc.list_pending_enrolments(STAFF) == []


def test_list_activities_shows_each_status(rpc, add_child, activity_of):
    child = add_child()
    family = parent(child["family_id"])
    none = activity_of(name="A Aucune", min_age_months=36, max_age_months=72, required_documents=["assurance"])
    accepted = activity_of(name="B Acceptée")
    archived = activity_of(name="C Archivée")
    rpc.request_enrolment(STAFF, request(child, accepted))
    rpc.update_activity(STAFF, archived["id"], {"archived": True})
    listed = rpc.list_activities(family, child["child_id"])
    assert [(a["name"], a["enrolment_status"]) for a in listed] == [("A Aucune", "none"), ("B Acceptée", "accepted")]
    assert listed[0] == {
        "id": none["id"], "name": "A Aucune", "structure": none["structure"], "units": none["units"],
        "booking_mode": "automatic", "enrolment_status": "none", "enrolment_id": None, "min_age_months": 36,
        "max_age_months": 72, "enrolment_approval": False, "required_documents": ["assurance"]}
    with refused(409, "activity_archived"):
        rpc.request_enrolment(STAFF, request(child, archived))
