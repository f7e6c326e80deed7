"""Notifications, milestone 2, through its real entrypoints and the mail sink: emails asked for by
accounts (`send_email`), decisions on change requests and documents, contacts that change or go."""
import time
import uuid

import pytest

from services.chassis.events import ANONYMOUS
from services.notifications.domain import ERASED_BODY
from services.notifications.tests.conftest import PUBLIC_URL, STAFF
from services.notifications.tests.mail import html_of, text_of, wait_until
from services.chassis.testing import refused

LINK = f"{PUBLIC_URL}/reset-password?token=abc-123_XYZ"
CONTEXT = {"display_name": "Claire Martin", "login": "claire.martin@example.org", "link": LINK}


@pytest.fixture
def emails_sql(notifications, service_sql):
    return service_sql("notifications")


def sent_emails(api, family_id):
    return [e for e in api.list_emails(STAFF, family_id) if e["status"] == "sent"]


def test_send_email_queues_a_link_email_and_erases_its_content_once_sent(sink, api, emails_sql, family):
    sink.start()
    answer = api.send_email("password_reset", "claire.martin@example.org", CONTEXT, "fr",
                            family_id=family["family_id"])
    [message] = sink.wait_for(1)

    assert message["Subject"] == "Réinitialisation de votre mot de passe"
    assert message["To"] == "claire.martin@example.org"
    assert LINK in text_of(message) and LINK in html_of(message)
    assert "Claire Martin" in text_of(message) and "claire.martin@example.org" in text_of(message)
    [listed] = wait_until(lambda: sent_emails(api, family["family_id"]))
    assert (listed["id"], listed["kind"], listed["to"]) == (answer["id"], "password_reset", "claire.martin@example.org")
    [stored] = emails_sql("SELECT body_text, body_html, event_id FROM emails")
    assert stored == {"body_text": ERASED_BODY, "body_html": None, "event_id": None}


@pytest.mark.parametrize("kind, subject, path", [
    ("account_activation", "Activez votre compte du Portail Famille", "/activation"),
    ("password_reset", "Réinitialisation de votre mot de passe", "/reset-password"),
    ("email_change", "Confirmez votre nouvelle adresse électronique", "/email/confirm"),
])
def test_each_link_email_is_sent_even_to_a_family_that_refused_emails(sink, api, handle, family, kind, subject,
                                                                      path):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    link = f"{PUBLIC_URL}{path}?token=t0k3n"
    api.send_email(kind, "claire.martin@example.org", {**CONTEXT, "link": link}, family_id=family["family_id"])
    [message] = sink.wait_for(1)
    assert message["Subject"] == subject and link in text_of(message)


@pytest.mark.parametrize("arguments", [
    ("welcome", "a@example.org", CONTEXT),
    ("password_reset", "pas-une-adresse", CONTEXT),
    ("password_reset", "a@example.org", {**CONTEXT, "link": "pas un lien"}),
    ("password_reset", "a@example.org", {"display_name": "A", "login": "a"}),
    ("password_reset", "a@example.org", {**CONTEXT, "password": "Secret2026"}),
    ("password_reset", "a@example.org", CONTEXT, "de"),
    ("password_reset", "a@example.org", CONTEXT, "fr", "pas-un-uuid"),
])
def test_send_email_refuses_bad_input_and_queues_nothing(api, emails_sql, arguments):
    with refused(422, "invalid_input"):
        api.send_email(*arguments)
    assert emails_sql("SELECT count(*) AS n FROM emails") == [{"n": 0}]


def decision(family, status="accepted", reason=None, target="guardian"):
    return {"request_id": str(uuid.uuid4()), "family_id": family["family_id"], "status": status, "reason": reason,
            "target": target}


def test_a_decided_change_request_is_told_to_the_family(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "change_request.decided", decision(family))
    handle("accounts", "change_request.decided", decision(family, "refused", "Justificatif manquant", "new_child"))
    messages = sink.wait_for(3)

    [accepted] = [m for m in messages if m["Subject"] == "Votre demande de modification a été acceptée"]
    assert "les informations d'un responsable légal" in text_of(accepted) and "Motif" not in text_of(accepted)
    [refusal] = [m for m in messages if m["Subject"] == "Votre demande de modification a été refusée"]
    assert refusal["To"] == "claire.martin@example.org"
    assert "l'ajout d'un enfant" in text_of(refusal) and "l&#39;ajout d&#39;un enfant" in html_of(refusal)
    for body in (text_of(refusal), html_of(refusal)):
        assert "Motif : Justificatif manquant" in body and PUBLIC_URL in body


