"""Invoices through the gateway: staff run the month's invoicing and follow it, a parent sees their
invoices (list, lines, PDF, pay link) and nobody else's, staff correct one with a credit note."""
import uuid

import pytest

from gateway.tests.conftest import hidden_field, wait_until
from services.billing.tests.invoicing_helpers import add_family


@pytest.fixture
def billing_sql(stack, service_sql):
    return service_sql("billing")


def test_staff_invoice_a_month_and_parents_see_only_their_invoices(staff, new_family, parent_of, billing_sql):
    dupont, martin = new_family("Dupont"), new_family("Martin")
    regie = staff.post("/api/v1/staff/regies", json={"name": "Régie périscolaire"}).json
    tariff = staff.post("/api/v1/staff/tariffs", json={
        "regie_id": regie["id"], "activity_id": str(uuid.uuid4()), "unit": "soir", "rule": "flat",
        "amount_cents": 350, "valid_from": "2026-01-01"})
    assert tariff.status_code == 201, tariff.json
    for family in (dupont, martin):
        add_family(billing_sql, regie["id"], ["2026-11-02", "2026-11-03"], tariff.json["activity_id"],
                   family_id=family["id"])

    started = staff.post("/api/v1/staff/invoicing-runs", json={
        "regie_id": regie["id"], "period_start": "2026-11-01", "period_end": "2026-11-30",
        "issued_on": "2026-12-01"})
    assert started.status_code == 202 and started.json["status"] == "running"
    run = wait_until(lambda: (lambda r: r if r["status"] != "running" else None)(
        staff.get(f"/api/v1/staff/invoicing-runs/{started.json['id']}").json))
    assert (run["status"], run["invoices_issued"], run["total_cents"]) == ("completed", 2, 1400)
    assert staff.get("/api/v1/staff/invoicing-runs").json[0]["id"] == run["id"]
    assert "Terminée" in staff.get(f"/staff/invoicing/runs/{run['id']}").get_data(as_text=True)
    assert "Régie périscolaire" in staff.get("/staff/invoicing").get_data(as_text=True)

    parent = parent_of(dupont)
    [invoice] = parent.get("/api/v1/invoices?status=unpaid").json
    assert (invoice["total_cents"], invoice["due_cents"], invoice["status"], len(invoice["lines"])) == (
        700, 700, "unpaid", 2)
    assert parent.get("/api/v1/invoices?status=paid").json == []
    assert parent.get("/api/v1/invoices?status=nope").status_code == 422
    assert parent.get(f"/api/v1/invoices/{invoice['id']}").json == invoice
    pdf = parent.get(f"/api/v1/invoices/{invoice['id']}/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")

    page = parent.get("/invoices").get_data(as_text=True)
    assert invoice["number"] in page and f"/invoices/{invoice['id']}/pdf" in page
    assert f"/payments/new?invoice_ids={invoice['id']}" in page
    assert "Accueil du soir" in parent.get(f"/invoices/{invoice['id']}").get_data(as_text=True)

    [their_invoice] = staff.get(f"/api/v1/staff/invoices?family_id={martin['id']}").json
    for path in (f"/api/v1/invoices/{their_invoice['id']}", f"/api/v1/invoices/{their_invoice['id']}/pdf",
                 f"/api/v1/invoices/{uuid.uuid4()}", f"/invoices/{their_invoice['id']}"):
        assert parent.get(path).status_code == 404, path
    assert parent.get(f"/api/v1/staff/invoices?family_id={dupont['id']}").status_code == 403
    assert parent.post("/api/v1/staff/invoicing-runs", json={"regie_id": regie["id"]}).status_code == 403

    refused = staff.post(f"/api/v1/staff/invoices/{invoice['id']}/credit-notes",
                         json={"amount_cents": 800, "reason": "Erreur"})
    assert refused.status_code == 422 and refused.json["error"]["code"] == "invalid_input"
    corrected = staff.post(f"/api/v1/staff/invoices/{invoice['id']}/credit-notes",
                           json={"amount_cents": 350, "reason": "Absence justifiée"})
    assert corrected.status_code == 201 and corrected.json["due_cents"] == 350
    assert "Absence justifiée" in parent.get(f"/invoices/{invoice['id']}").get_data(as_text=True)
    assert invoice["number"] in staff.get(f"/staff/invoicing/invoices?family_id={dupont['id']}").get_data(as_text=True)

    # The same through the staff pages: a credit note, then a run of the next month.
    page = staff.get(f"/staff/invoicing/invoices/{invoice['id']}").get_data(as_text=True)
    token = hidden_field(page, "csrf_token")
    wrong = staff.client.post(f"/staff/invoicing/invoices/{invoice['id']}/credit-notes",
                              data={"csrf_token": token, "amount": "abc", "reason": "Erreur"})
    assert wrong.status_code == 422 and "Indiquez un montant" in wrong.get_data(as_text=True)
    credited = staff.client.post(f"/staff/invoicing/invoices/{invoice['id']}/credit-notes",
                                 data={"csrf_token": token, "amount": "1,50", "reason": "Arrondi"})
    assert credited.status_code == 302
    assert staff.get(f"/api/v1/invoices/{invoice['id']}?family_id={dupont['id']}").json["due_cents"] == 200
    started_page = staff.client.post("/staff/invoicing/runs", data={
        "csrf_token": token, "regie_id": regie["id"], "period_start": "2026-12-01", "period_end": "2026-12-31"})
    assert started_page.status_code == 302 and "/staff/invoicing/runs/" in started_page.headers["Location"]
