"""Parents' reservations through the API: enrolment, priced planning, bookings and their history,
calendar feeds, crèche contracts; another family's ids answer 404; bad input is a 4xx, never a 500."""
import uuid
from datetime import date, timedelta

from gateway import calls
from gateway.tests.test_errors import assert_error
from services.chassis import clock

API = "/api/v1"


def book(user, child, activity, day, unit="matin", action="book"):
    return user.post(f"{API}/bookings", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "child_id": child["id"], "changes": [{"activity_id": activity["id"], "date": day, "unit": unit,
                                              "action": action}]})


def enrol(user, child, activity):
    response = user.post(f"{API}/enrolments", json={"child_id": child["id"], "activity_id": activity["id"]})
    assert response.status_code == 201, response.json
    return response.json


def cells(user, child, date_from, date_to, **query):
    extra = "".join(f"&{key}={value}" for key, value in query.items())
    response = user.get(f"{API}/children/{child['id']}/planning?from={date_from}&to={date_to}{extra}")
    assert response.status_code == 200, response.json
    return {(day["date"], day["unit"]): day for day in response.json["days"]}


def creche_contract(staff, child):
    structure = staff.post(f"{API}/staff/structures", json={"name": "Crèche des Lilas", "kind": "creche"}).json
    activity = staff.post(f"{API}/staff/activities", json={
        "structure_id": structure["id"], "name": "Accueil régulier", "booking_mode": "validation",
        "units": [{"code": "journee", "label": "Journée"}]}).json
    today = clock.from_environment().today()
    contract = staff.post(f"{API}/staff/contracts", json={
        "child_id": child["id"], "activity_id": activity["id"], "starts_on": today.isoformat(),
        "ends_on": (today + timedelta(days=180)).isoformat(),
        "schedule": {"0": [["08:30", "17:30"]], "2": [["08:30", "12:30"]]}})
    assert contract.status_code == 201, contract.json
    return contract.json


def test_a_parent_enrols_sees_prices_books_and_reads_the_history(new_family, parent_of, activity, staff):
    family = new_family("Dupont")
    parent = parent_of(family)
    lea = family["children"][0]
    first, second = activity["days"]
    regie = staff.post(f"{API}/staff/regies", json={"name": "Régie périscolaire"}).json
    later = staff.post(f"{API}/staff/tariffs", json={
        "regie_id": regie["id"], "activity_id": activity["id"], "unit": "apres_midi", "rule": "flat",
        "amount_cents": 900, "valid_from": second})
    assert later.status_code == 201, later.json

    [offered] = parent.get(f"{API}/activities?child_id={lea['id']}").json
    assert (offered["id"], offered["enrolment_status"]) == (activity["id"], "none")
    detail = parent.get(f"{API}/activities/{activity['id']}").json
    assert detail["name"] == "ALSH 3-6 ans" and [u["code"] for u in detail["units"]] == ["matin", "apres_midi"]
    refused = book(parent, lea, activity, second, unit="apres_midi").json["results"][0]
    assert (refused["status"], refused["reason"]) == ("refused", "not_enrolled")

    enrolment = enrol(parent, lea, activity)
    assert (enrolment["status"], enrolment["child_id"], enrolment["activity_id"]) == \
        ("accepted", lea["id"], activity["id"])
    assert_error(parent.post(f"{API}/enrolments", json={"child_id": lea["id"], "activity_id": activity["id"]}),
                 409, "already_enrolled")
    [listed] = parent.get(f"{API}/enrolments").json
    assert (listed["id"], listed["status"], listed["activity_name"]) == (enrolment["id"], "accepted", "ALSH 3-6 ans")

    days = cells(parent, lea, first, second)
    assert days[(first, "matin")]["state"] == "available"
    assert days[(first, "matin")]["price_cents"] == 1250 and days[(second, "matin")]["price_cents"] == 1250
    assert days[(first, "apres_midi")]["price_cents"] is None  # its tariff starts the day after
    assert days[(second, "apres_midi")]["price_cents"] == 900
    staff_days = cells(staff, lea, first, first, family_id=family["id"])  # staff name whose prices apply
    assert staff_days[(first, "matin")]["price_cents"] == 1250

    [accepted] = book(parent, lea, activity, first).json["results"]
    assert accepted["status"] == "accepted"
    assert cells(parent, lea, first, first)[(first, "matin")]["state"] == "booked"
    assert_error(parent.send("DELETE", f"{API}/enrolments/{enrolment['id']}"), 409, "has_bookings")
    assert book(parent, lea, activity, first, action="cancel").json["results"][0]["status"] == "cancelled"

    history = [h for h in parent.get(f"{API}/bookings/history?child_id={lea['id']}").json
               if (h["date"], h["unit"]) == (first, "matin")]
    assert [(h["date"], h["unit"], h["status"], h["by"]) for h in history] == [
        (first, "matin", "cancelled", "family"), (first, "matin", "accepted", "family")]
    assert history[0]["booking_id"] == accepted["booking_id"] and history[0]["child_name"]
    assert parent.get(f"{API}/bookings/history").json == \
        parent.get(f"{API}/bookings/history?child_id={lea['id']}").json
    staff_view = staff.get(f"{API}/bookings/history?family_id={family['id']}").json
    assert [h["status"] for h in staff_view if h["booking_id"] == accepted["booking_id"]] == ["cancelled", "accepted"]

    cancelled = parent.send("DELETE", f"{API}/enrolments/{enrolment['id']}")
    assert cancelled.status_code == 200, cancelled.json
    assert cancelled.json["status"] == "cancelled"
    assert parent.get(f"{API}/activities?child_id={lea['id']}").json[0]["enrolment_status"] != "accepted"


