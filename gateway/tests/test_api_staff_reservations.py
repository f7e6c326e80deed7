"""Staff reservations through the API: configure the offer, decide enrolments and bookings, waiting
lists, roll call, contracts; a staff user of another structure is refused (403) and changes nothing."""
import socket
import uuid
from datetime import datetime, timedelta

import pytest

from gateway.tests.conftest import STAFF_PASSWORD
from gateway.tests.test_errors import assert_error
from gateway.tests.test_identity import emailed_token
from services.chassis import clock

API = "/api/v1"
STAFF = f"{API}/staff"


@pytest.fixture(autouse=True)
def mail_kept_unsent(monkeypatch):
    """No SMTP server to reach: activation emails stay queued where the test can read their link."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        monkeypatch.setenv("SMTP_PORT", str(sock.getsockname()[1]))


def today():
    return clock.from_environment().today()


def created(response):
    assert response.status_code == 201, response.get_data(as_text=True)
    return response.json


def ok(response):
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.json


def refused(response, status):
    """A refusal in the API's error shape, whatever its code; the code is returned."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert set(response.json["error"]) == {"code", "message", "details"}
    return response.json["error"]["code"]


def new_activity(staff, structure_kind="alsh", **fields):
    structure = created(staff.post(f"{STAFF}/structures", json={"name": f"Centre {uuid.uuid4().hex[:6]}",
                                                                "kind": structure_kind}))
    activity = created(staff.post(f"{STAFF}/activities", json={
        "structure_id": structure["id"], "name": "ALSH des Lilas", "booking_mode": "validation",
        "units": [{"code": "matin", "label": "Matin"}, {"code": "apres_midi", "label": "Après-midi"}],
        **fields}))
    return structure, activity


def open_day(staff, activity, day, capacity, unit="matin"):
    created(staff.post(f"{STAFF}/activities/{activity['id']}/days",
                       json={"days": [{"date": day, "unit": unit, "capacity": capacity}]}))


def book(user, child, activity, day, unit="matin"):
    response = user.post(f"{API}/bookings", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "child_id": child["id"], "changes": [{"activity_id": activity["id"], "date": day, "unit": unit,
                                              "action": "book"}]})
    return ok(response)["results"][0]


def test_staff_configure_an_activity_and_its_calendar(staff):
    structure, activity = new_activity(staff, enrolment_approval=True)
    assert structure in ok(staff.get(f"{STAFF}/structures"))
    assert [a["id"] for a in ok(staff.get(f"{STAFF}/activities?structure_id={structure['id']}"))] == [activity["id"]]
    got = ok(staff.get(f"{STAFF}/activities/{activity['id']}"))
    assert got["enrolment_approval"] is True and got["structure"]["id"] == structure["id"]
    changed = ok(staff.send("PATCH", f"{STAFF}/activities/{activity['id']}", json={"name": "ALSH Jean Moulin"}))
    assert changed["name"] == "ALSH Jean Moulin"

    days = f"{STAFF}/activities/{activity['id']}/days?from=2030-05-06&to=2030-05-10"
    period = created(staff.post(f"{STAFF}/activities/{activity['id']}/periods", json={
        "date_from": "2030-05-06", "date_to": "2030-05-10", "pattern": "weekdays", "capacity": 3}))
    assert [h["date"] for h in period["holidays"]] == ["2030-05-08"] and period["opened"] > 0
    listed = ok(staff.get(days))
    assert {d["date"] for d in listed if d["closure"] is None} == {"2030-05-06", "2030-05-07", "2030-05-09",
                                                                     "2030-05-10"}
    assert {d["capacity"] for d in listed if d["closure"] is None} == {3}

    closed = created(staff.post(f"{STAFF}/activities/{activity['id']}/closures",
                                json={"dates": ["2030-05-07"], "label": "Grève"}))
    assert closed == {"closed": 1, "cancelled_bookings": 0}
    assert {(d["closure"] or {}).get("label") for d in ok(staff.get(days)) if d["date"] == "2030-05-07"} == {"Grève"}
    assert ok(staff.send("DELETE", f"{STAFF}/activities/{activity['id']}/closures/2030-05-07")) == {"reopened": True}
    assert ok(staff.send("DELETE", f"{STAFF}/activities/{activity['id']}/closures/2030-05-07")) == {"reopened": False}
    assert all(d["closure"] is None for d in ok(staff.get(days)) if d["date"] == "2030-05-07")

    now = datetime.now(clock.PARIS)
    window = {"label": "Été 2030", "period_start": "2030-05-01", "period_end": "2030-08-31",
              "opens_at": now.isoformat(timespec="seconds"),
              "closes_at": (now + timedelta(days=30)).isoformat(timespec="seconds")}
    windows = ok(staff.send("PUT", f"{STAFF}/activities/{activity['id']}/windows", json={"windows": [window]}))
    assert [(w["label"], w["period_start"]) for w in windows] == [("Été 2030", "2030-05-01")]

    outing = created(staff.post(f"{STAFF}/activities/{activity['id']}/outings", json={
        "date": "2030-05-09", "code": "sortie_zoo", "label": "Sortie au zoo", "capacity": 12, "price_cents": 800}))
    assert (outing["code"], outing["kind"], outing["date"]) == ("sortie_zoo", "outing", "2030-05-09")
    units = {u["code"]: u for u in ok(staff.get(f"{STAFF}/activities/{activity['id']}"))["units"]}
    assert units["sortie_zoo"]["price_cents"] == 800 and len(ok(staff.get(f"{STAFF}/activities/{activity['id']}"))
                                                               ["windows"]) == 1