def document(family, reason=None, child=True):
    return {"document_id": str(uuid.uuid4()), "family_id": family["family_id"],
            "child_id": family["children"][0]["id"] if child else None, "type": "vaccinations",
            "label": "Carnet de vaccinations", "reason": reason}


def test_a_decided_document_is_told_to_the_family(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "child.created", {"child_id": family["children"][0]["id"], "family_id": family["family_id"],
                                         "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"})
    handle("accounts", "document.validated", document(family, child=False))
    handle("accounts", "document.refused", document(family, "Illisible"))
    messages = sink.wait_for(3)

    [validated] = [m for m in messages if m["Subject"] == "Document validé : Carnet de vaccinations"]
    assert "a été validé" in text_of(validated) and "Léa" not in text_of(validated)
    [refusal] = [m for m in messages if m["Subject"] == "Document refusé : Carnet de vaccinations"]
    for body in (text_of(refusal), html_of(refusal)):
        assert "de Léa" in body and "Motif : Illisible" in body and "déposer un nouveau" in body


def test_informational_emails_respect_the_consent_given_in_family_updated(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "family.updated", {"family_id": family["family_id"], "number": family["number"],
                                          "display_name": "Famille Martin-Roux", "email": "claire.roux@example.org",
                                          "consent_email": True, "consent_sms": False, "changed": ["email"]})
    handle("accounts", "change_request.decided", decision(family))
    [welcome, told] = sink.wait_for(2)
    assert told["To"] == "claire.roux@example.org" and "Famille Martin-Roux" in text_of(told)

    handle("accounts", "family.updated", {"family_id": family["family_id"], "number": family["number"],
                                          "display_name": "Famille Martin-Roux", "email": "claire.roux@example.org",
                                          "consent_email": False, "consent_sms": False,
                                          "changed": ["consent_email"]})
    handle("accounts", "document.refused", document(family, "Illisible"))
    time.sleep(0.5)  # several sender rounds
    assert len(sink.messages()) == 2
    assert [e["kind"] for e in api.list_emails(STAFF, family["family_id"])] == ["welcome", "change_request_decided"]


def test_a_changed_email_is_followed_by_the_family_contact(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "user.email_changed", {"user_id": str(uuid.uuid4()), "family_id": family["family_id"],
                                              "email": "claire.nouvelle@example.org"})
    handle("accounts", "user.email_changed", {"user_id": str(uuid.uuid4()), "family_id": None,
                                              "email": "agent@mairie.example.fr"})  # a staff account: nothing
    handle("accounts", "change_request.decided", decision(family))
    messages = sink.wait_for(2)
    assert [m["To"] for m in messages if m["Subject"].startswith("Votre demande")] == ["claire.nouvelle@example.org"]


def test_an_anonymised_family_leaves_no_contact_nor_address(sink, api, handle, family, emails_sql):
    sink.start()
    handle("accounts", "family.created", family)
    wait_until(lambda: sent_emails(api, family["family_id"]))
    api.send_email("password_reset", family["email"], CONTEXT)  # no family given: found by its address
    wait_until(lambda: emails_sql("SELECT 1 FROM emails WHERE family_id IS NULL AND status = 'sent'"))
    sink.stop()  # what is queued now stays pending
    handle("accounts", "change_request.decided", decision(family))

    handle("accounts", "family.anonymised", {"family_id": family["family_id"], "number": family["number"]})

    assert [(e["kind"], e["to"], e["subject"], e["status"]) for e in api.list_emails(STAFF, family["family_id"])] == [
        ("welcome", None, ANONYMOUS, "sent"), ("change_request_decided", None, ANONYMOUS, "failed")]
    assert "claire" not in str(emails_sql("SELECT * FROM emails")).lower()
    assert emails_sql("SELECT email, display_name, login FROM contacts") == [
        {"email": None, "display_name": ANONYMOUS, "login": None}]


def test_the_welcome_of_an_account_to_activate_announces_the_activation_email(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "password_set": False})
    [message] = sink.wait_for(1)
    assert "lien pour choisir votre mot de passe" in text_of(message)
    assert "mot de passe provisoire" not in text_of(message) + html_of(message)
