"""The walking skeleton's journey, through HTTP against the running processes:
staff creates a family → welcome email → first login and forced password change → dashboard →
a booking accepted → one outcome email for the request (its replay: none), consumption in billing,
booking and amount on the dashboard.
Another family sees none of it."""
from __future__ import annotations

import time
import uuid
from datetime import date, timedelta

import pytest

from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD

pytestmark = pytest.mark.stack

NEW_PASSWORD = "Nouveau-Mot2passe"
MATIN_CENTS = 475


def next_wednesday() -> date:
    today = date.today()
    return today + timedelta(days=(2 - today.weekday()) % 7 or 7)


@pytest.fixture(scope="module")
def staff(stack):
    client = ApiClient(stack.base_url)
    assert client.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    return client


@pytest.fixture(scope="module")
def alsh(staff):
    """An ALSH with three units, open next Wednesday with 20 places, a flat tariff per unit."""
    structure = staff.post("/staff/structures", {"name": "ALSH Gagnague", "kind": "alsh"})
    assert structure.status_code == 201, structure.text
    activity = staff.post("/staff/activities", {
        "structure_id": structure.json()["id"], "name": "ALSH 3-6 ans", "booking_mode": "automatic",
        "units": [{"code": "matin", "label": "Matin"}, {"code": "midi", "label": "Midi"},
                  {"code": "apres_midi", "label": "Après-midi"}],
    })
    assert activity.status_code == 201, activity.text
    activity = activity.json()
    day = next_wednesday().isoformat()
    opened = staff.post(f"/staff/activities/{activity['id']}/days", {"days": [
        {"date": day, "unit": unit, "capacity": 20} for unit in ("matin", "midi", "apres_midi")]})
    assert opened.status_code == 201, opened.text
    regie = staff.post("/staff/regies", {"name": "Régie enfance"})
    assert regie.status_code == 201, regie.text
    for unit, cents in (("matin", MATIN_CENTS), ("midi", 320), ("apres_midi", 475)):
        tariff = staff.post("/staff/tariffs", {"regie_id": regie.json()["id"], "activity_id": activity["id"],
                                               "unit": unit, "rule": "flat", "amount_cents": cents})
        assert tariff.status_code == 201, tariff.text
    return activity


def create_family(staff, last_name: str, email: str, password: str) -> dict:
    response = staff.post("/staff/families", {
        "guardians": [{"civility": "Mme", "first_name": "Camille", "last_name": last_name,
                       "email": email, "phone": "0600000000"}],
        "children": [{"first_name": "Lilou", "last_name": last_name, "birth_date": "2020-03-14"}],
        "quotient": 720,
        "temporary_password": password,
    })
    assert response.status_code == 201, response.text
    return response.json()


