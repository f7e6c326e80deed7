"""The notifications service: emails queued from accounts' and reservations' events, sent by a loop."""
from __future__ import annotations

import logging

from marshmallow import ValidationError
from nameko.events import event_handler
from nameko.rpc import rpc

from services.chassis import config
from services.chassis.dependencies import ServiceBase
from services.chassis.errors import not_found
from services.chassis.identity import caller_from, is_uuid
from services.notifications import domain, schemas, storage
from services.notifications.dependencies import EmailSenderRunner
from services.notifications.rendering import render

log = logging.getLogger(__name__)

_family_created = schemas.FamilyCreatedData()
_child_created = schemas.ChildCreatedData()
_booking_accepted = schemas.BookingAcceptedData()


def event_data(schema, event: dict) -> dict | None:
    """The event's data loaded with `schema`, or None (logged) for a malformed event: requeuing it
    would only fail again."""
    try:
        return schema.load(event["data"])
    except ValidationError as exc:
        log.error("ignoring malformed event %s (%s): %s", event.get("id"), event.get("type"), exc.messages)
        return None


def queued(event: dict, kind: str, family_id, to_address, context: dict) -> dict:
    rendered = render(kind, context)
    return {"event_id": event["id"], "kind": kind, "family_id": family_id, "to_address": to_address,
            "subject": rendered.subject, "body_text": rendered.text, "body_html": rendered.html}


class NotificationsService(ServiceBase):
    name = "notifications"

    email_sender = EmailSenderRunner()

    @event_handler("accounts", "family.created", requeue_on_error=True)
    def on_family_created(self, event):
        if (family := event_data(_family_created, event)) is None:
            return
        with self.db.transaction() as conn:
            if not self.db.first_delivery(conn, event, "notifications.on_family_created"):
                return
            storage.save_contact(conn, family)
            storage.address_waiting_emails(conn, family["family_id"], family["email"], family["consent_email"])
            if family["email"] and family["consent_email"]:
                context = domain.welcome_context(family, config.get("PUBLIC_URL"))
                storage.queue_email(conn, queued(event, "welcome", family["family_id"], family["email"], context))

    @event_handler("accounts", "child.created", requeue_on_error=True)
    def on_child_created(self, event):
        if (child := event_data(_child_created, event)) is None:
            return
        with self.db.transaction() as conn:
            if self.db.first_delivery(conn, event, "notifications.on_child_created"):
                storage.save_child(conn, child)

    @event_handler("reservations", "booking.accepted", requeue_on_error=True)
    def on_booking_accepted(self, event):
        if (booking := event_data(_booking_accepted, event)) is None:
            return
        with self.db.transaction() as conn:
            if not self.db.first_delivery(conn, event, "notifications.on_booking_accepted"):
                return
            contact = storage.contact(conn, booking["family_id"])
            if not domain.may_email(contact):
                return
            context = domain.booking_context(booking, storage.child(conn, booking["child_id"]),
                                             config.get("PUBLIC_URL"))
            to_address = contact["email"] if contact else None  # addressed when the contact arrives
            storage.queue_email(conn, queued(event, "booking_accepted", booking["family_id"], to_address, context))

    @rpc
    def list_emails(self, caller, family_id):
        caller_from(caller).require_staff()
        if not is_uuid(family_id):
            raise not_found("family")
        with self.db.transaction() as conn:
            emails = storage.family_emails(conn, family_id)
        return [{**email, "sent_at": email["sent_at"] and email["sent_at"].isoformat()} for email in emails]
