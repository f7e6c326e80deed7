"""The notifications service: emails queued from other services' events or asked for directly
(`send_email`, for the links accounts sends), delivered by a sender loop with retries."""
from __future__ import annotations

from nameko.rpc import rpc

from services.chassis import batch_consumers as batch, config
from services.chassis.consumers import handles
from services.chassis.dependencies import ServiceBase
from services.chassis.schemas import each_line, load
from services.notifications import domain, queues, receipts, schemas, storage
from services.notifications.dependencies import EmailSenderRunner
from services.notifications.messages.rpc import MessageRpc
from services.notifications.publications.rpc import PublicationRpc
from services.notifications.rendering import render
from services.notifications.reports import schemas as report_schemas
from services.notifications.reports.rpc import ReportRpc
from services.notifications.settings import storage as settings
from services.notifications.settings.rpc import SettingsRpc
from services.notifications.sms.rpc import SmsRpc
from services.notifications.webhooks.rpc import WebhookRpc

_family_created = schemas.FamilyCreatedData()
_family_updated = schemas.FamilyUpdatedData()
_family_anonymised = schemas.FamilyAnonymisedData()
_user_email_changed = schemas.UserEmailChangedData()
_child_created = schemas.ChildCreatedData()
_change_request_decided = schemas.ChangeRequestDecidedData()
_document_decided = schemas.DocumentDecidedData()
_booking_promoted = schemas.booking_lines(schemas.BookingAcceptedData())
_booking_request_processed = schemas.BookingRequestProcessedData()
_invoice_issued = schemas.InvoiceIssuedData()
_payment_received = schemas.PaymentReceivedData()


class _AcceptedMovement(report_schemas.BookingMovementData, schemas.BookingAcceptedData):
    """`booking.accepted` as its movement and its email both read it."""


_accepted_movements = schemas.booking_lines(_AcceptedMovement())


def queued(event_id: str | None, kind: str, family_id, to_address, context: dict, secret: bool = False,
           locale: str = "fr", **extra) -> dict:
    """An email to queue, rendered in `locale`; `extra`: `recipient`, `attachments` (see storage.queue_email)."""
    rendered = render(kind, context, locale)
    return {"event_id": event_id, "kind": kind, "family_id": family_id, "to_address": to_address,
            "subject": rendered.subject, "body_text": rendered.text, "body_html": rendered.html, "secret": secret,
            **extra}


