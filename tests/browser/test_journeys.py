"""A parent and a director walk through the website in Chromium, with accessible locators (roles and
labels), an axe-core audit of every page and the phone-width check (see journeys.py); afterwards the
API shows that what they clicked was done."""
from __future__ import annotations

from datetime import timedelta

import pytest

from services.chassis.clock import Clock
from tests.browser.conftest import (PASSWORD, TEMPORARY, api_parent, created, day_label, logged_in, new_activity,
                                    new_family, open_days)
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD
from tests.e2e.test_journey import next_wednesday
from tests.e2e.test_payments import issue_invoice

pytestmark = pytest.mark.stack


def test_a_parent_books_pays_answers_and_sends_a_document(stack, staff, run_journey):
    day = next_wednesday()
    activity = new_activity(staff, "ALSH Les Pitchouns", "automatic", [("matin", "Matin"), ("midi", "Midi")])
    open_days(staff, activity, [{"date": day.isoformat(), "unit": "matin", "capacity": 20},
                                {"date": day.isoformat(), "unit": "midi", "capacity": 1}])
    # Another family takes the only place at lunch: the parent will land on the waiting list.
    other = new_family(staff, "AUTRE", "Jade")
    other_parent = api_parent(stack, other)
    created(other_parent.post("/enrolments", {"child_id": other["child_id"], "activity_id": activity["id"]}))
    taken = other_parent.book(other["child_id"], [{"activity_id": activity["id"], "date": day.isoformat(),
                                                   "unit": "midi", "action": "book"}])
    assert taken.json()["results"][0]["status"] == "accepted", taken.text

    family = new_family(staff, "NAVIGUE", "Lilou")
    regie = created(staff.post("/staff/regies", {"name": "Régie du navigateur"}))
    invoice = issue_invoice(stack, family["id"], regie["id"], 4250)
    thread = created(staff.post("/staff/messages", {
        "family_id": family["id"], "structure_id": activity["structure_id"], "subject": "Sortie au zoo",
        "body": "Pouvez-vous nous confirmer la présence de Lilou mercredi ?"}))

    run_journey("parent", {
        "login": family["login"], "temporary": TEMPORARY, "password": PASSWORD, "child": "Lilou",
        "activity": "ALSH Les Pitchouns", "day_label": day_label(day), "invoice_number": invoice["number"],
        "invoice_amount": "42,50", "subject": "Sortie au zoo"})

    parent = logged_in(stack, family["login"], PASSWORD)
    states = {b["unit"]: b["status"] for b in parent.get(f"/bookings?child_id={family['child_id']}").json()}
    assert states == {"matin": "accepted", "midi": "waiting_list"}
    [payment] = parent.get("/payments").json()
    assert (payment["method"], payment["amount_cents"]) == ("card", 4250)
    answered = parent.get(f"/messages/{thread['id']}").json()["messages"]
    assert [m["from"] for m in answered] == ["staff", "family"]
    sent = {d["type"]: d for d in parent.get("/documents").json()}
    assert sent["attestation_caf"]["filename"] == "attestation-caf.pdf"


def test_a_director_validates_takes_the_roll_call_invoices_and_answers(stack, staff, run_journey):
    today = Clock().today()  # the portal's day (Paris), which the roll call compares with
    activity = new_activity(staff, "Mercredis Nature", "validation", [("journee", "Journée")])
    open_days(staff, activity, [{"date": today.isoformat(), "unit": "journee", "capacity": 12}])
    regie = created(staff.post("/staff/regies", {"name": "Régie Nature"}))
    created(staff.post("/staff/tariffs", {"regie_id": regie["id"], "activity_id": activity["id"],
                                          "unit": "journee", "rule": "flat", "amount_cents": 1150}))
    family = new_family(staff, "DIRECTION", "Malo")
    parent = api_parent(stack, family)
    created(parent.post("/enrolments", {"child_id": family["child_id"], "activity_id": activity["id"]}))
    asked = parent.book(family["child_id"], [{"activity_id": activity["id"], "date": today.isoformat(),
                                              "unit": "journee", "action": "book"}])
    assert asked.json()["results"][0]["status"] == "pending", asked.text
    thread = created(parent.post("/messages", {"structure_id": activity["structure_id"],
                                               "subject": "Sieste de Malo", "body": "Malo fera-t-il la sieste ?"}))

    run_journey("director", {
        "login": STAFF_LOGIN, "password": STAFF_PASSWORD, "child": "Malo",
        "activity_option": "Structure Mercredis Nature — Mercredis Nature", "today": today.isoformat(),
        "regie": "Régie Nature", "period_start": today.replace(day=1).isoformat(), "period_end": today.isoformat(),
        "subject": "Sieste de Malo"})

    [booking] = parent.get(f"/bookings?child_id={family['child_id']}").json()
    assert booking["status"] == "accepted"
    [entry] = staff.get(f"/staff/activities/{activity['id']}/roll-call?date={today.isoformat()}").json()
    assert entry["status"] == "present"
    [run] = staff.get(f"/staff/invoicing-runs?regie_id={regie['id']}").json()
    assert (run["status"], run["invoices_issued"], run["total_cents"]) == ("completed", 1, 1150)
    answered = staff.get(f"/staff/messages/{thread['id']}").json()["messages"]
    assert [m["from"] for m in answered] == ["family", "staff"]


def test_a_parent_books_a_month_with_the_keyboard_alone(stack, staff, run_journey):
    first = Clock().today() + timedelta(days=3)
    while (first + timedelta(days=1)).month != first.month:  # both days on the same month's grid
        first += timedelta(days=1)
    second = first + timedelta(days=1)
    activity = new_activity(staff, "ALSH Au Clavier", "automatic", [("matin", "Matin"), ("midi", "Midi")])
    open_days(staff, activity, [{"date": day.isoformat(), "unit": unit, "capacity": 10}
                                for day in (first, second) for unit in ("matin", "midi")])
    family = new_family(staff, "CLAVIER", "Noé")
    parent = api_parent(stack, family)
    created(parent.post("/enrolments", {"child_id": family["child_id"], "activity_id": activity["id"]}))

    run_journey("keyboard", {"login": family["login"], "password": PASSWORD, "child": "Noé",
                             "first_day": day_label(first), "second_day": day_label(second)})

    booked = {(b["date"], b["unit"]): b["status"] for b in parent.get(f"/bookings?child_id={family['child_id']}").json()}
    assert booked == {(first.isoformat(), "matin"): "accepted", (second.isoformat(), "matin"): "accepted",
                      (second.isoformat(), "midi"): "accepted"}
