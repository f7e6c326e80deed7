"""Invoicing runs through the real service: real PostgreSQL, real RabbitMQ, runs in the background."""
import base64
import threading
import uuid

import psycopg
import pytest

from services.billing.invoicing import runs as invoicing_runs
from services.billing.tests.conftest import STAFF, parent_of
from services.billing.tests.invoicing_helpers import (add_consumption, add_family, flat_activity, new_regie,
                                                      run_month, wait_for_run)
from services.chassis import config
from services.chassis.errors import ServiceError
from services.chassis.testing import refused

NOVEMBER = ["2026-11-02", "2026-11-03", "2026-11-30"]


@pytest.fixture
def groups_of_25(monkeypatch):
    """Runs invoice 25 families per transaction, so a few dozen families make several groups."""
    monkeypatch.setattr(invoicing_runs, "GROUP_SIZE", 25)


def numbers(sql, regie_id):
    return [row["sequence_number"] for row in sql(
        "SELECT sequence_number FROM invoices WHERE regie_id = %s ORDER BY sequence_number", (regie_id,))]


def test_a_run_issues_one_invoice_per_family_with_its_lines_number_and_due_date(api, sql, billing):
    regie = new_regie(api, code="PERI", due_days=15)
    other_regie = new_regie(api, "Régie cantine")
    evening, lunch = flat_activity(api, regie["id"], 350), flat_activity(api, regie["id"], 500)
    martin = add_family(sql, regie["id"], NOVEMBER, evening)
    add_family(sql, regie["id"], ["2026-11-10"], lunch, name="Famille Durand")
    add_family(sql, regie["id"], ["2026-11-10"], lunch, billable=False)  # excused at roll call
    add_family(sql, regie["id"], ["2026-12-01"], lunch)  # next month
    add_family(sql, other_regie["id"], ["2026-11-10"], flat_activity(api, other_regie["id"], 500))

    started = api.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": "2026-11-01",
                                              "period_end": "2026-11-30", "issued_on": "2026-12-01"})
    assert started["families_total"] == 2 and started["due_on"] == "2026-12-16"
    run = wait_for_run(api, started["id"])
    assert (run["status"], run["families_done"], run["invoices_issued"], run["total_cents"]) == (
        "completed", 2, 2, 1550)
    assert api.list_invoicing_runs(STAFF, regie["id"])[0]["id"] == run["id"]

    [invoice] = api.list_invoices(parent_of(martin), martin)
    assert invoice["number"] in ("PERI-F000001", "PERI-F000002")
    assert sorted(numbers(sql, regie["id"])) == [1, 2]
    assert {key: invoice[key] for key in ("regie", "period_start", "period_end", "issued_on", "due_on",
                                          "total_cents", "paid_cents", "due_cents", "status")} == {
        "regie": "Régie périscolaire", "period_start": "2026-11-01", "period_end": "2026-11-30",
        "issued_on": "2026-12-01", "due_on": "2026-12-16", "total_cents": 1050, "paid_cents": 0,
        "due_cents": 1050, "status": "unpaid"}
    assert invoice["lines"][0] == {"date": "2026-11-02", "child": "Léa", "activity": "Accueil du soir",
                                   "unit": "soir", "quantity": 1, "unit_price_cents": 350, "amount_cents": 350}
    assert len(invoice["lines"]) == 3 and invoice["credit_notes"] == []
    assert sql("SELECT count(*) AS n FROM consumptions WHERE family_id = %s AND invoice_id = %s",
               (martin, invoice["id"]))[0]["n"] == 3
    [issued] = sql("SELECT body FROM outbox WHERE type = 'invoice.issued' AND body->>'subject' = %s",
                   (invoice["id"],))
    assert {key: issued["body"]["data"][key] for key in ("number", "family_id", "total_cents", "due_on")} == {
        "number": invoice["number"], "family_id": martin, "total_cents": 1050, "due_on": "2026-12-16"}
    [balance] = sql("SELECT body FROM outbox WHERE type = 'balance.changed' AND body->>'subject' = %s", (martin,))
    assert balance["body"]["data"]["due_cents"] == 1050 and balance["body"]["data"]["in_debt"] is False


def test_a_run_charges_a_package_once_per_period(api, sql):
    # The run claims the consumptions before pricing them: they must not count as an earlier invoice.
    regie = new_regie(api)
    activity = str(uuid.uuid4())
    api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": activity, "unit": "soir", "rule": "package",
                           "amount_cents": 6000, "parameters": {"period": "week"}, "valid_from": "2026-01-01"})
    family = add_family(sql, regie["id"], NOVEMBER, activity)  # weeks of Monday 2 and Monday 30 November

    run = run_month(api, regie["id"])

    assert (run["status"], run["invoices_issued"], run["total_cents"]) == ("completed", 1, 12000)
    [invoice] = api.list_invoices(parent_of(family), family)
    assert [(line["date"], line["amount_cents"]) for line in invoice["lines"]] == [
        ("2026-11-02", 0), ("2026-11-03", 0), ("2026-11-30", 0), ("2026-11-02", 6000), ("2026-11-30", 6000)]