def test_the_planning_still_answers_without_prices_when_billing_is_down(new_family, parent_of, activity,
                                                                           stack, app):
    family = new_family("Roux")
    parent = parent_of(family)
    child = family["children"][0]
    enrol(parent, child, activity)
    day = activity["days"][0]
    assert cells(parent, child, day, day)[(day, "matin")]["price_cents"] == 1250
    app.config["PRICE_GRID_TIMEOUT"] = 0.5
    stack["billing"].stop()
    days = cells(parent, child, day, day)
    assert days[(day, "matin")]["state"] == "available" and days[(day, "matin")]["price_cents"] is None


def test_prices_come_from_the_newest_tariff_of_the_day():
    tariffs = [{"valid_from": "2026-01-01", "amount_cents": 500}, {"valid_from": "2026-03-01", "amount_cents": 700},
               {"valid_from": None, "amount_cents": 100}]
    assert calls.price_on(tariffs, "2026-02-28") == 500
    assert calls.price_on(tariffs, "2026-03-01") == 700
    assert calls.price_on(tariffs, "2025-12-31") == 100
    assert calls.price_on(tariffs[:2], "2025-12-31") is None
    assert calls.price_on([], "2026-03-01") is None


def test_a_calendar_feed_is_served_at_a_secret_address_until_revoked(new_family, parent_of, activity, browser):
    family = new_family("Moreau")
    parent = parent_of(family)
    child = family["children"][0]
    enrol(parent, child, activity)
    day = activity["days"][0]
    assert book(parent, child, activity, day).json["results"][0]["status"] == "accepted"

    created = parent.post(f"{API}/children/{child['id']}/calendar-feed")
    assert created.status_code == 201, created.json
    url = created.json["url"]
    assert url.startswith("http://localhost/api/v1/calendar/") and url.endswith(".ics")
    path = url.removeprefix("http://localhost")
    anonymous = browser()  # a calendar application: no session, no CSRF
    feed = anonymous.get(path)
    assert feed.status_code == 200
    assert feed.headers["Content-Type"] == "text/calendar; charset=utf-8"
    text = feed.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR") and text.count("BEGIN:VEVENT") == 1
    assert day.replace("-", "") in text

    revoked = parent.send("DELETE", f"{API}/children/{child['id']}/calendar-feed")
    assert revoked.status_code == 200 and revoked.json == {"revoked": 1}
    assert_error(anonymous.get(path), 404, "not_found")
    assert_error(anonymous.get(f"{API}/calendar/{'x' * 600}.ics"), 404, "not_found")
    assert_error(anonymous.post(f"{API}/children/{child['id']}/calendar-feed"), 401, "not_authenticated")


def test_a_parent_sees_the_contracts_and_declares_an_absence(new_family, parent_of, staff):
    family = new_family("Bernard")
    parent = parent_of(family)
    contract = creche_contract(staff, family["children"][0])
    [listed] = parent.get(f"{API}/contracts").json
    assert listed["id"] == contract["id"] and listed["schedule"] == contract["schedule"]
    today = clock.from_environment().today()
    absence = {"date_from": (today + timedelta(days=7)).isoformat(),
               "date_to": (today + timedelta(days=9)).isoformat(), "reason": "Vacances en famille"}
    declared = parent.post(f"{API}/contracts/{contract['id']}/absences", json=absence)
    assert declared.status_code == 201, declared.json
    assert [(a["date_from"], a["date_to"]) for a in declared.json["absences"]] == \
        [(absence["date_from"], absence["date_to"])]
    assert staff.get(f"{API}/contracts?family_id={family['id']}").json[0]["absences"] == declared.json["absences"]
    outside = {**absence, "date_from": (today - timedelta(days=30)).isoformat()}
    assert_error(parent.post(f"{API}/contracts/{contract['id']}/absences", json=outside), 422, "outside_contract")