def test_staff_decide_enrolments_and_bookings_then_call_the_roll(staff, new_family, parent_of):
    structure, activity = new_activity(staff, enrolment_approval=True)
    day, now_day = (today() + timedelta(days=5)).isoformat(), today().isoformat()
    open_day(staff, activity, day, capacity=1)
    open_day(staff, activity, now_day, capacity=5)
    family = new_family("Garnier", children=("Léa", "Hugo"))
    parent = parent_of(family)
    lea, hugo = family["children"]

    asked = created(parent.post(f"{API}/enrolments", json={"child_id": lea["id"], "activity_id": activity["id"]}))
    assert asked["status"] == "pending"
    [pending] = ok(staff.get(f"{STAFF}/enrolments?structure_id={structure['id']}"))
    assert pending["id"] == asked["id"] and pending["child_id"] == lea["id"]
    assert refused(staff.post(f"{STAFF}/enrolments/{asked['id']}/decision", json={"decision": "refuse"}), 422)
    assert ok(staff.post(f"{STAFF}/enrolments/{asked['id']}/decision",
                         json={"decision": "accept"}))["status"] == "accepted"
    assert_error(staff.post(f"{STAFF}/enrolments/{asked['id']}/decision", json={"decision": "refuse",
                                                                                 "reason": "Complet"}),
                 409, "already_decided")
    assert ok(staff.get(f"{STAFF}/enrolments?structure_id={structure['id']}")) == []
    by_staff = created(staff.post(f"{API}/enrolments", json={"child_id": hugo["id"], "activity_id": activity["id"]}))
    assert by_staff["status"] == "accepted"  # staff enrol at once
    assert {e["status"] for e in ok(parent.get(f"{API}/enrolments"))} == {"accepted"}

    lea_booking, hugo_booking = book(parent, lea, activity, day), book(parent, hugo, activity, day)
    assert lea_booking["status"] == hugo_booking["status"] == "pending"
    queue = ok(staff.get(f"{STAFF}/bookings/pending?structure_id={structure['id']}&date={day}"))
    assert [b["id"] for b in queue] == \
        [lea_booking["booking_id"], hugo_booking["booking_id"]]
    assert queue[0]["places_left"] == 1 and queue[0]["family_id"] == family["id"]
    decided = ok(staff.post(f"{STAFF}/bookings/{lea_booking['booking_id']}/decision", json={"decision": "accept"}))
    assert decided["status"] == "accepted"
    assert_error(staff.post(f"{STAFF}/bookings/{hugo_booking['booking_id']}/decision", json={"decision": "accept"}),
                 409, "full")
    waiting = ok(staff.post(f"{STAFF}/bookings/{hugo_booking['booking_id']}/decision",
                            json={"decision": "waiting_list"}))
    assert waiting["status"] == "waiting_list"
    [line] = ok(staff.get(f"{STAFF}/activities/{activity['id']}/waiting-lists?date={day}"))
    assert (line["capacity"], line["accepted"]) == (1, 1)
    assert [(entry["booking_id"], entry["waiting_position"]) for entry in line["lines"]] == \
        [(hugo_booking["booking_id"], 1)]
    assert_error(staff.post(f"{STAFF}/bookings/{hugo_booking['booking_id']}/decision",
                            json={"decision": "waiting_list"}), 409, "already_decided")
    history = ok(parent.get(f"{API}/bookings/history?child_id={lea['id']}"))
    assert (history[0]["booking_id"], history[0]["status"], history[0]["by"]) == \
        (lea_booking["booking_id"], "accepted", "staff")

    unwanted, present = book(parent, hugo, activity, now_day), book(parent, lea, activity, now_day)
    assert refused(staff.post(f"{STAFF}/bookings/{unwanted['booking_id']}/decision",
                              json={"decision": "refuse"}), 422)  # a refusal needs its reason
    assert ok(staff.post(f"{STAFF}/bookings/{unwanted['booking_id']}/decision",
                         json={"decision": "refuse", "reason": "Groupe complet"}))["status"] == "refused"
    ok(staff.post(f"{STAFF}/bookings/{present['booking_id']}/decision", json={"decision": "accept"}))
    assert ok(staff.get(f"{STAFF}/bookings/pending?structure_id={structure['id']}")) == []
    roll = f"{STAFF}/activities/{activity['id']}/roll-call"
    [entry] = ok(staff.get(f"{roll}?date={now_day}"))
    assert (entry["booking_id"], entry["child_id"], entry["unit"], entry["status"]) == \
        (present["booking_id"], lea["id"], "matin", None)
    recorded = ok(staff.post(f"{roll}?date={now_day}",
                             json={"entries": [{"booking_id": present["booking_id"], "status": "present"}]}))
    assert [e["status"] for e in recorded] == ["present"]
    assert ok(staff.get(roll))[0]["status"] == "present"  # today by default
    planning = ok(parent.get(f"{API}/children/{lea['id']}/planning?from={now_day}&to={now_day}"))
    assert {d["state"] for d in planning["days"] if d["unit"] == "matin"} == {"present"}
    assert_error(staff.post(f"{roll}?date={day}", json={"entries": [
        {"booking_id": lea_booking["booking_id"], "status": "present"}]}), 422, "future_day")
    assert refused(staff.post(f"{roll}?date={now_day}", json={"entries": [
        {"booking_id": str(uuid.uuid4()), "status": "present"}]}), 422)