class NotificationsService(MessageRpc, PublicationRpc, SettingsRpc, ReportRpc, SmsRpc, WebhookRpc, ServiceBase):
    name = "notifications"

    email_sender = EmailSenderRunner()

    @rpc
    def send_email(self, kind, to_address, context, locale=None, family_id=None):
        """Internal: queue one email that carries a personal link (whatever the consents: the person
        asked for it). Returns at once; the sender loop delivers it. Without `locale`, in the language
        the family chose (French for staff and unknown families)."""
        data = load(schemas.SendEmailInput(), {"kind": kind, "to_address": to_address, "context": context,
                                               "locale": locale, "family_id": family_id})
        with self.db.transaction() as conn:
            chosen = data["locale"] or settings.locale(conn, data["family_id"])
            email = queued(None, data["kind"], data["family_id"], data["to_address"], data["context"], secret=True,
                           locale=chosen)
            email_id = storage.queue_email(conn, email)
        return {"id": email_id}

    @handles("accounts", "family.created", _family_created)
    def on_family_created(self, conn, family, event):
        storage.save_contact(conn, family)
        guardians = family["guardians"]
        settings.set_consent_sms(conn, family["family_id"], bool(guardians and guardians[0].get("consent_sms")))
        storage.address_waiting_emails(conn, family["family_id"], family["email"], family["consent_email"])
        if family["email"] and family["consent_email"]:
            context = domain.welcome_context(family, config.get("PUBLIC_URL"))
            storage.queue_email(conn, queued(event["id"], "welcome", family["family_id"], family["email"], context))

    @handles("accounts", "family.updated", _family_updated)
    def on_family_updated(self, conn, family, event):
        storage.update_contact(conn, family["family_id"], family["email"], family["display_name"],
                               family["consent_email"])
        settings.set_consent_sms(conn, family["family_id"], family["consent_sms"])
        storage.address_waiting_emails(conn, family["family_id"], family["email"], family["consent_email"])

    @handles("accounts", "user.email_changed", _user_email_changed)
    def on_user_email_changed(self, conn, user, event):
        if user["family_id"] is None:
            return  # a staff account: no family contact to follow
        updated = storage.set_contact_email(conn, user["family_id"], user["email"])
        if updated is not None:
            storage.address_waiting_emails(conn, user["family_id"], user["email"], updated["consent_email"])

    @handles("accounts", "family.anonymised", _family_anonymised)
    def on_family_anonymised(self, conn, family, event):
        storage.anonymise_family(conn, family["family_id"])
        settings.anonymise(conn, family["family_id"])

    @handles("accounts", "child.created", _child_created)
    def on_child_created(self, conn, child, event):
        storage.save_child(conn, child)

    @handles("accounts", "change_request.decided", _change_request_decided)
    def on_change_request_decided(self, conn, decision, event):
        contact = storage.contact(conn, decision["family_id"])
        locale = settings.locale(conn, decision["family_id"])
        context = domain.change_request_context(decision, contact, config.get("PUBLIC_URL"), locale)
        self._queue_informational(conn, event, "change_request_decided", decision["family_id"], contact, context,
                                  locale)

    @handles("accounts", "document.validated", _document_decided)
    def on_document_validated(self, conn, document, event):
        self._document_decided(conn, document, event, validated=True)

    @handles("accounts", "document.refused", _document_decided)
    def on_document_refused(self, conn, document, event):
        self._document_decided(conn, document, event, validated=False)

    @batch.handles("reservations", "booking.accepted", _accepted_movements)
    def on_booking_accepted(self, conn, items):
        """The daily report's movements, and for a staff acceptance one email listing the event's
        bookings: a family's own request is answered by its `booking.request_processed`."""
        self._record_movements(conn, each_line(items))
        for bookings, event in items:
            if bookings[0]["by"] == domain.STAFF:  # one author per event
                self._bookings_email(conn, bookings, event, "booking_accepted")

    @handles("reservations", "booking.request_processed", _booking_request_processed)
    def on_booking_request_processed(self, conn, request, event):
        """One email per booking request a family made, with every line's outcome (staff who book for a
        family tell it themselves)."""
        if request["by"] != domain.FAMILY:
            return
        family_id = request["family_id"]
        contact = storage.contact(conn, family_id)
        locale = settings.locale(conn, family_id)
        child = storage.child(conn, request["child_id"]) if not request["child_first_name"] else None
        context = domain.booking_request_context(request, contact, child, config.get("PUBLIC_URL"), locale)
        self._queue_informational(conn, event, "booking_request_processed", family_id, contact, context, locale)

    @handles("reservations", "booking.promoted", _booking_promoted)
    def on_booking_promoted(self, conn, bookings, event):
        """First in line when places freed up: the family is told it has them, in one email."""
        self._bookings_email(conn, bookings, event, "booking_promoted")

    def _bookings_email(self, conn, bookings: list, event, kind: str):
        """The email of an event's bookings (one child's, one family's)."""
        first = bookings[0]
        context = domain.booking_context(bookings, storage.child(conn, first["child_id"]), config.get("PUBLIC_URL"))
        contact = storage.contact(conn, first["family_id"])
        self._queue_informational(conn, event, kind, first["family_id"], contact, context)

    @handles("billing", "invoice.issued", _invoice_issued)
    def on_invoice_issued(self, conn, invoice, event):
        """To the family's address as its consent says, and to each extra invoice address the family
        gave (it asked for those)."""
        family_id = invoice["family_id"]
        contact = storage.contact(conn, family_id)
        found = settings.settings(conn, family_id)
        context = domain.invoice_context(invoice, contact, config.get("PUBLIC_URL"), found["locale"])
        self._queue_informational(conn, event, "invoice_issued", family_id, contact, context, found["locale"])
        for address in found["extra_invoice_emails"]:
            storage.queue_email(conn, queued(event["id"], "invoice_issued", family_id, address, context,
                                             locale=found["locale"], recipient=address.lower()))

    @handles("billing", "payment.received", _payment_received)
    def on_payment_received(self, conn, payment, event):
        """The receipt of an online payment goes to the address the parent typed for it, whatever the
        consents (they asked for it); a payment at the desk is acknowledged to the family's address.
        Either way with the receipt as a PDF."""
        contact = storage.contact(conn, payment["family_id"])
        locale = settings.locale(conn, payment["family_id"])
        context = domain.receipt_context(payment, contact, config.get("PUBLIC_URL"), locale)
        attachments = [receipts.receipt_pdf(context, locale)]
        if payment["email"]:
            storage.queue_email(conn, queued(event["id"], "payment_receipt", payment["family_id"],
                                             payment["email"], context, locale=locale, attachments=attachments))
        else:
            self._queue_informational(conn, event, "payment_receipt", payment["family_id"], contact, context,
                                      locale, attachments=attachments)

    @rpc
    def list_emails(self, caller, family_id):
        return queues.family_history(self.db, caller, family_id, storage.family_emails)

    def _document_decided(self, conn, document, event, validated: bool):
        contact = storage.contact(conn, document["family_id"])
        child = storage.child(conn, document["child_id"]) if document["child_id"] else None
        locale = settings.locale(conn, document["family_id"])
        context = domain.document_context(document, validated, contact, child, config.get("PUBLIC_URL"), locale)
        self._queue_informational(conn, event, "document_decided", document["family_id"], contact, context,
                                  locale)

    @staticmethod
    def _queue_informational(conn, event, kind: str, family_id, contact: dict | None, context: dict,
                             locale: str | None = None, **extra) -> None:
        """An email the family did not ask for, in its language: none if it refused emails; addressed
        when its contact arrives if that is not known yet."""
        if not domain.may_email(contact):
            return
        to_address = contact["email"] if contact else None
        locale = locale or settings.locale(conn, family_id)
        storage.queue_email(conn, queued(event["id"], kind, family_id, to_address, context, locale=locale, **extra))