def test_another_familys_ids_answer_404_on_every_endpoint(new_family, parent_of, activity, staff):
    ours, theirs = new_family("Dupont"), new_family("Martin")
    parent, neighbour = parent_of(ours), parent_of(theirs)
    their_child = theirs["children"][0]
    their_enrolment = enrol(neighbour, their_child, activity)
    assert book(neighbour, their_child, activity, activity["days"][0]).json["results"][0]["status"] == "accepted"
    their_contract = creche_contract(staff, their_child)
    assert neighbour.post(f"{API}/children/{their_child['id']}/calendar-feed").status_code == 201

    for response in [
        parent.post(f"{API}/enrolments", json={"child_id": their_child["id"], "activity_id": activity["id"]}),
        parent.send("DELETE", f"{API}/enrolments/{their_enrolment['id']}"),
        parent.get(f"{API}/bookings/history?child_id={their_child['id']}"),
        parent.get(f"{API}/children/{their_child['id']}/planning"),
        parent.post(f"{API}/children/{their_child['id']}/calendar-feed"),
        parent.send("DELETE", f"{API}/children/{their_child['id']}/calendar-feed"),
        parent.post(f"{API}/contracts/{their_contract['id']}/absences",
                    json={"date_from": their_contract["starts_on"], "date_to": their_contract["starts_on"],
                          "reason": "Malade"}),
        parent.get(f"{API}/activities/{uuid.uuid4()}"),
        parent.send("DELETE", f"{API}/enrolments/{uuid.uuid4()}"),
    ]:
        assert_error(response, 404, "not_found")
    # A family id in the query does not widen a parent's view.
    assert parent.get(f"{API}/enrolments?family_id={theirs['id']}").json == []
    assert parent.get(f"{API}/contracts?family_id={theirs['id']}").json == []
    assert parent.get(f"{API}/bookings/history?family_id={theirs['id']}").json == []
    # Nothing of theirs changed.
    assert neighbour.get(f"{API}/enrolments").json[0]["status"] == "accepted"
    assert neighbour.get(f"{API}/contracts").json[0]["absences"] == []


def test_state_changes_need_the_csrf_token(new_family, parent_of, activity):
    family = new_family("Petit")
    parent = parent_of(family)
    child = family["children"][0]
    body = {"child_id": child["id"], "activity_id": activity["id"]}
    assert_error(parent.post(f"{API}/enrolments", json=body, csrf=False), 403, "csrf_failed")
    assert_error(parent.post(f"{API}/children/{child['id']}/calendar-feed", csrf=False), 403, "csrf_failed")
    assert parent.get(f"{API}/enrolments").json == []  # refused: nothing changed
    enrolment = enrol(parent, child, activity)
    assert_error(parent.send("DELETE", f"{API}/enrolments/{enrolment['id']}", csrf=False), 403, "csrf_failed")
    assert parent.get(f"{API}/enrolments").json[0]["status"] == "accepted"


def test_bad_input_is_a_json_4xx(new_family, parent_of, activity):
    family = new_family("Lefebvre")
    parent = parent_of(family)
    child = family["children"][0]
    for body in [{}, {"child_id": "x", "activity_id": activity["id"]},
                 {"child_id": child["id"], "activity_id": activity["id"], "extra": 1}, ["liste"]]:
        assert_error(parent.post(f"{API}/enrolments", json=body), 422, "invalid_input")
    not_json = parent.client.post(f"{API}/enrolments", data="child_id=1",
                                  headers={"X-CSRF-Token": parent.csrf, "Content-Type": "text/plain"})
    assert_error(not_json, 415, "unsupported_media_type")
    broken = parent.client.post(f"{API}/enrolments", data="{", headers={
        "X-CSRF-Token": parent.csrf, "Content-Type": "application/json"})
    assert_error(broken, 400, "invalid_json")
    assert_error(parent.get(f"{API}/bookings/history?child_id=nope"), 422, "invalid_input")
    assert_error(parent.get(f"{API}/children/{child['id']}/planning?family_id=nope"), 422, "invalid_input")
    too_long = (date.today() + timedelta(days=400)).isoformat()
    assert_error(parent.get(f"{API}/children/{child['id']}/planning?to={too_long}"), 422, "invalid_input")
    assert_error(parent.get(f"{API}/activities/pas-un-id"), 404, "not_found")
    contract_id = uuid.uuid4()
    for body in [{"date_from": "demain", "date_to": "2030-01-01", "reason": "x"},
                 {"date_from": "2030-01-01", "date_to": "2030-01-02"},
                 {"date_from": "2030-01-01", "date_to": "2030-01-02", "reason": ""}]:
        assert_error(parent.post(f"{API}/contracts/{contract_id}/absences", json=body), 422, "invalid_input")
    assert parent.get(f"{API}/enrolments").json == []
