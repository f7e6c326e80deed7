"""Notifications through its real entrypoints and a real SMTP server (the stack's mail sink, in its own
process): real PostgreSQL, real RabbitMQ, events injected as accounts and reservations would publish them."""
import time
import uuid

import pytest

from services.chassis.errors import ServiceError
from services.notifications.tests.conftest import PUBLIC_URL, STAFF, booking_event
from services.notifications.tests.mail import text_of, wait_until

def booking(family, day="2026-12-09", by="staff"):
    """A booking as its event gives it; accepted `by` staff unless told (a family's own request has its own email)."""
    return {"booking_id": str(uuid.uuid4()), "child_id": family["children"][0]["id"],
            "family_id": family["family_id"], "activity_id": str(uuid.uuid4()), "activity_name": "Accueil du soir",
            "structure_id": str(uuid.uuid4()), "date": day, "unit": "soir", "unit_label": "Soir",
            "waiting_position": None, "status": "accepted", "by": by}


def test_welcome_email_gives_the_login_and_never_a_password(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "temporary_password": "Secret-2026!"})  # a careless producer
    [message] = sink.wait_for(1)

    assert message["Subject"] == "Bienvenue sur le Portail Famille"
    assert message["To"] == "claire.martin@example.org"
    assert message["From"] == "Portail Famille <ne-pas-repondre@portail-famille.localhost>"
    html = message.get_body(("html",)).get_content()
    for body in (text_of(message), html):
        assert "claire.martin@example.org" in body and PUBLIC_URL in body
        assert "mot de passe provisoire" in body
        assert "Secret-2026!" not in body
    [queued] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["status"] == "sent"])
    assert queued["kind"] == "welcome" and queued["to"] == "claire.martin@example.org" and queued["sent_at"]


def test_a_redelivered_event_sends_one_email(sink, api, handle, family):
    sink.start()
    event = handle("accounts", "family.created", family)
    handle("accounts", "family.created", event=event)
    sink.wait_for(1)
    wait_until(lambda: api.list_emails(STAFF, family["family_id"])[0]["status"] == "sent")
    time.sleep(0.5)  # several sender rounds: a second email would have gone by now
    assert len(sink.messages()) == 1
    assert len(api.list_emails(STAFF, family["family_id"])) == 1


def test_booking_confirmation_names_the_child_activity_and_french_date(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "child.created", {"child_id": family["children"][0]["id"], "family_id": family["family_id"],
                                         "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"})
    handle(event=booking_event("booking.accepted", booking(family)))
    messages = sink.wait_for(2)

    [confirmation] = [m for m in messages if m["Subject"].startswith("Réservation acceptée")]
    assert confirmation["Subject"] == "Réservation acceptée : Accueil du soir, mercredi 9 décembre 2026"
    assert confirmation["To"] == "claire.martin@example.org"
    body = text_of(confirmation)
    assert "Léa" in body and "Accueil du soir" in body and "mercredi 9 décembre 2026" in body and "Soir" in body


def test_an_smtp_outage_keeps_the_email_and_a_later_try_delivers_it(sink, api, handle, family):
    handle("accounts", "family.created", family)  # the SMTP server is not started yet

    [pending] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["attempts"] > 0])
    assert pending["status"] == "pending" and pending["sent_at"] is None

    sink.start()
    [message] = sink.wait_for(1)
    assert message["Subject"] == "Bienvenue sur le Portail Famille"
    [sent] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["status"] == "sent"])
    assert sent["attempts"] >= 2


def test_a_family_that_refused_emails_gets_none(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    handle(event=booking_event("booking.accepted", booking(family)))
    time.sleep(0.5)  # several sender rounds
    assert api.list_emails(STAFF, family["family_id"]) == []
    assert sink.messages() == []


def test_a_booking_that_arrives_before_the_contact_waits_for_its_address(sink, api, handle, family):
    sink.start()
    handle(event=booking_event("booking.accepted", booking(family)))
    [waiting] = api.list_emails(STAFF, family["family_id"])
    assert (waiting["kind"], waiting["to"], waiting["status"]) == ("booking_accepted", None, "pending")

    handle("accounts", "family.created", family)
    messages = sink.wait_for(2)
    assert {m["To"] for m in messages} == {"claire.martin@example.org"}


def test_only_staff_list_emails(api, family):
    parent = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}
    with pytest.raises(ServiceError) as refused:
        api.list_emails(parent, family["family_id"])
    assert int(refused.value.status) == 403  # nameko stringifies exception arguments over RPC
    with pytest.raises(ServiceError) as refused:
        api.list_emails(STAFF, "not-a-uuid")
    assert int(refused.value.status) == 404
    assert api.list_emails(STAFF, family["family_id"]) == []


def test_a_family_promoted_from_the_waiting_list_is_told(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle(event=booking_event("booking.promoted", booking(family)))
    messages = sink.wait_for(2)
    [promoted] = [m for m in messages if m["Subject"].startswith("Une place s'est libérée")]
    assert promoted["Subject"] == "Une place s'est libérée : Accueil du soir, mercredi 9 décembre 2026"
    assert promoted["To"] == "claire.martin@example.org"
    body = text_of(promoted)
    assert "liste d'attente" in body and "Date : mercredi 9 décembre 2026" in body and "annulez-la" in body
    kinds = {e["kind"] for e in api.list_emails(STAFF, family["family_id"])}
    assert kinds == {"welcome", "booking_promoted"}