def first_login(stack, login: str, temporary: str) -> ApiClient:
    parent = ApiClient(stack.base_url)
    response = parent.login(login, temporary)
    assert response.status_code == 200, response.text
    assert response.json()["user"]["must_change_password"] is True
    blocked = parent.get("/family")
    assert blocked.status_code == 403
    assert blocked.json()["error"]["code"] == "password_change_required"
    weak = parent.post("/me/password", {"current_password": temporary, "new_password": "court"})
    assert weak.status_code == 422
    assert weak.json()["error"]["code"] == "weak_password"
    changed = parent.post("/me/password", {"current_password": temporary, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200, changed.text
    return parent


def test_parent_journey_end_to_end(stack, staff, alsh):
    email_address = f"dupont.{uuid.uuid4().hex[:6]}@example.org"
    temporary = "Provisoire-2026"
    family = create_family(staff, "DUPONT", email_address, temporary)

    welcome = stack.wait_for_email(lambda m: m["To"] == email_address)
    body = welcome.get_body(preferencelist=("plain",)).get_content()
    assert email_address in body  # the login
    assert temporary not in welcome.as_string()  # never a password by email

    parent = first_login(stack, email_address, temporary)
    assert ApiClient(stack.base_url).login(email_address, temporary).status_code == 401
    assert ApiClient(stack.base_url).login(email_address, NEW_PASSWORD).status_code == 200

    dashboard = parent.get("/dashboard").json()
    assert dashboard["family"]["id"] == family["id"]
    [child] = dashboard["family"]["children"]
    assert child["first_name"] == "Lilou"
    assert dashboard["unavailable"] == []

    enrolment = parent.post("/enrolments", {"child_id": child["id"], "activity_id": alsh["id"]})
    assert enrolment.status_code == 201, enrolment.text
    assert enrolment.json()["status"] == "accepted"

    day = next_wednesday().isoformat()
    key = str(uuid.uuid4())
    booking = parent.book(child["id"], [{"activity_id": alsh["id"], "date": day, "unit": "matin",
                                         "action": "book"}], key=key)
    assert booking.status_code == 200, booking.text
    [line] = booking.json()["results"]
    assert line["status"] == "accepted"

    outcome_subject = "Réservations de Lilou : résultat de votre demande"
    outcome = stack.wait_for_email(lambda m: m["To"] == email_address and m["Subject"] == outcome_subject)
    assert ": acceptée" in outcome.get_body(preferencelist=("plain",)).get_content()

    month = day[:7]
    consumptions = wait_for(lambda: parent.get(f"/consumptions?month={month}").json(),
                            lambda body: body["lines"])
    assert consumptions["total_cents"] == MATIN_CENTS
    [consumption] = consumptions["lines"]
    assert consumption["amount_cents"] == MATIN_CENTS

    dashboard = parent.get("/dashboard").json()
    assert [b["date"] for b in dashboard["upcoming_bookings"]] == [day]
    assert dashboard["account"]["uninvoiced_cents"] == MATIN_CENTS

    replay = parent.book(child["id"], [{"activity_id": alsh["id"], "date": day, "unit": "matin",
                                        "action": "book"}], key=key)
    assert replay.json() == booking.json()
    assert parent.get(f"/consumptions?month={month}").json()["total_cents"] == MATIN_CENTS
    time.sleep(1)  # several sender rounds: a second email would have gone by now
    # the family's own booking: no `booking_accepted` email besides the outcome, nothing for the replay
    assert [m["Subject"] for m in stack.emails() if m["To"] == email_address and "servation" in m["Subject"]] == [
        outcome_subject]

    planning = parent.get(f"/children/{child['id']}/planning?from={day}&to={day}").json()
    states = {(d["unit"], d["state"]) for d in planning["days"]}
    assert ("matin", "booked") in states and ("midi", "available") in states


def test_another_family_sees_nothing_of_this_one(stack, staff, alsh):
    first = create_family(staff, "MARTIN", f"martin.{uuid.uuid4().hex[:6]}@example.org", "Provisoire-2026")
    other_login = f"bernard.{uuid.uuid4().hex[:6]}@example.org"
    create_family(staff, "BERNARD", other_login, "Provisoire-2026")
    other = first_login(stack, other_login, "Provisoire-2026")

    child_id = first["children"][0]["id"]
    day = next_wednesday().isoformat()
    assert other.get(f"/children/{child_id}/planning").status_code == 404
    assert other.get(f"/activities?child_id={child_id}").status_code == 404
    assert other.get(f"/bookings?child_id={child_id}").status_code == 404
    refused = other.book(child_id, [{"activity_id": alsh["id"], "date": day, "unit": "matin", "action": "book"}])
    assert refused.status_code == 404
    assert refused.json()["error"]["code"] == "not_found"
    assert other.get("/family").json()["id"] != first["id"]
    assert other.post("/staff/families", {"guardians": [], "children": []}).status_code == 403


def test_dashboard_survives_billing_outage_and_nothing_is_lost(stack, staff, alsh):
    login = f"petit.{uuid.uuid4().hex[:6]}@example.org"
    create_family(staff, "PETIT", login, "Provisoire-2026")
    parent = first_login(stack, login, "Provisoire-2026")
    child_id = parent.get("/family").json()["children"][0]["id"]
    day = next_wednesday().isoformat()
    assert parent.post("/enrolments", {"child_id": child_id, "activity_id": alsh["id"]}).status_code == 201

    stack.stop_service("billing")
    try:
        dashboard = parent.get("/dashboard")
        assert dashboard.status_code == 200
        assert dashboard.json()["account"] is None
        assert "billing" in dashboard.json()["unavailable"]
        assert dashboard.elapsed.total_seconds() < 1.5
        booked = parent.book(child_id, [{"activity_id": alsh["id"], "date": day, "unit": "midi", "action": "book"}])
        assert booked.json()["results"][0]["status"] == "accepted"
    finally:
        stack.start_service("billing")
        stack.wait_healthy()
    # the booking.accepted published while billing was down waited in billing's durable queue
    consumptions = wait_for(lambda: parent.get(f"/consumptions?month={day[:7]}").json(),
                            lambda body: body["lines"])
    assert consumptions["total_cents"] == 320


def wait_for(fetch, ready, timeout: float = 15, interval: float = 0.2):
    deadline = time.monotonic() + timeout
    while True:
        value = fetch()
        if ready(value) or time.monotonic() > deadline:
            return value
        time.sleep(interval)
