"""The payment receipt email carries the receipt as a PDF (issue 6), stored with the email so that a
retry after a failed delivery sends the very same file."""
from services.notifications.channels import Attachment, EmailChannel, OutgoingMessage
from services.notifications.tests.conftest import STAFF
from services.notifications.tests.mail import wait_until
from services.notifications.tests.test_billing_emails import payment
from services.notifications.tests.test_settings import created, parent_of


def pdf_parts(message) -> list:
    return [part for part in message.iter_attachments() if part.get_content_type() == "application/pdf"]


def test_the_payment_receipt_carries_a_pdf_receipt(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    paid = payment(family, email="payeur@example.org")
    handle("billing", "payment.received", paid)
    [receipt] = sink.wait_for(1)

    assert receipt["Subject"] == "Reçu de votre paiement de 36,00 €"
    [pdf] = pdf_parts(receipt)
    assert pdf.get_filename() == f"recu-{paid['payment_id'][:8]}.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    assert receipt.get_body(("plain",)).get_content().startswith("Bonjour")  # the text is still there


def test_a_retry_sends_the_same_attachment(sink, api, handle, family, service_sql):
    # The mail server is not started: the first tries fail and the email stays pending.
    handle("accounts", "family.created", created(family))
    handle("billing", "payment.received", payment(family, method="cash"))
    emails = service_sql("notifications")
    wait_until(lambda: emails("SELECT attempts FROM emails WHERE kind = 'payment_receipt' AND attempts > 0"))
    [stored] = emails("SELECT a.content FROM email_attachments a JOIN emails e ON e.id = a.email_id "
                      "WHERE e.kind = 'payment_receipt'")

    sink.start()
    receipt = wait_until(lambda: [m for m in sink.messages() if m["Subject"].startswith("Reçu")])[0]
    [pdf] = pdf_parts(receipt)
    assert pdf.get_content() == bytes(stored["content"])
    assert [e["status"] for e in api.list_emails(STAFF, family["family_id"]) if e["kind"] == "payment_receipt"] \
        == ["sent"]


def test_an_english_family_gets_an_english_receipt_file(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", created(family))
    api.update_notification_settings(parent_of(family), {"locale": "en"})
    paid = payment(family, method="cheque")
    handle("billing", "payment.received", paid)
    receipt = wait_until(lambda: [m for m in sink.messages() if m["Subject"].startswith("Receipt")])[0]
    [pdf] = pdf_parts(receipt)
    assert pdf.get_filename() == f"receipt-{paid['payment_id'][:8]}.pdf"
    assert pdf.get_content().startswith(b"%PDF")


def test_an_email_without_attachment_stays_a_plain_alternative():
    channel = EmailChannel("localhost", 25, "Portail <ne-pas-repondre@example.org>")
    plain = channel.build(OutgoingMessage(to="a@example.org", subject="S", text="t", html="<p>t</p>"))
    assert plain.get_content_type() == "multipart/alternative"
    attached = channel.build(OutgoingMessage(to="a@example.org", subject="S", text="t", html="<p>t</p>",
                                             attachments=(Attachment("r.pdf", "application/pdf", b"%PDF-1.4"),)))
    assert attached.get_content_type() == "multipart/mixed"
    [part] = attached.iter_attachments()
    assert (part.get_filename(), part.get_content()) == ("r.pdf", b"%PDF-1.4")


def test_an_anonymised_family_loses_its_receipts_files(sink, api, handle, family, service_sql):
    sink.start()
    handle("accounts", "family.created", created(family))
    handle("billing", "payment.received", payment(family))
    sink.wait_for(2)
    emails = service_sql("notifications")
    assert emails("SELECT count(*) AS n FROM email_attachments") == [{"n": 1}]
    handle("accounts", "family.anonymised", {"family_id": family["family_id"], "number": "F-0042"})
    assert emails("SELECT count(*) AS n FROM email_attachments") == [{"n": 0}]