def test_staff_manage_contracts(staff, new_family, parent_of):
    family = new_family("Fabre")
    child = family["children"][0]
    _structure, activity = new_activity(staff, structure_kind="creche")
    starts = today()
    contract = created(staff.post(f"{STAFF}/contracts", json={
        "child_id": child["id"], "activity_id": activity["id"], "starts_on": starts.isoformat(),
        "ends_on": (starts + timedelta(days=90)).isoformat(), "schedule": {"1": [["08:00", "18:00"]]}}))
    assert contract["weekly_minutes"] == 600
    assert [c["id"] for c in ok(staff.get(f"{STAFF}/contracts?family_id={family['id']}"))] == [contract["id"]]
    extra = created(staff.post(f"{STAFF}/contracts/{contract['id']}/extra-hours",
                               json={"date": starts.isoformat(), "minutes": 45}))
    assert [e["minutes"] for e in extra["extra_hours"]] == [45]
    absence = created(staff.post(f"{STAFF}/contracts/{contract['id']}/absences", json={
        "date_from": starts.isoformat(), "date_to": starts.isoformat(), "reason": "Malade"}))
    assert len(absence["absences"]) == 1
    assert ok(parent_of(family).get(f"{API}/contracts"))[0]["extra_hours"] == extra["extra_hours"]
    assert_error(staff.get(f"{STAFF}/contracts"), 422, "invalid_input")
    assert_error(staff.get(f"{API}/contracts"), 404, "not_found")  # staff name the family
    overlap = staff.post(f"{STAFF}/contracts", json={
        "child_id": child["id"], "activity_id": activity["id"], "starts_on": starts.isoformat(),
        "ends_on": starts.isoformat(), "schedule": {"1": [["08:00", "18:00"]]}})
    assert_error(overlap, 409, "contract_overlap")


