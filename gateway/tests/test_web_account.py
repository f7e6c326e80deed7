"""The family's account pages and endpoints: balance, statement by school year, consumption history,
tax attestations as PDF; a parent reaches only their own."""

import pytest

from services.billing.tests.account_books import Books
from services.chassis import config, database


@pytest.fixture
def books(stack):
    pool = database.open_pool(config.database_url("billing"), min_size=1, max_size=2)
    yield Books(pool)
    pool.close()


@pytest.fixture
def paid_family(new_family, books):
    """A family with an invoice of 2025 for its youngest child's care, paid in 2025."""
    family = new_family("Dupont")
    regie = books.regie("Régie petite enfance")
    child = books.child(family["id"], "Léo", "2022-02-03")
    invoice = books.invoice(family["id"], regie, "2025-10-01", "2025-10-31", [(child, "care", 4000)])
    books.payment(family["id"], regie, 4000, "2025-10-20", piece_number="CHQ 42")
    return {**family, "invoice": invoice}


def test_the_parent_reads_account_statement_and_attestations(paid_family, parent_of):
    parent = parent_of(paid_family)
    assert parent.get("/api/v1/account").json == {"due_cents": 0, "credit_cents": 0, "balance_cents": 0,
                                                  "uninvoiced_cents": 0}
    statement = parent.get("/api/v1/statement?school_year=2025-2026").json
    assert [(op["kind"], op["reference"], op["debit_cents"], op["credit_cents"]) for op in statement["operations"]] \
        == [("invoice", paid_family["invoice"]["number"], 4000, 0), ("payment", "CHQ 42", 0, 4000)]
    [attestation] = parent.get("/api/v1/attestations").json
    assert (attestation["year"], attestation["available"], attestation["total_cents"]) == (2025, True, 4000)
    pdf = parent.get("/api/v1/attestations/2025/pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert parent.get("/api/v1/attestations/2024/pdf").status_code == 404

    for path, title in (("/account", "Mon compte"), ("/statement?school_year=2025-2026", "Relevé de compte"),
                        ("/consumptions", "Historique des consommations"), ("/attestations", "Attestations")):
        page = parent.get(path)
        assert page.status_code == 200 and title in page.get_data(as_text=True), path
    statement_page = parent.get("/statement?school_year=2025-2026").get_data(as_text=True)
    assert paid_family["invoice"]["number"] in statement_page and "CHQ 42" in statement_page
    assert "/attestations/2025/pdf" in parent.get("/attestations").get_data(as_text=True)
    assert parent.get("/attestations/2025/pdf").data.startswith(b"%PDF")


def test_another_family_gets_its_own_or_nothing(paid_family, new_family, parent_of, staff):
    other = parent_of(new_family("Martin"))
    slipped = f"family_id={paid_family['id']}"
    assert other.get(f"/api/v1/statement?school_year=2025-2026&{slipped}").json["operations"] == []
    assert other.get(f"/api/v1/attestations?{slipped}").json == []
    assert other.get(f"/api/v1/attestations/2025/pdf?{slipped}").status_code == 404
    # staff name the family
    assert staff.get(f"/api/v1/attestations?{slipped}").json[0]["total_cents"] == 4000


def test_a_bad_school_year_is_a_clear_422(paid_family, parent_of):
    response = parent_of(paid_family).get("/api/v1/statement?school_year=2025-2027")
    assert response.status_code == 422
    assert response.json["error"]["code"] == "invalid_input"
    assert "2025-2026" in str(response.json["error"]["details"])
