"""Debt blocking end to end: an invoice past its due date puts the family in debt (billing publishes
`balance.changed`), reservations then refuses its bookings on an activity that blocks on debt, and
accepts them again once the family has paid."""
from __future__ import annotations

import time
from datetime import date, timedelta

import psycopg
import pytest
from nameko.standalone.rpc import ClusterRpcProxy

from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD
from tests.e2e.test_family_isolation import new_family

pytestmark = pytest.mark.stack

STAFF_CALLER = {"user_id": "00000000-0000-0000-0000-000000000001", "role": "admin"}


def wait_until(predicate, timeout: float = 20, what: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = predicate()
        if found:
            return found
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def school_year(day: date) -> str:
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def family_in_debt(stack, family_id: str) -> bool | None:
    """What reservations knows (its read model fed by billing's `balance.changed`)."""
    with psycopg.connect(stack.database_url("reservations")) as conn:
        row = conn.execute("SELECT in_debt FROM family_debts WHERE family_id = %s", (family_id,)).fetchone()
    return None if row is None else row[0]


def book(parent: ApiClient, child_id: str, activity_id: str, day: date) -> tuple[str, str | None]:
    response = parent.book(child_id, [{"activity_id": activity_id, "date": day.isoformat(), "unit": "journee",
                                       "action": "book"}])
    assert response.status_code == 200, response.text
    [result] = response.json()["results"]
    return result["status"], result["reason"]


def test_an_overdue_invoice_blocks_bookings_until_it_is_paid(stack):
    today = date.today()
    days = [today + timedelta(days=n) for n in (1, 2, 3)]
    staff = ApiClient(stack.base_url)
    assert staff.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    structure = staff.post("/staff/structures", {"name": "Centre de loisirs", "kind": "leisure_centre"}).json()
    activity = staff.post("/staff/activities", {
        "structure_id": structure["id"], "name": "Mercredis", "booking_mode": "automatic",
        "units": [{"code": "journee", "label": "Journée"}], "blocks_on_debt": True}).json()
    assert activity["blocks_on_debt"] is True, activity
    staff.post(f"/staff/activities/{activity['id']}/days",
               {"days": [{"date": day.isoformat(), "unit": "journee", "capacity": 10} for day in days]})
    regie = staff.post("/staff/regies", {"name": "Régie enfance"}).json()
    tariff = staff.post("/staff/tariffs", {"regie_id": regie["id"], "activity_id": activity["id"], "unit": "journee",
                                           "rule": "flat", "amount_cents": 1800,
                                           "valid_from": today.replace(day=1).isoformat()})
    assert tariff.status_code == 201, tariff.text

    family = new_family(staff, stack, "DURAND", ("Diane",))
    parent, child_id, family_id = family["parent"], family["child_id"], family["family"]["id"]
    assert parent.post("/enrolments", {"child_id": child_id, "activity_id": activity["id"]}).status_code == 201
    assert book(parent, child_id, activity["id"], days[0]) == ("accepted", None)
    wait_until(lambda: parent.get("/account").json()["uninvoiced_cents"] == 1800, what="the consumption")

    with ClusterRpcProxy({"AMQP_URI": stack.amqp_uri}, timeout=60) as rpc:
        # An invoice issued 40 days ago and due 10 days ago: overdue at once.
        run = rpc.billing.start_invoicing_run(STAFF_CALLER, {
            "regie_id": regie["id"], "period_start": days[0].isoformat(), "period_end": days[0].isoformat(),
            "issued_on": (today - timedelta(days=40)).isoformat(), "due_on": (today - timedelta(days=10)).isoformat()})
        wait_until(lambda: rpc.billing.get_invoicing_run(STAFF_CALLER, run["id"])["status"] == "completed",
                   what="the invoicing run")
        assert parent.get("/account").json() == {"due_cents": 1800, "credit_cents": 0, "balance_cents": -1800,
                                                  "uninvoiced_cents": 0}
        rpc.billing.review_accounts(STAFF_CALLER)  # publishes if the run's own publication has not
        wait_until(lambda: family_in_debt(stack, family_id) is True, what="reservations to learn the debt")
        assert book(parent, child_id, activity["id"], days[1]) == ("refused", "account_in_debt")

        rpc.billing.record_payment(STAFF_CALLER, {
            "family_id": family_id, "regie_id": regie["id"], "method": "cheque", "amount_cents": 1800,
            "received_on": today.isoformat(), "piece_number": "CHQ 0001", "payer": "Alix DURAND"})
    wait_until(lambda: family_in_debt(stack, family_id) is False, what="reservations to learn the payment")
    assert book(parent, child_id, activity["id"], days[1]) == ("accepted", None)

    issued = today - timedelta(days=40)
    years = sorted({school_year(issued), school_year(today)})
    operations = [op for year in years for op in parent.get(f"/statement?school_year={year}").json()["operations"]]
    assert [(op["kind"], op["debit_cents"], op["credit_cents"]) for op in operations] == [
        ("invoice", 1800, 0), ("payment", 0, 1800)]