def staff_user_of(staff, browser, service_sql, structure_id):
    """A staff user (not admin) of one structure, activated by the emailed link and logged in."""
    login, email = f"anim.{uuid.uuid4().hex[:6]}", f"anim.{uuid.uuid4().hex[:6]}@example.org"
    created(staff.post(f"{STAFF}/staff-users", json={
        "login": login, "display_name": "Animatrice", "email": email, "role": "staff",
        "structure_ids": [structure_id]}))
    token = emailed_token(service_sql, "account_activation", email)
    user = browser()
    ok(user.post(f"{API}/auth/activate", json={"token": token, "password": STAFF_PASSWORD}))
    ok(user.login(login, STAFF_PASSWORD))
    return user


def test_a_staff_user_of_another_structure_is_refused(staff, browser, service_sql, new_family, parent_of):
    theirs, activity = new_activity(staff, enrolment_approval=True)
    day = (today() + timedelta(days=5)).isoformat()
    open_day(staff, activity, day, capacity=3)
    family = new_family("Lambert")
    parent = parent_of(family)
    child = family["children"][0]
    enrolment = created(parent.post(f"{API}/enrolments", json={"child_id": child["id"],
                                                                "activity_id": activity["id"]}))
    ok(staff.post(f"{STAFF}/enrolments/{enrolment['id']}/decision", json={"decision": "accept"}))
    booking = book(parent, child, activity, day)
    ours = created(staff.post(f"{STAFF}/structures", json={"name": "Centre des Tilleuls", "kind": "alsh"}))
    agent = staff_user_of(staff, browser, service_sql, ours["id"])

    assert ok(agent.get(f"{STAFF}/structures")) == [ours]
    assert ok(agent.get(f"{STAFF}/activities")) == []
    base = f"{STAFF}/activities/{activity['id']}"
    for response in [
        agent.post(f"{STAFF}/structures", json={"name": "X", "kind": "alsh"}),  # admin only
        agent.post(f"{STAFF}/activities", json={"structure_id": theirs["id"], "name": "X",
                                                "booking_mode": "automatic",
                                                "units": [{"code": "matin", "label": "Matin"}]}),
        agent.send("PATCH", base, json={"name": "Pris"}),
        agent.post(f"{base}/days", json={"days": [{"date": day, "unit": "matin", "capacity": 30}]}),
        agent.get(f"{base}/days"),
        agent.post(f"{base}/periods", json={"date_from": "2030-05-06", "date_to": "2030-05-10",
                                            "pattern": "weekdays", "capacity": 3}),
        agent.post(f"{base}/closures", json={"dates": [day], "label": "Fermé"}),
        agent.send("DELETE", f"{base}/closures/{day}"),
        agent.send("PUT", f"{base}/windows", json={"windows": []}),
        agent.post(f"{base}/outings", json={"date": day, "code": "sortie", "label": "Sortie", "capacity": 5,
                                            "price_cents": 500}),
        agent.get(f"{STAFF}/enrolments?structure_id={theirs['id']}"),
        agent.get(f"{STAFF}/bookings/pending?structure_id={theirs['id']}"),
        agent.post(f"{STAFF}/bookings/{booking['booking_id']}/decision", json={"decision": "refuse",
                                                                               "reason": "Non"}),
        agent.get(f"{base}/waiting-lists?date={day}"),
        agent.get(f"{base}/roll-call?date={day}"),
        agent.post(f"{base}/roll-call?date={today().isoformat()}", json={"entries": [
            {"booking_id": booking["booking_id"], "status": "present"}]}),
        agent.post(f"{STAFF}/contracts", json={"child_id": child["id"], "activity_id": activity["id"],
                                               "starts_on": day, "ends_on": day,
                                               "schedule": {"1": [["08:00", "18:00"]]}}),
        agent.post(f"{API}/enrolments", json={"child_id": child["id"], "activity_id": activity["id"]}),
    ]:
        assert_error(response, 403, "forbidden")
    # Nothing changed.
    assert ok(staff.get(f"{base}"))["name"] == "ALSH des Lilas"
    assert [b["id"] for b in ok(staff.get(f"{STAFF}/bookings/pending?structure_id={theirs['id']}"))] == \
        [booking["booking_id"]]
    assert all(d["capacity"] == 3 and d["closure"] is None for d in ok(staff.get(f"{base}/days?from={day}&to={day}")))
    # Their own structure is theirs to manage.
    mine = created(agent.post(f"{STAFF}/activities", json={
        "structure_id": ours["id"], "name": "Accueil du soir", "booking_mode": "automatic",
        "units": [{"code": "soir", "label": "Soir"}]}))
    assert [a["id"] for a in ok(agent.get(f"{STAFF}/activities"))] == [mine["id"]]


