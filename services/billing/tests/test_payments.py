"""Payments through billing's real entrypoints: staff payments allocated oldest invoice first, online
payments through the sandbox applied exactly once, forged and mismatched notifications, expiry."""
import uuid
from datetime import date, datetime, timedelta

import eventlet
import psycopg
import pytest
from nameko.testing.services import entrypoint_hook
from psycopg.rows import dict_row

from services.billing import ledger
from services.billing.payments.providers import sandbox
from services.billing.tests.conftest import STAFF, parent_of
from services.chassis import config
from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel


# --- set-up: a régie, a family and invoices, written as the invoicing area would ------------------

def regie(sql, minimum_cents=3000, prepaid=False, numcli=None, name="Régie périscolaire") -> str:
    regie_id = str(uuid.uuid4())
    sql("INSERT INTO regies (id, name, minimum_payment_cents, prepaid, payfip_numcli) VALUES (%s, %s, %s, %s, %s)",
        (regie_id, name, minimum_cents, prepaid, numcli))
    return regie_id


def new_family(sql, name="Martin") -> str:
    family_id = str(uuid.uuid4())
    sql("INSERT INTO families (id, number, display_name) VALUES (%s, %s, %s)",
        (family_id, f"F{uuid.uuid4().hex[:6]}", f"Famille {name}"))
    return family_id


def issue_invoice(family_id, regie_id, total_cents, issued_on="2026-10-01") -> dict:
    """An issued invoice with its number from the régie's sequence (ledger.take_number)."""
    with psycopg.connect(config.database_url("billing"), row_factory=dict_row) as conn:
        number = ledger.take_number(conn, regie_id, "invoice")
        invoice_id = str(uuid.uuid4())
        issued = date.fromisoformat(issued_on)
        conn.execute(
            "INSERT INTO invoices (id, regie_id, sequence_number, number, family_id, period_start, period_end, "
            "issued_on, due_on, total_cents) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (invoice_id, regie_id, number, f"F-{regie_id[:4]}-{number:06d}", family_id, issued.replace(day=1),
             issued, issued, issued + timedelta(days=30), total_cents))
    return {"id": invoice_id, "number": f"F-{regie_id[:4]}-{number:06d}"}


def due(sql, invoice_id) -> int:
    return sql("SELECT due_cents FROM invoice_balances WHERE invoice_id = %s", (invoice_id,))[0]["due_cents"]


def notify(api, online_payment_id, outcome, amount_cents, signature=None):
    body, headers = sandbox.notification(online_payment_id, outcome, amount_cents)
    if signature is not None:
        headers = {**headers, sandbox.SIGNATURE_HEADER: signature}
    return api.payment_notification("sandbox", body, headers)


@pytest.fixture
def books(sql):
    regie_id = regie(sql)
    family_id = new_family(sql)
    return {"regie_id": regie_id, "family_id": family_id, "parent": parent_of(family_id)}


# --- staff payments -------------------------------------------------------------------------------

def test_a_cheque_pays_the_oldest_invoices_first_and_the_rest_is_credit(api, sql, books, event_log):
    events = event_log("billing", "#")
    older = issue_invoice(books["family_id"], books["regie_id"], 4000, "2026-09-01")
    newer = issue_invoice(books["family_id"], books["regie_id"], 3000, "2026-10-01")

    payment = api.record_payment(STAFF, {
        "family_id": books["family_id"], "regie_id": books["regie_id"], "method": "cheque", "amount_cents": 5000,
        "received_on": "2026-10-15", "piece_number": "1234567", "payer": "M. Martin", "bank": "Banque Postale"})

    assert [(a["number"], a["amount_cents"]) for a in payment["allocations"]] == [
        (older["number"], 4000), (newer["number"], 1000)]
    assert (due(sql, older["id"]), due(sql, newer["id"])) == (0, 2000)
    second = api.record_payment(STAFF, {
        "family_id": books["family_id"], "regie_id": books["regie_id"], "method": "cash", "amount_cents": 2500,
        "received_on": "2026-10-20"})
    assert second["allocations"] == [{"invoice_id": newer["id"], "number": newer["number"], "amount_cents": 2000}]
    assert second["unallocated_cents"] == 500  # an overpayment is credit

    history = api.list_payments(books["parent"], books["family_id"])
    assert [(p["received_on"], p["method"], p["piece_number"], p["payer"], p["bank"], p["amount_cents"])
            for p in history] == [("2026-10-20", "cash", None, None, None, 2500),
                                  ("2026-10-15", "cheque", "1234567", "M. Martin", "Banque Postale", 5000)]
    names = [event["name"] for event in events.take(4)]
    assert names == ["balance.changed", "payment.received", "balance.changed", "payment.received"]


