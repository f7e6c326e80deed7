"""The payment pages and API through the gateway, services in-process: choose → summary → the
sandbox bank → the return page; the wallet page; the staff's payment desk."""
import re

from services.billing.payments.providers import sandbox
from services.billing.tests.test_payments import issue_invoice, regie


def billing_sql():
    import psycopg
    from psycopg.rows import dict_row

    from services.chassis import config

    def query(statement, params=None):
        with psycopg.connect(config.database_url("billing"), row_factory=dict_row) as conn:
            cursor = conn.execute(statement, params)
            return cursor.fetchall() if cursor.description else []
    return query


def test_a_parent_pays_an_invoice_through_the_pages(staff, new_family, parent_of):
    family = new_family("Payeur")
    parent = parent_of(family)
    sql = billing_sql()
    regie_id = regie(sql, prepaid=True)
    invoice = issue_invoice(family["id"], regie_id, 4500)

    chosen = parent.get(f"/payments/new?invoice_ids={invoice['id']}")
    assert chosen.status_code == 200 and invoice["number"] in chosen.get_data(as_text=True)
    summary = parent.get(f"/payments/summary?purpose=invoices&invoice_ids={invoice['id']}&email=p%40example.org")
    assert summary.status_code == 200 and "45,00" in summary.get_data(as_text=True)
    started = parent.client.post("/payments", data={"csrf_token": parent.csrf, "invoice_ids": invoice["id"],
                                                    "purpose": "invoices", "email": "p@example.org"})
    assert started.status_code == 302 and "/sandbox-bank/" in started.location
    online_id = started.location.rsplit("/", 1)[1]
    bank = parent.get(f"/sandbox-bank/{online_id}")
    assert bank.status_code == 200 and "Payer" in bank.get_data(as_text=True)
    assert "attente" in parent.get(f"/payments/{online_id}/return").get_data(as_text=True)

    body, headers = sandbox.notification(online_id, "paid", 4500)
    notified = parent.client.post("/api/v1/payments/notify/sandbox", data=body, headers=headers)
    assert notified.status_code == 200 and notified.json == {"status": "paid"}
    assert "Paiement accepté" in parent.get(f"/payments/{online_id}/return").get_data(as_text=True)
    assert invoice["number"] in parent.get("/payments/history").get_data(as_text=True)
    assert parent.get("/api/v1/payments").json[0]["allocations"][0]["number"] == invoice["number"]

    wallets = parent.get("/wallets?until=2030-01-01")
    assert wallets.status_code == 200 and "Recharger" in wallets.get_data(as_text=True)
    assert parent.get("/api/v1/wallets?until=2030-01-01").json[0]["balance_cents"] == 0
    small = parent.post("/api/v1/payments", json={"amount_cents": 1000, "regie_id": regie_id, "purpose": "wallet",
                                                  "email": "p@example.org"})
    assert small.status_code == 422 and small.json["error"]["code"] == "amount_below_minimum"


def test_the_notification_endpoint_needs_no_session_but_a_signature(stack, app):
    client = app.test_client()
    body, headers = sandbox.notification("00000000-0000-0000-0000-000000000000", "paid", 4500)
    forged = client.post("/api/v1/payments/notify/sandbox", data=body,
                         headers={**headers, sandbox.SIGNATURE_HEADER: "bad"})
    assert forged.status_code == 403 and forged.json["error"]["code"] == "invalid_notification"


def test_staff_record_a_cheque_at_the_desk(staff, new_family):
    family = new_family("Guichet")
    sql = billing_sql()
    regie_id = regie(sql)
    invoice = issue_invoice(family["id"], regie_id, 4500)
    page = staff.get(f"/staff/payments?family_id={family['id']}")
    assert page.status_code == 200 and invoice["number"] in page.get_data(as_text=True)
    missing = staff.client.post("/staff/payments", data={
        "csrf_token": staff.csrf, "family_id": family["id"], "regie_id": regie_id, "method": "cheque",
        "amount": "45,00", "received_on": "2026-10-15"})
    assert missing.status_code == 422 and "numéro du chèque" in missing.get_data(as_text=True)
    recorded = staff.client.post("/staff/payments", data={
        "csrf_token": staff.csrf, "family_id": family["id"], "regie_id": regie_id, "method": "cheque",
        "amount": "45,00", "received_on": "2026-10-15", "piece_number": "0001234", "payer": "Mme Guichet"})
    assert recorded.status_code == 302
    assert re.search(r"0001234", staff.get(f"/staff/payments?family_id={family['id']}").get_data(as_text=True))
    api = staff.get(f"/api/v1/staff/payments?family_id={family['id']}").json
    assert [(p["method"], p["amount_cents"]) for p in api] == [("cheque", 4500)]
    assert staff.get("/staff/payments/mismatched").status_code == 200
    assert staff.get("/api/v1/staff/payments/mismatched").json == []
