"""The account statement of a school year: opening balance, invoices as debits, payments and credit
notes as credits, closing balance."""
import uuid

import pytest

from services.billing.tests.account_books import books  # noqa: F401  (fixture)
from services.billing.tests.conftest import STAFF, parent_of
from services.chassis.testing import refused


def test_a_school_year_statement(api, books):
    family_id = str(uuid.uuid4())
    regie = books.regie("Régie restauration")
    books.invoice(family_id, regie, "2025-07-01", "2025-07-31", [(None, "meal", 2500)])  # before: opening
    books.payment(family_id, regie, 1000, "2025-08-20")
    june = books.invoice(family_id, regie, "2025-10-01", "2025-10-31", [(None, "care", 8000)])
    books.payment(family_id, regie, 5000, "2025-10-12", piece_number="CHQ 1234567")
    note = books.credit_note(family_id, regie, june["id"], 500, "2025-10-15")
    books.invoice(family_id, regie, "2026-09-01", "2026-09-30", [(None, "care", 999)])  # after: next year

    statement = api.statement(parent_of(family_id), family_id, "2025-2026")
    assert statement["opening_balance_cents"] == -1500
    assert [(op["date"], op["kind"], op["reference"], op["regie"], op["debit_cents"], op["credit_cents"])
            for op in statement["operations"]] == [
        ("2025-10-01", "invoice", june["number"], "Régie restauration", 8000, 0),
        ("2025-10-12", "payment", "CHQ 1234567", "Régie restauration", 0, 5000),
        ("2025-10-15", "credit_note", note, "Régie restauration", 0, 500),
    ]
    assert statement["operations"][1]["method"] == "cheque"
    assert statement["closing_balance_cents"] == -1500 - 8000 + 5000 + 500
    # the closing balance of the years so far is the account's balance
    assert api.statement(STAFF, family_id, "2026-2027")["closing_balance_cents"] == \
        api.get_account(STAFF, family_id)["balance_cents"]


def test_an_empty_year(api):
    family_id = str(uuid.uuid4())
    assert api.statement(parent_of(family_id), family_id, "2024-2025") == {
        "school_year": "2024-2025", "opening_balance_cents": 0, "operations": [], "closing_balance_cents": 0}


@pytest.mark.parametrize("school_year", ["2025", "2025-2027", "2026-2025", "abcd-efgh", "", None])
def test_a_bad_school_year_is_refused(api, school_year):
    with refused(422, "invalid_input"):
        api.statement(STAFF, str(uuid.uuid4()), school_year)