def test_staff_payment_input_is_checked_and_changes_nothing(api, sql, books):
    base = {"family_id": books["family_id"], "regie_id": books["regie_id"], "method": "cheque",
            "amount_cents": 1000, "received_on": "2026-10-15"}
    with refused(422) as missing_number:
        api.record_payment(STAFF, base)
    assert "piece_number" in missing_number.value.details["fields"]
    with refused(422):
        api.record_payment(STAFF, {**base, "method": "bitcoin", "piece_number": "1"})
    with refused(422):
        api.record_payment(STAFF, {**base, "amount_cents": 0, "piece_number": "1"})
    with refused(404):
        api.record_payment(STAFF, {**base, "family_id": str(uuid.uuid4()), "piece_number": "1"})
    with refused(403):
        api.record_payment(books["parent"], {**base, "piece_number": "1"})
    assert sql("SELECT count(*) AS n FROM payments")[0]["n"] == 0


def test_a_family_sees_only_its_own_payments(api, sql, books):
    other = new_family(sql, "Durand")
    with refused(404):
        api.list_payments(books["parent"], other)


# --- online payments ------------------------------------------------------------------------------

def start(api, books, **payload):
    return api.start_online_payment(books["parent"], books["family_id"], {"email": "parent@example.org", **payload})


def test_a_sandbox_payment_notified_a_hundred_times_credits_once(api, sql, books, event_log):
    events = event_log("billing", "payment.*")
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    assert online["status"] == "pending" and online["amount_cents"] == 4500
    assert online["redirect_url"].endswith(f"/sandbox-bank/{online['id']}")

    statuses = {notify(api, online["id"], "paid", 4500)["status"] for _ in range(100)}

    assert statuses == {"paid"}
    assert sql("SELECT count(*) AS n FROM payments")[0]["n"] == 1
    assert due(sql, invoice["id"]) == 0
    [received] = events.take(1)
    assert received["name"] == "payment.received"
    assert received["data"]["email"] == "parent@example.org" and received["data"]["amount_cents"] == 4500
    events.assert_quiet()
    outcomes = sql("SELECT outcome, count(*) AS n FROM payment_notifications GROUP BY outcome ORDER BY outcome")
    assert outcomes == [{"outcome": "applied", "n": 1}, {"outcome": "duplicate", "n": 99}]
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "paid"


def test_concurrent_notifications_credit_once(api, sql, books, rpc_proxy):
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    proxies = [rpc_proxy("billing") for _ in range(8)]  # one call each: a proxy is not shared
    pool = eventlet.GreenPool()
    results = list(pool.imap(lambda proxy: notify(proxy, online["id"], "paid", 4500), proxies))
    assert {result["status"] for result in results} == {"paid"}
    assert sql("SELECT count(*) AS n, sum(amount_cents) AS total FROM payments")[0] == {"n": 1, "total": 4500}


def test_a_forged_notification_is_refused_logged_and_changes_nothing(api, sql, books):
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    with refused(403, "invalid_notification"):
        notify(api, online["id"], "paid", 4500, signature="0" * 64)
    with refused(403, "invalid_notification"):
        api.payment_notification("sandbox", '{"online_payment_id": "%s", "outcome": "paid", "amount_cents": 4500}'
                                 % online["id"], {})
    assert sql("SELECT verified, outcome FROM payment_notifications") == [
        {"verified": False, "outcome": "forged"}, {"verified": False, "outcome": "forged"}]
    assert sql("SELECT count(*) AS n FROM payments")[0]["n"] == 0
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "pending"


def test_an_amount_that_does_not_match_is_flagged_for_staff_and_not_applied(api, sql, books):
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    assert notify(api, online["id"], "paid", 450)["status"] == "mismatch"
    assert notify(api, online["id"], "paid", 4500)["status"] == "mismatch"  # decided: staff look at it
    assert sql("SELECT count(*) AS n FROM payments")[0]["n"] == 0
    [flagged] = api.list_mismatched_payments(STAFF)
    assert flagged["id"] == online["id"] and flagged["amount_cents"] == 4500
    assert flagged["result"]["amount_cents"] == 450 and flagged["family_name"] == "Famille Martin"
    with refused(403):
        api.list_mismatched_payments(books["parent"])


def test_a_refused_payment_fails_and_the_invoice_stays_due(api, sql, books, event_log):
    events = event_log("billing", "payment.*")
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    assert notify(api, online["id"], "refused", 4500)["status"] == "refused"
    [failed] = events.take(1)
    assert failed["name"] == "payment.failed" and failed["data"]["status"] == "refused"
    assert due(sql, invoice["id"]) == 4500