def test_a_second_run_invoices_only_what_is_left_and_numbers_go_on(api, sql):
    regie = new_regie(api)
    family = add_family(sql, regie["id"], NOVEMBER, flat_activity(api, regie["id"]))
    run_month(api, regie["id"])
    child = sql("SELECT child_id FROM consumptions WHERE family_id = %s LIMIT 1", (family,))[0]["child_id"]
    add_consumption(sql, regie["id"], family, str(child), "2026-11-20", flat_activity(api, regie["id"], 420))

    again = run_month(api, regie["id"])
    assert (again["status"], again["invoices_issued"], again["total_cents"]) == ("completed", 1, 420)
    assert numbers(sql, regie["id"]) == [1, 2]
    assert run_month(api, regie["id"])["invoices_issued"] == 0


def test_a_parent_reaches_only_their_invoices(api, sql):
    regie = new_regie(api)
    activity = flat_activity(api, regie["id"])
    mine, theirs = add_family(sql, regie["id"], NOVEMBER, activity), add_family(sql, regie["id"], NOVEMBER, activity)
    run_month(api, regie["id"])
    [their_invoice] = api.list_invoices(STAFF, theirs)
    parent = parent_of(mine)
    for call in (lambda: api.get_invoice(parent, their_invoice["id"]),
                 lambda: api.invoice_pdf(parent, their_invoice["id"]),
                 lambda: api.list_invoices(parent, theirs),
                 lambda: api.get_invoice(parent, "not-an-id")):
        with refused(404):
            call()
    with refused(403):
        api.start_invoicing_run(parent, {"regie_id": regie["id"], "period_start": "2026-11-01",
                                         "period_end": "2026-11-30"})
    [my_invoice] = api.list_invoices(parent, mine, "unpaid")
    assert api.list_invoices(parent, mine, "paid") == []
    assert api.get_invoice(parent, my_invoice["id"]) == my_invoice
    pdf = api.invoice_pdf(parent, my_invoice["id"])
    assert pdf["filename"] == f"facture-{my_invoice['number']}.pdf"
    assert base64.b64decode(pdf["content_base64"]).startswith(b"%PDF-")


def test_bad_input_is_refused_in_french_and_starts_nothing(api, sql):
    regie = new_regie(api)
    with refused(422) as info:
        api.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": "2026-11-30",
                                        "period_end": "2026-11-01"})
    assert info.value.details["fields"]["period_end"] == ["La fin de la période précède son début."]
    with refused(422):
        api.start_invoicing_run(STAFF, {"regie_id": str(uuid.uuid4()), "period_start": "2026-11-01",
                                        "period_end": "2026-11-30"})
    with refused(404):
        api.get_invoicing_run(STAFF, str(uuid.uuid4()))
    assert sql("SELECT count(*) AS n FROM invoicing_runs")[0]["n"] == 0


def test_two_runs_started_at_once_share_one_gapless_sequence(api, sql, rpc_proxy, groups_of_25):
    regie = new_regie(api)
    activity = flat_activity(api, regie["id"])
    october = [add_family(sql, regie["id"], ["2026-10-05", "2026-10-06"], activity) for _ in range(40)]
    november = [add_family(sql, regie["id"], NOVEMBER, activity) for _ in range(40)]
    started, barrier = {}, threading.Barrier(2)

    def start(month, first, last):
        proxy = rpc_proxy("billing")
        barrier.wait()
        started[month] = proxy.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": first,
                                                           "period_end": last})

    threads = [threading.Thread(target=start, args=("10", "2026-10-01", "2026-10-31")),
               threading.Thread(target=start, args=("11", "2026-11-01", "2026-11-30"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    runs = [wait_for_run(api, started[month]["id"]) for month in ("10", "11")]

    assert [run["invoices_issued"] for run in runs] == [40, 40]
    assert numbers(sql, regie["id"]) == list(range(1, 81))
    assert sql("SELECT count(DISTINCT number) AS n FROM invoices")[0]["n"] == 80
    assert sql("SELECT count(*) AS n FROM consumptions WHERE invoice_id IS NULL")[0]["n"] == 0
    assert len(october) + len(november) == sql("SELECT count(DISTINCT family_id) AS n FROM invoices")[0]["n"]


def test_a_run_of_a_period_overlapping_a_running_one_is_refused(api, sql):
    regie = new_regie(api)
    sql("INSERT INTO invoicing_runs (id, regie_id, period_start, period_end, issued_on, due_on, status, "
        "started_at) VALUES (%s, %s, '2026-11-01', '2026-11-30', '2026-12-01', '2026-12-31', 'running', now())",
        (str(uuid.uuid4()), regie["id"]))
    with refused(409, "run_in_progress"):
        api.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": "2026-11-15",
                                        "period_end": "2026-12-15"})
    assert api.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": "2026-12-01",
                                           "period_end": "2026-12-31"})["status"] == "running"


