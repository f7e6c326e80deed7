"""Emails from billing's events: the notice of a new invoice and the receipt of a payment."""
import time
import uuid

from services.notifications.tests.conftest import STAFF
from services.notifications.tests.mail import html_of, text_of


def invoice(family):
    return {"invoice_id": str(uuid.uuid4()), "number": "ALSH-000042", "family_id": family["family_id"],
            "regie_id": str(uuid.uuid4()), "regie": "Régie périscolaire", "period_start": "2026-10-01",
            "period_end": "2026-10-31", "issued_on": "2026-11-02", "due_on": "2026-12-02", "total_cents": 4250}


def payment(family, **overrides):
    return {"payment_id": str(uuid.uuid4()), "family_id": family["family_id"], "regie_id": str(uuid.uuid4()),
            "method": "card", "amount_cents": 3600, "received_on": "2026-11-20", "online_payment_id": None,
            "email": None, **overrides}


def test_a_new_invoice_is_announced_once_with_its_number_amount_and_due_date(sink, api, handle, redeliver, family):
    sink.start()
    handle("accounts", "family.created", family)
    event = handle("billing", "invoice.issued", invoice(family))
    handle("billing", "invoice.issued", event=event)  # delivered twice

    messages = sink.wait_for(2)
    [notice] = [m for m in messages if m["Subject"].startswith("Nouvelle facture")]
    assert notice["Subject"] == "Nouvelle facture ALSH-000042 : 42,50 €"
    assert notice["To"] == "claire.martin@example.org"
    assert "2 décembre 2026" in text_of(notice) and "42,50" in html_of(notice)
    time.sleep(0.5)
    kinds = [e["kind"] for e in api.list_emails(STAFF, family["family_id"])]
    assert kinds.count("invoice_issued") == 1


def test_the_receipt_of_an_online_payment_goes_to_the_address_typed_even_without_consent(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    handle("billing", "payment.received", payment(family, email="payeur@example.org",
                                                  online_payment_id=str(uuid.uuid4())))
    [receipt] = sink.wait_for(1)
    assert receipt["To"] == "payeur@example.org"
    assert receipt["Subject"] == "Reçu de votre paiement de 36,00 €"
    assert "carte bancaire" in text_of(receipt)


def test_a_payment_at_the_desk_follows_the_family_consent(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    handle("billing", "payment.received", payment(family, method="cheque"))
    time.sleep(0.5)
    assert sink.messages() == []
    assert api.list_emails(STAFF, family["family_id"]) == []
