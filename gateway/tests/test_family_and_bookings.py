"""A parent's family, planning and bookings through the gateway; isolation between families."""
import uuid

from gateway.tests.conftest import wait_until
from gateway.tests.test_errors import assert_error


def book(parent, child, activity, day, unit="matin", action="book", key=None):
    return parent.post("/api/v1/bookings", headers={"Idempotency-Key": key or str(uuid.uuid4())}, json={
        "child_id": child["id"],
        "changes": [{"activity_id": activity["id"], "date": day, "unit": unit, "action": action}]})


def test_a_parent_sees_the_family_and_books_a_day(new_family, parent_of, activity):
    family = new_family("Dupont", children=("Léa", "Hugo"))
    parent = parent_of(family)
    lea = family["children"][0]

    got = parent.get("/api/v1/family").json
    assert got["id"] == family["id"] and got["number"] == family["number"]
    assert [c["first_name"] for c in got["children"]] == ["Léa", "Hugo"]
    me = parent.get("/api/v1/me").json
    assert (me["role"], me["family_id"], me["display_name"]) == ("parent", family["id"], "Marie Dupont")

    activities = parent.get(f"/api/v1/activities?child_id={lea['id']}").json
    assert [(a["name"], a["enrolment_status"]) for a in activities] == [("ALSH 3-6 ans", "none")]
    enrolled = parent.post("/api/v1/enrolments", json={"child_id": lea["id"], "activity_id": activity["id"]})
    assert (enrolled.status_code, enrolled.json["status"]) == (201, "accepted")

    day = activity["days"][0]
    response = book(parent, lea, activity, day, key="cle-1")
    assert response.status_code == 200, response.json
    [result] = response.json["results"]
    assert (result["status"], result["date"], result["unit"]) == ("accepted", day, "matin")
    again = book(parent, lea, activity, day, key="cle-1")
    assert again.json == response.json  # same key: same answer, nothing changed

    planning = parent.get(f"/api/v1/children/{lea['id']}/planning?from={day}&to={day}").json
    cells = {(d["date"], d["unit"]): d["state"] for d in planning["days"]}
    assert cells[(day, "matin")] == "booked" and cells[(day, "apres_midi")] == "available"

    bookings = parent.get(f"/api/v1/bookings?child_id={lea['id']}").json
    assert [(b["date"], b["unit"], b["status"], b["child_name"]) for b in bookings] == \
        [(day, "matin", "accepted", bookings[0]["child_name"])]
    assert parent.get("/api/v1/bookings?status=cancelled").json == []

    consumptions = wait_until(lambda: parent.get(f"/api/v1/consumptions?month={day[:7]}").json["lines"])
    assert [line["amount_cents"] for line in consumptions] == [1250]
    assert wait_until(lambda: parent.get("/api/v1/account").json["uninvoiced_cents"] == 1250)


def test_bookings_need_an_idempotency_key_and_valid_changes(new_family, parent_of, activity):
    family = new_family("Petit")
    parent = parent_of(family)
    child = family["children"][0]
    change = {"activity_id": activity["id"], "date": activity["days"][0], "unit": "matin", "action": "book"}
    missing = parent.post("/api/v1/bookings", json={"child_id": child["id"], "changes": [change]})
    assert_error(missing, 400, "idempotency_key_required")
    bad = parent.post("/api/v1/bookings", headers={"Idempotency-Key": "k1"},
                      json={"child_id": child["id"], "changes": [{**change, "action": "steal", "date": "demain"}]})
    error = assert_error(bad, 422, "invalid_input")
    assert set(error["details"]["fields"]["changes"]["0"]) == {"action", "date"}
    assert_error(parent.get("/api/v1/children/%s/planning?from=2026-13-01" % child["id"]), 422, "invalid_input")
    assert_error(parent.get("/api/v1/children/%s/planning?from=2026-03-10&to=2026-03-01" % child["id"]),
                 422, "invalid_input")
    assert_error(parent.get("/api/v1/activities"), 422, "invalid_input")
    assert_error(parent.get("/api/v1/consumptions?month=2026-3"), 422, "invalid_input")
    assert parent.get(f"/api/v1/bookings?child_id={child['id']}").json == []  # nothing was booked


def test_a_parent_gets_404_for_another_familys_child(new_family, parent_of, activity):
    ours, theirs = new_family("Dupont"), new_family("Martin")
    parent = parent_of(ours)
    their_child = theirs["children"][0]

    assert_error(parent.get(f"/api/v1/children/{their_child['id']}/planning"), 404, "not_found")
    assert_error(parent.get(f"/api/v1/bookings?child_id={their_child['id']}"), 404, "not_found")
    assert_error(parent.get(f"/api/v1/activities?child_id={their_child['id']}"), 404, "not_found")
    assert_error(book(parent, their_child, activity, activity["days"][0]), 404, "not_found")
    # A family id in the query does not widen a parent's view.
    family = parent.get(f"/api/v1/family?family_id={theirs['id']}").json
    assert family["id"] == ours["id"]
    never = parent.get(f"/api/v1/children/{uuid.uuid4()}/planning")
    assert_error(never, 404, "not_found")


def test_staff_endpoints_are_forbidden_to_parents(new_family, parent_of, activity):
    parent = parent_of(new_family("Dupont"))
    for path, payload in [
        ("/api/v1/staff/families", {}),
        ("/api/v1/staff/structures", {"name": "X", "kind": "alsh"}),
        ("/api/v1/staff/activities", {}),
        (f"/api/v1/staff/activities/{activity['id']}/days", {"days": []}),
        ("/api/v1/staff/regies", {"name": "R"}),
        ("/api/v1/staff/tariffs", {}),
    ]:
        assert_error(parent.post(path, json=payload), 403, "forbidden")


def test_staff_payloads_are_validated_by_their_service(staff):
    error = assert_error(staff.post("/api/v1/staff/families", json={"guardians": []}), 422, "invalid_input")
    assert "guardians" in error["details"]["fields"]  # temporary_password is optional since milestone 2
    assert_error(staff.post("/api/v1/staff/structures", json=["not", "an", "object"]), 422, "invalid_input")
    assert_error(staff.post("/api/v1/staff/regies", json={"name": ""}), 422, "invalid_input")
    unknown = staff.post(f"/api/v1/staff/activities/{uuid.uuid4()}/days",
                         json={"days": [{"date": "2030-03-13", "unit": "matin", "capacity": 2}]})
    assert_error(unknown, 404, "not_found")
    taken = staff.post("/api/v1/staff/families", json={**_family(), "login": "direction"})
    assert_error(taken, 409, "login_taken")


def _family():
    from gateway.tests.conftest import family_payload
    return family_payload("Leroy")