def test_staff_bad_input_is_a_json_4xx(staff):
    _structure, activity = new_activity(staff)
    base = f"{STAFF}/activities/{activity['id']}"
    for response in [
        staff.get(f"{STAFF}/activities?structure_id=x"),
        staff.get(f"{base}/days?from=2030-02-30"),
        staff.get(f"{base}/days?from=2030-03-10&to=2030-03-01"),
        staff.get(f"{base}/roll-call?date=hier"),
        staff.get(f"{base}/waiting-lists?date=2030-13-01"),
        staff.get(f"{STAFF}/bookings/pending?date=demain"),
        staff.get(f"{STAFF}/enrolments?structure_id=1"),
        staff.send("DELETE", f"{base}/closures/2030-02-30"),
        staff.post(f"{STAFF}/enrolments/{uuid.uuid4()}/decision", json={"decision": "maybe"}),
        staff.post(f"{STAFF}/bookings/{uuid.uuid4()}/decision", json={"decision": "accept", "extra": True}),
        staff.post(f"{base}/periods", json=["pas", "un", "objet"]),
        staff.post(f"{base}/periods", json={"date_from": "2030-05-06", "date_to": "2030-05-10",
                                            "pattern": "lune", "capacity": 3}),
        staff.post(f"{base}/closures", json={"dates": ["demain"], "label": "x"}),
        staff.send("PATCH", base, json={"booking_mode": "au_hasard"}),
        staff.send("PUT", f"{base}/windows", json={"windows": [{"label": "x"}]}),
        staff.post(f"{base}/outings", json={"date": "2030-05-09", "code": "Pas Un Code", "label": "x",
                                            "capacity": 1, "price_cents": 100}),
        staff.post(f"{base}/roll-call", json={"entries": []}),
    ]:
        assert_error(response, 422, "invalid_input")
    assert_error(staff.get(f"{STAFF}/activities/{uuid.uuid4()}"), 404, "not_found")
    assert_error(staff.post(f"{STAFF}/activities/{uuid.uuid4()}/periods", json={
        "date_from": "2030-05-06", "date_to": "2030-05-10", "pattern": "weekdays", "capacity": 3}), 404, "not_found")
    assert_error(staff.post(f"{STAFF}/bookings/{uuid.uuid4()}/decision", json={"decision": "accept"}),
                 404, "not_found")
    assert_error(staff.post(f"{base}/periods", json={"date_from": "2030-05-06", "date_to": "2030-05-10",
                                                     "pattern": "weekdays", "capacity": 3}, csrf=False),
                 403, "csrf_failed")
    assert ok(staff.get(f"{base}/days?from=2030-05-06&to=2030-05-10")) == []  # nothing was opened