@pytest.fixture
def failing_family(sql):
    """A family whose invoice the database refuses (a trigger stands for any failure half-way)."""
    family_id = "ffffffff-ffff-4fff-bfff-ffffffffffff"
    sql("CREATE FUNCTION refuse_invoice() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF NEW.family_id = '{family_id}' THEN RAISE EXCEPTION 'disk full'; END IF; RETURN NEW; END $$")
    sql("CREATE TRIGGER refuse_invoice BEFORE INSERT ON invoices FOR EACH ROW EXECUTE FUNCTION refuse_invoice()")
    yield family_id


def test_a_run_failing_half_way_leaves_no_half_invoice_and_resumes(api, sql, failing_family, groups_of_25):
    regie = new_regie(api)
    activity = flat_activity(api, regie["id"])
    families = [add_family(sql, regie["id"], NOVEMBER, activity) for _ in range(29)]
    add_family(sql, regie["id"], NOVEMBER, activity, family_id=failing_family)  # last: in the second group

    failed = run_month(api, regie["id"])
    assert failed["status"] == "failed" and "disk full" in failed["error"]
    assert (failed["families_done"], failed["invoices_issued"]) == (25, 25)
    assert numbers(sql, regie["id"]) == list(range(1, 26))
    assert sql("SELECT count(*) AS n FROM invoice_lines")[0]["n"] == 75
    assert sql("SELECT count(*) AS n FROM consumptions WHERE invoice_id IS NULL")[0]["n"] == 15
    assert sql("SELECT count(*) AS n FROM outbox WHERE type = 'invoice.issued'")[0]["n"] == 25

    sql("DROP TRIGGER refuse_invoice ON invoices")
    resumed = api.resume_invoicing_run(STAFF, failed["id"])
    assert resumed["status"] == "running" and resumed["families_total"] == 30
    done = wait_for_run(api, failed["id"])
    assert (done["status"], done["families_done"], done["invoices_issued"], done["error"]) == (
        "completed", 30, 30, None)
    assert numbers(sql, regie["id"]) == list(range(1, 31))
    assert sql("SELECT count(DISTINCT family_id) AS n FROM invoices")[0]["n"] == len(families) + 1
    assert api.resume_invoicing_run(STAFF, failed["id"])["invoices_issued"] == 30  # completed: nothing to do


def test_a_run_left_running_by_a_stopped_process_is_resumed_once(api, sql):
    regie = new_regie(api)
    add_family(sql, regie["id"], NOVEMBER, flat_activity(api, regie["id"]))
    run_id = str(uuid.uuid4())
    sql("INSERT INTO invoicing_runs (id, regie_id, period_start, period_end, issued_on, due_on, status, "
        "families_total, started_at) VALUES (%s, %s, '2026-11-01', '2026-11-30', '2026-12-01', '2026-12-31', "
        "'running', 1, now())", (run_id, regie["id"]))

    with psycopg.connect(config.database_url("billing"), autocommit=True) as other_process:
        other_process.execute("SELECT pg_advisory_lock(hashtextextended(%s, 0))", (f"invoicing_run:{run_id}",))
        with refused(409, "run_in_progress"):
            api.resume_invoicing_run(STAFF, run_id)
    # The process that held it is gone (its connection closed): the run can go on.
    api.resume_invoicing_run(STAFF, run_id)
    done = wait_for_run(api, run_id)
    assert (done["status"], done["invoices_issued"]) == ("completed", 1)
    assert numbers(sql, regie["id"]) == [1]


def test_two_starts_of_the_same_period_at_once_give_one_run(api, sql, rpc_proxy):
    regie = new_regie(api)
    activity = flat_activity(api, regie["id"])
    for _ in range(30):
        add_family(sql, regie["id"], NOVEMBER, activity)
    outcomes, barrier = [], threading.Barrier(2)

    def start():
        proxy = rpc_proxy("billing")
        barrier.wait()
        try:
            outcomes.append(proxy.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": "2026-11-01",
                                                              "period_end": "2026-11-30"})["id"])
        except ServiceError as exc:
            outcomes.append(exc.code)

    threads = [threading.Thread(target=start) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=len)[0] == "run_in_progress"
    assert wait_for_run(api, sorted(outcomes, key=len)[1])["invoices_issued"] == 30
    assert numbers(sql, regie["id"]) == list(range(1, 31))
