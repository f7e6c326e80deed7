"""Credit notes correct an issued invoice, which itself is never edited."""
import uuid

from services.billing.tests.conftest import STAFF, parent_of
from services.billing.tests.invoicing_helpers import add_family, flat_activity, new_regie, run_month
from services.chassis.testing import refused


def invoiced_family(api, sql, amount_cents=1000):
    regie = new_regie(api, code="CANT")
    activity = flat_activity(api, regie["id"], amount_cents // 2)
    family = add_family(sql, regie["id"], ["2026-11-02", "2026-11-03"], activity)
    run_month(api, regie["id"], issued_on="2026-12-01")
    [invoice] = api.list_invoices(STAFF, family)
    return regie, family, invoice


def last_balance(sql, family):
    rows = sql("SELECT body FROM outbox WHERE type = 'balance.changed' AND body->>'subject' = %s ORDER BY seq",
               (family,))
    return rows[-1]["body"]["data"]


def pay(sql, family, regie_id, invoice_id, amount_cents):
    """A payment allocated to the invoice, as payments would have recorded it."""
    payment_id = str(uuid.uuid4())
    sql("INSERT INTO payments (id, family_id, regie_id, method, amount_cents, received_on) "
        "VALUES (%s, %s, %s, 'cheque', %s, '2026-12-05')", (payment_id, family, regie_id, amount_cents))
    sql("INSERT INTO payment_allocations (payment_id, invoice_id, amount_cents) VALUES (%s, %s, %s)",
        (payment_id, invoice_id, amount_cents))


def test_a_credit_note_lowers_what_an_unpaid_invoice_asks_for(api, sql):
    regie, family, invoice = invoiced_family(api, sql)
    corrected = api.issue_credit_note(STAFF, invoice["id"], {
        "amount_cents": 300, "reason": "Absence justifiée le 3 novembre",
        "lines": [{"label": "Accueil du soir du 3/11", "amount_cents": 300}]})

    assert (corrected["total_cents"], corrected["credited_cents"], corrected["due_cents"], corrected["status"]) == (
        1000, 300, 700, "partly_paid")
    [note] = corrected["credit_notes"]
    assert note["number"] == "CANT-AV000001" and note["amount_cents"] == 300
    assert note["lines"] == [{"label": "Accueil du soir du 3/11", "amount_cents": 300}]
    assert api.get_invoice(parent_of(family), invoice["id"]) == corrected
    assert sql("SELECT total_cents FROM invoices WHERE id = %s", (invoice["id"],))[0]["total_cents"] == 1000
    [issued] = sql("SELECT body FROM outbox WHERE type = 'credit_note.issued'")
    assert {key: issued["body"]["data"][key] for key in ("number", "invoice_id", "family_id", "amount_cents")} == {
        "number": "CANT-AV000001", "invoice_id": invoice["id"], "family_id": family, "amount_cents": 300}
    assert last_balance(sql, family)["due_cents"] == 700

    second = api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 700, "reason": "Geste commercial"})
    assert (second["due_cents"], second["status"]) == (0, "paid")
    assert [n["number"] for n in second["credit_notes"]] == ["CANT-AV000001", "CANT-AV000002"]


def test_crediting_a_paid_invoice_gives_the_overpaid_money_back_as_credit(api, sql):
    regie, family, invoice = invoiced_family(api, sql)
    pay(sql, family, regie["id"], invoice["id"], 1000)
    assert api.get_invoice(STAFF, invoice["id"])["status"] == "paid"

    corrected = api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 400, "reason": "Erreur de tarif"})
    assert (corrected["paid_cents"], corrected["credited_cents"], corrected["due_cents"], corrected["status"]) == (
        600, 400, 0, "paid")
    balance = last_balance(sql, family)
    assert (balance["credit_cents"], balance["due_cents"], balance["balance_cents"]) == (400, 0, 400)


def test_more_than_is_left_to_credit_or_bad_input_is_refused_and_changes_nothing(api, sql):
    regie, family, invoice = invoiced_family(api, sql)
    api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 600, "reason": "Absence"})
    with refused(422) as info:
        api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 401, "reason": "Absence"})
    assert "reste à créditer" in info.value.details["fields"]["amount_cents"][0]
    with refused(422):
        api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 100, "reason": "   "})
    with refused(422):
        api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 100, "reason": "Absence",
                                                     "lines": [{"label": "x", "amount_cents": 90}]})
    with refused(422):
        api.issue_credit_note(STAFF, invoice["id"], {"amount_cents": 0, "reason": "Absence"})
    with refused(404):
        api.issue_credit_note(STAFF, str(uuid.uuid4()), {"amount_cents": 100, "reason": "Absence"})
    with refused(403):
        api.issue_credit_note(parent_of(family), invoice["id"], {"amount_cents": 100, "reason": "Absence"})
    assert sql("SELECT count(*) AS n FROM credit_notes")[0]["n"] == 1
    assert sql("SELECT last_number FROM document_sequences WHERE kind = 'credit_note'")[0]["last_number"] == 1
