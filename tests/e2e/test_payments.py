"""A parent pays an invoice online through the sandbox bank, on the whole stack: the bank's signed
notification applies it once (sent again, it credits nothing more), and a forged one is refused."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import psycopg
import pytest
from psycopg.rows import dict_row

from services.billing import ledger
from services.billing.payments.providers import sandbox
from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD

pytestmark = pytest.mark.stack

TEMPORARY = "Provisoire-2026"
PASSWORD = "Paiement-2026x"


def new_parent(stack, staff: ApiClient) -> tuple[ApiClient, str]:
    login = f"payeur.{uuid.uuid4().hex[:6]}@example.org"
    created = staff.post("/staff/families", {
        "guardians": [{"civility": "Mme", "first_name": "Inès", "last_name": "Payeur", "email": login,
                       "phone": "0600000000"}],
        "children": [{"first_name": "Noé", "last_name": "Payeur", "birth_date": "2019-04-02"}],
        "quotient": 650, "temporary_password": TEMPORARY,
    })
    assert created.status_code == 201, created.text
    parent = ApiClient(stack.base_url)
    assert parent.login(login, TEMPORARY).status_code == 200
    changed = parent.post("/me/password", {"current_password": TEMPORARY, "new_password": PASSWORD})
    assert changed.status_code == 200, changed.text
    return parent, created.json()["id"]


def issue_invoice(stack, family_id: str, regie_id: str, total_cents: int) -> dict:
    """An issued invoice, written as an invoicing run would (its number from the régie's sequence)."""
    with psycopg.connect(stack.database_url("billing"), row_factory=dict_row) as conn:
        number = ledger.take_number(conn, regie_id, "invoice")
        invoice = {"id": str(uuid.uuid4()), "number": f"E2E-{regie_id[:8]}-{number:06d}"}
        issued = date.today()
        conn.execute(
            "INSERT INTO invoices (id, regie_id, sequence_number, number, family_id, period_start, period_end, "
            "issued_on, due_on, total_cents) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (invoice["id"], regie_id, number, invoice["number"], family_id, issued.replace(day=1), issued,
             issued, issued + timedelta(days=30), total_cents))
    return invoice


def open_payment(stack, staff: ApiClient, parent: ApiClient, family_id: str) -> dict:
    """A family's unpaid invoice and an online payment of it left pending (the isolation walk uses them)."""
    regie = staff.post("/staff/regies", {"name": f"Régie e2e {uuid.uuid4().hex[:4]}"}).json()
    invoice = issue_invoice(stack, family_id, regie["id"], 4000)
    online = parent.post("/payments", {"invoice_ids": [invoice["id"]], "email": "payeur@example.org"})
    assert online.status_code == 201, online.text
    return {"invoice_id": invoice["id"], "online_payment_id": online.json()["id"]}


def notify(stack, body: str, headers: dict):
    return ApiClient(stack.base_url).http.post(f"{stack.base_url}/api/v1/payments/notify/sandbox", data=body,
                                               headers=headers, timeout=30)


def test_a_parent_pays_through_the_sandbox_and_the_notification_applies_once(stack):
    staff = ApiClient(stack.base_url)
    assert staff.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    parent, family_id = new_parent(stack, staff)
    regie = staff.post("/staff/regies", {"name": f"Régie e2e {uuid.uuid4().hex[:4]}"})
    assert regie.status_code == 201, regie.text
    invoice = issue_invoice(stack, family_id, regie.json()["id"], 4500)

    too_little = parent.post("/payments", {"amount_cents": 1000, "regie_id": regie.json()["id"],
                                           "email": "payeur@example.org"})
    assert too_little.status_code == 422 and too_little.json()["error"]["code"] == "amount_below_minimum"
    started = parent.post("/payments", {"invoice_ids": [invoice["id"]], "email": "payeur@example.org"})
    assert started.status_code == 201, started.text
    online = started.json()
    assert online["status"] == "pending"
    assert online["redirect_url"] == f"{stack.base_url}/sandbox-bank/{online['id']}"

    # The parent pays at the sandbox bank (a web form): the bank notifies the portal, then sends her back.
    bank = parent.http.get(online["redirect_url"], timeout=30)
    assert bank.status_code == 200 and "Banque de test" in bank.text
    paid = parent.http.post(online["redirect_url"], data={"csrf_token": parent.csrf_token, "action": "paid"},
                            timeout=30)
    assert paid.status_code == 200 and paid.url.endswith(f"/payments/{online['id']}/return"), paid.url
    assert "Paiement accepté" in paid.text
    assert parent.get(f"/payments/{online['id']}").json()["status"] == "paid"

    # The same notification again: nothing more is credited.
    body, headers = sandbox.notification(online["id"], "paid", 4500)
    for _ in range(2):
        again = notify(stack, body, headers)
        assert again.status_code == 200 and again.json() == {"status": "paid"}
    history = parent.get("/payments").json()
    assert [(p["method"], p["amount_cents"], p["allocations"]) for p in history] == [
        ("card", 4500, [{"invoice_id": invoice["id"], "number": invoice["number"], "amount_cents": 4500}])]

    # Forged: a wrong signature, or none, is refused.
    forged = notify(stack, body, {**headers, sandbox.SIGNATURE_HEADER: "0" * 64})
    assert forged.status_code == 403 and forged.json()["error"]["code"] == "invalid_notification"
    assert notify(stack, body, {"Content-Type": "application/json"}).status_code == 403
    with psycopg.connect(stack.database_url("billing"), row_factory=dict_row) as conn:
        assert conn.execute("SELECT count(*) AS n FROM payments WHERE online_payment_id = %s",
                            (online["id"],)).fetchone()["n"] == 1
        outcomes = [row["outcome"] for row in conn.execute(
            "SELECT outcome FROM payment_notifications WHERE online_payment_id = %s OR online_payment_id IS NULL "
            "ORDER BY id", (online["id"],)).fetchall()]
    assert outcomes == ["applied", "duplicate", "duplicate", "forged", "forged"]


def test_a_parent_who_refuses_at_the_bank_pays_nothing(stack):
    staff = ApiClient(stack.base_url)
    assert staff.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    parent, family_id = new_parent(stack, staff)
    regie = staff.post("/staff/regies", {"name": f"Régie e2e {uuid.uuid4().hex[:4]}"}).json()
    invoice = issue_invoice(stack, family_id, regie["id"], 3500)
    online = parent.post("/payments", {"invoice_ids": [invoice["id"]], "email": "payeur@example.org"}).json()
    refused = parent.http.post(online["redirect_url"], data={"csrf_token": parent.csrf_token, "action": "refused"},
                               timeout=30)
    assert "La banque a refusé le paiement" in refused.text
    assert parent.get("/payments").json() == []
