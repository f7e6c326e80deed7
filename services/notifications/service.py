"""The notifications service: emails queued from accounts' and reservations' events, sent by a loop."""
from __future__ import annotations


from nameko.rpc import rpc

from services.chassis import config
from services.chassis.consumers import handles
from services.chassis.dependencies import ServiceBase
from services.chassis.identity import caller_from
from services.notifications import domain, schemas, storage
from services.notifications.dependencies import EmailSenderRunner
from services.notifications.rendering import render

_family_created = schemas.FamilyCreatedData()
_child_created = schemas.ChildCreatedData()
_booking_accepted = schemas.BookingAcceptedData()


def queued(event: dict, kind: str, family_id, to_address, context: dict) -> dict:
    rendered = render(kind, context)
    return {"event_id": event["id"], "kind": kind, "family_id": family_id, "to_address": to_address,
            "subject": rendered.subject, "body_text": rendered.text, "body_html": rendered.html}


class NotificationsService(ServiceBase):
    name = "notifications"

    email_sender = EmailSenderRunner()

    @handles("accounts", "family.created", _family_created)
    def on_family_created(self, conn, family, event):
        storage.save_contact(conn, family)
        storage.address_waiting_emails(conn, family["family_id"], family["email"], family["consent_email"])
        if family["email"] and family["consent_email"]:
            context = domain.welcome_context(family, config.get("PUBLIC_URL"))
            storage.queue_email(conn, queued(event, "welcome", family["family_id"], family["email"], context))

    @handles("accounts", "child.created", _child_created)
    def on_child_created(self, conn, child, event):
        storage.save_child(conn, child)

    @handles("reservations", "booking.accepted", _booking_accepted)
    def on_booking_accepted(self, conn, booking, event):
        contact = storage.contact(conn, booking["family_id"])
        if not domain.may_email(contact):
            return
        context = domain.booking_context(booking, storage.child(conn, booking["child_id"]),
                                         config.get("PUBLIC_URL"))
        to_address = contact["email"] if contact else None  # addressed when the contact arrives
        storage.queue_email(conn, queued(event, "booking_accepted", booking["family_id"], to_address, context))

    @rpc
    def list_emails(self, caller, family_id):
        caller = caller_from(caller)
        caller.require_staff()
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            emails = storage.family_emails(conn, family_id)
        return [{**email, "sent_at": email["sent_at"] and email["sent_at"].isoformat()} for email in emails]
