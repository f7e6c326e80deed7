"""The family's account from the ledger, its consumption months, and the review that publishes the
debt status changed by time (an invoice falling overdue) and nothing else."""
import uuid
from datetime import datetime, timezone

import pytest

from services.billing.tests.account_books import books  # noqa: F401  (fixture)
from services.billing.tests.conftest import STAFF, booking, parent_of, set_flat
from services.chassis.testing import refused, travel

JUNE_1 = datetime(2026, 6, 1, 8, 0, tzinfo=timezone.utc)


@pytest.fixture
def family_id():
    return str(uuid.uuid4())


def test_the_account_is_the_ledger_balance(api, books, family_id):
    regie = books.regie()
    books.invoice(family_id, regie, "2026-05-01", "2026-05-31", [(None, "care", 10000)])
    books.payment(family_id, regie, 3000, "2026-05-10")
    assert api.get_account(parent_of(family_id), family_id) == {
        "due_cents": 7000, "credit_cents": 0, "balance_cents": -7000, "uninvoiced_cents": 0}
    books.payment(family_id, regie, 9000, "2026-05-20")
    assert api.get_account(parent_of(family_id), family_id) == {
        "due_cents": 0, "credit_cents": 2000, "balance_cents": 2000, "uninvoiced_cents": 0}


def test_the_account_summary_answers_as_get_account_and_unpaid_invoices(api, books, family_id):
    regie = books.regie()
    books.invoice(family_id, regie, "2026-04-01", "2026-04-30", [(None, "care", 2000)])
    books.invoice(family_id, regie, "2026-05-01", "2026-05-31", [(None, "care", 10000)])
    books.payment(family_id, regie, 5000, "2026-05-10")
    for caller in (parent_of(family_id), STAFF):
        summary = api.account_summary(caller, family_id)
        assert summary == {"account": api.get_account(caller, family_id),
                           "unpaid_invoices": api.list_invoices(caller, family_id, "unpaid")}
    assert summary["account"]["balance_cents"] == -7000
    assert summary["unpaid_invoices"] and sum(i["due_cents"] for i in summary["unpaid_invoices"]) == 7000


def test_wallet_top_ups_are_not_account_credit(api, books, family_id):
    books.payment(family_id, books.regie(), 5000, "2026-05-10", method="card", to_wallet=True)
    assert api.get_account(STAFF, family_id)["credit_cents"] == 0


def test_consumption_months_are_listed_newest_first(api, handle, family):
    set_flat(api, family, 350, "2026-09-01")
    for day in ("2026-11-03", "2026-12-09", "2026-12-10"):
        handle("reservations", "booking.accepted", booking(family, day))
    assert api.consumption_months(parent_of(family["family_id"]), family["family_id"]) == ["2026-12", "2026-11"]
    assert api.list_consumptions(STAFF, family["family_id"], "2026-11")["total_cents"] == 350


def test_another_family_sees_nothing(api, books, family_id):
    stranger = parent_of(str(uuid.uuid4()))
    for call in (lambda: api.get_account(stranger, family_id),
                 lambda: api.account_summary(stranger, family_id),
                 lambda: api.account_summary(stranger, "pas-un-uuid"),
                 lambda: api.consumption_months(stranger, family_id),
                 lambda: api.statement(stranger, family_id, "2025-2026"),
                 lambda: api.list_attestations(stranger, family_id),
                 lambda: api.attestation_pdf(stranger, family_id, 2025)):
        with refused(404, "not_found"):
            call()


def test_the_review_publishes_a_debt_when_an_invoice_falls_overdue_and_once(api, billing, books, family_id,
                                                                          event_log):
    travel(billing, JUNE_1)
    regie = books.regie()
    books.invoice(family_id, regie, "2026-05-15", "2026-06-14", [(None, "care", 4200)])
    log = event_log("billing", "balance.changed")
    assert api.review_accounts(STAFF)["balances_published"] == 0  # not due yet

    travel(billing, datetime(2026, 6, 15, 8, 0, tzinfo=timezone.utc))
    assert api.review_accounts(STAFF)["balances_published"] == 1
    [event] = log.take(1)
    assert event["data"] == {"family_id": family_id, "due_cents": 4200, "credit_cents": 0, "balance_cents": -4200,
                             "overdue_cents": 4200, "in_debt": True}
    assert api.review_accounts(STAFF)["balances_published"] == 0  # nothing changed since
    log.assert_quiet(0.5)

    books.payment(family_id, regie, 4200, "2026-06-16")  # here without its own publication
    assert api.review_accounts(STAFF)["balances_published"] == 1
    assert log.take(1)[0]["data"]["in_debt"] is False
    assert api.review_accounts(STAFF)["balances_published"] == 0


def test_the_review_publishes_nothing_a_transaction_already_published(api, billing, books, family_id, sql,
                                                                     event_log):
    travel(billing, datetime(2026, 6, 15, 8, 0, tzinfo=timezone.utc))
    sql("INSERT INTO families (id, number, display_name) VALUES (%s, 'F-0007', 'Famille Martin')", (family_id,))
    regie = books.regie()
    books.invoice(family_id, regie, "2026-05-01", "2026-05-31", [(None, "care", 4200)])
    log = event_log("billing", "balance.changed")
    assert api.review_accounts(STAFF)["balances_published"] == 1
    assert log.take(1)[0]["data"]["in_debt"] is True
    api.record_payment(STAFF, {"family_id": family_id, "regie_id": regie, "method": "cash", "amount_cents": 4200,
                               "received_on": "2026-06-15"})
    assert log.take(1)[0]["data"]["in_debt"] is False  # the payment's own publication
    assert api.review_accounts(STAFF)["balances_published"] == 0
    log.assert_quiet(0.5)


def test_only_staff_run_the_review(api, family_id):
    with refused(403, "forbidden"):
        api.review_accounts(parent_of(family_id))
