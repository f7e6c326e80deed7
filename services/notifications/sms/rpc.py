"""SMS to families that accepted them (`consent_sms`) at their first guardian's mobile number; for now
the promotion from a waiting list ("Une place s'est libérée"), which cannot wait for an email."""
from __future__ import annotations

from nameko.rpc import rpc

from services.chassis import config
from services.chassis.consumers import handles
from services.chassis.dependencies import BackgroundLoop
from services.notifications import domain, queues, schemas
from services.notifications import storage as contacts
from services.notifications.channels import OutgoingMessage, load_channel
from services.notifications.rendering import render_sms
from services.notifications.sender import DeliveryLoop
from services.notifications.settings import storage as settings
from services.notifications.sms import storage

_family_created = schemas.FamilyCreatedData()
_family_anonymised = schemas.FamilyAnonymisedData()
_booking_promoted = schemas.booking_lines(schemas.BookingAcceptedData())


class SmsSender(DeliveryLoop):
    what = "SMS"
    table = storage.QUEUE

    def message(self, conn, sms: dict) -> OutgoingMessage:
        return OutgoingMessage(to=sms["to_number"], subject="", text=sms["body"])


class SmsSenderRunner(BackgroundLoop):
    def make_loop(self):
        return SmsSender(self.postgres.pool, load_channel("sms"), poll_seconds=config.get_float("EMAIL_POLL_SECONDS"))


def may_text(contact: dict | None) -> bool:
    return bool(contact and contact["consent_sms"] and contact["mobile_phone"])


class SmsRpc:
    sms_sender = SmsSenderRunner()

    @handles("accounts", "family.created", _family_created)
    def record_mobile_phone(self, conn, family, event):
        first = family["guardians"][0] if family["guardians"] else {}
        storage.save_mobile_phone(conn, family["family_id"], first.get("mobile_phone"))

    @handles("accounts", "family.anonymised", _family_anonymised)
    def forget_sms(self, conn, family, event):
        storage.forget_family(conn, family["family_id"])

    @handles("reservations", "booking.promoted", _booking_promoted)
    def text_booking_promoted(self, conn, bookings, event):
        """One text for the event's bookings, to a family that accepts them."""
        first = bookings[0]  # one child, one family per event
        contact = contacts.contact(conn, first["family_id"])
        if not may_text(contact):
            return
        context = domain.booking_context(bookings, contacts.child(conn, first["child_id"]), config.get("PUBLIC_URL"))
        text = render_sms("booking_promoted", context, settings.locale(conn, first["family_id"]))
        storage.queue_sms(conn, {"event_id": event["id"], "kind": "booking_promoted", "family_id": first["family_id"],
                                 "to_number": contact["mobile_phone"], "body": text})

    @rpc
    def list_sms(self, caller, family_id):
        """Staff: the texts sent (or to send) to a family → `[{id, kind, to, body, status, attempts, sent_at}]`."""
        return queues.family_history(self.db, caller, family_id, storage.family_sms)