def test_what_may_be_paid_online(api, sql, books):
    small = issue_invoice(books["family_id"], books["regie_id"], 2000)
    with refused(422, "amount_below_minimum") as below:
        start(api, books, invoice_ids=[small["id"]])
    assert below.value.details == {"minimum_cents": 3000}
    other_family = new_family(sql, "Durand")
    theirs = issue_invoice(other_family, books["regie_id"], 5000)
    with refused(404):
        start(api, books, invoice_ids=[theirs["id"]])
    with refused(404):
        api.start_online_payment(books["parent"], other_family, {"email": "x@example.org", "amount_cents": 5000,
                                                                 "regie_id": books["regie_id"]})
    other_regie = regie(sql, name="Régie restauration")
    mine = issue_invoice(books["family_id"], books["regie_id"], 5000)
    elsewhere = issue_invoice(books["family_id"], other_regie, 5000)
    with refused(422, "several_regies"):
        start(api, books, invoice_ids=[mine["id"], elsewhere["id"]])
    api.record_payment(STAFF, {"family_id": books["family_id"], "regie_id": other_regie, "method": "cash",
                               "amount_cents": 5000, "received_on": "2026-10-15"})
    with refused(409, "invoice_paid"):
        start(api, books, invoice_ids=[elsewhere["id"]])
    with refused(422, "amount_above_balance"):
        start(api, books, amount_cents=99999, regie_id=books["regie_id"])
    with refused(422, "not_prepaid"):
        start(api, books, amount_cents=5000, regie_id=books["regie_id"], purpose="wallet")
    with refused(422):
        start(api, books, invoice_ids=[mine["id"]], email="nope")
    assert sql("SELECT count(*) AS n FROM online_payments")[0]["n"] == 0


def test_the_whole_balance_pays_the_oldest_invoices(api, sql, books):
    older = issue_invoice(books["family_id"], books["regie_id"], 2000, "2026-09-01")
    newer = issue_invoice(books["family_id"], books["regie_id"], 3000, "2026-10-01")
    online = start(api, books, amount_cents=5000, regie_id=books["regie_id"])
    assert online["purpose"] == "balance"
    notify(api, online["id"], "paid", 5000)
    assert (due(sql, older["id"]), due(sql, newer["id"])) == (0, 0)


def test_chosen_invoices_are_paid_before_older_ones(api, sql, books):
    older = issue_invoice(books["family_id"], books["regie_id"], 4000, "2026-09-01")
    chosen = issue_invoice(books["family_id"], books["regie_id"], 3000, "2026-10-01")
    online = start(api, books, invoice_ids=[chosen["id"]])
    notify(api, online["id"], "paid", 3000)
    assert (due(sql, older["id"]), due(sql, chosen["id"])) == (4000, 0)


def test_a_payment_never_confirmed_expires(billing, api, sql, books, event_log):
    events = event_log("billing", "payment.*")
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    travel(billing, datetime.now(PARIS) + timedelta(minutes=10))
    with entrypoint_hook(billing, "check_online_payments") as check:
        check()
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "pending"
    travel(billing, datetime.now(PARIS) + timedelta(minutes=21))
    with entrypoint_hook(billing, "check_online_payments") as check:
        check()
    assert api.get_online_payment(books["parent"], online["id"])["status"] == "expired"
    [failed] = events.take(1)
    assert failed["name"] == "payment.failed" and failed["data"]["status"] == "expired"


def test_the_return_page_data_is_the_family_s_own(api, sql, books):
    invoice = issue_invoice(books["family_id"], books["regie_id"], 4500)
    online = start(api, books, invoice_ids=[invoice["id"]])
    shown = api.get_online_payment(books["parent"], online["id"])
    assert shown["invoice_numbers"] == [invoice["number"]] and shown["status"] == "pending"
    with refused(404):
        api.get_online_payment(parent_of(str(uuid.uuid4())), online["id"])
    with refused(404):
        api.get_online_payment(books["parent"], str(uuid.uuid4()))


def test_what_the_family_may_pay_is_listed_oldest_first(api, sql, books):
    newer = issue_invoice(books["family_id"], books["regie_id"], 3000, "2026-10-01")
    older = issue_invoice(books["family_id"], books["regie_id"], 4000, "2026-09-01")
    issue_invoice(new_family(sql, "Durand"), books["regie_id"], 9999)
    options = api.payment_options(books["parent"], books["family_id"])
    assert [(i["number"], i["due_cents"]) for i in options["invoices"]] == [
        (older["number"], 4000), (newer["number"], 3000)]
    assert options["regies"] == [{"regie_id": books["regie_id"], "regie": "Régie périscolaire", "due_cents": 7000,
                                  "minimum_payment_cents": 3000, "prepaid": False}]
