"""`family.anonymised` erases the family's messages and contact requests too: the rows stay (counts,
threads, read state), their content goes; another family's stay as they were."""
import uuid

import pytest

from services.chassis.events import ANONYMOUS
from services.notifications.storage import ERASED

STRUCTURE = {"id": str(uuid.uuid4()), "name": "Accueil de loisirs Jean Macé"}
STAFF = {"user_id": str(uuid.uuid4()), "role": "staff", "structure_ids": [STRUCTURE["id"]]}


def parent_of(family):
    return {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}


def thread_of(family, subject, body):
    return {"family_id": family["family_id"], "structure_id": STRUCTURE["id"], "structure_name": STRUCTURE["name"],
            "subject": subject, "body": body}


def contact_request(name, email, message):
    return {"structure_id": STRUCTURE["id"], "name": name, "email": email, "subject": f"Question de {name}",
            "message": message}


@pytest.fixture
def emails_sql(notifications, service_sql):
    return service_sql("notifications")


@pytest.fixture
def neighbour(family):
    return {**family, "family_id": str(uuid.uuid4()), "number": "F-0043", "display_name": "Famille Roux",
            "email": "paul.roux@example.org", "login": "paul.roux@example.org"}


def test_an_anonymised_family_loses_the_content_of_its_messages_and_contact_requests(api, handle, family,
                                                                                      neighbour, emails_sql):
    for known in (family, neighbour):
        handle("accounts", "family.created", known)
    parent = parent_of(family)
    asked = api.send_message(parent, thread_of(family, "Allergie de Léa", "Léa est allergique aux arachides."))
    api.reply_message(STAFF, asked["id"], {"body": "Merci Claire, c'est noté pour Léa."})
    told = api.send_message(STAFF, thread_of(family, "Dossier de Léa Martin", "Il manque le carnet de Léa."))
    kept = api.send_message(parent_of(neighbour), thread_of(neighbour, "Sortie", "Paul viendra en retard."))
    api.set_structure_contact(STAFF, STRUCTURE["id"], {"name": "Centre de loisirs", "email": "cdl@mairie.example.fr"})
    api.submit_contact(contact_request("Claire Martin", "Claire.Martin@example.org", "Bonjour, c'est Claire."))
    api.submit_contact(contact_request("Claire M.", "autre@example.org", "Depuis mon compte."), parent)
    api.submit_contact(contact_request("Paul Roux", "paul.roux@example.org", "Bonjour, c'est Paul."))
    unread_before = (api.unread_count(parent, family["family_id"]), api.unread_count(STAFF))

    handle("accounts", "family.anonymised", {"family_id": family["family_id"], "number": family["number"]})

    for thread in (asked, told):
        erased = api.get_thread(STAFF, thread["id"])
        assert (erased["subject"], erased["family_name"]) == (ERASED, ANONYMOUS)
        assert {m["body"] for m in erased["messages"]} == {ERASED}
    assert len(api.get_thread(STAFF, asked["id"])["messages"]) == 2
    assert (api.unread_count(parent, family["family_id"]), api.unread_count(STAFF)) == unread_before
    assert sorted(t["subject"] for t in api.list_structure_messages(STAFF, STRUCTURE["id"], "inbox")) == [
        ERASED, "Sortie"]
    assert api.get_thread(STAFF, kept["id"])["messages"][0]["body"] == "Paul viendra en retard."

    requests = api.list_contact_requests(STAFF)
    assert sorted((r["name"], r["email"], r["subject"], r["message"]) for r in requests) == [
        (ANONYMOUS, ERASED, ERASED, ERASED), (ANONYMOUS, ERASED, ERASED, ERASED),
        ("Paul Roux", "paul.roux@example.org", "Question de Paul Roux", "Bonjour, c'est Paul.")]

    # The emails that carried the family's requests to the structure went with them; Paul's stays.
    structure_emails = emails_sql("SELECT subject, body_text FROM emails WHERE kind = 'contact_request'")
    assert sum(ANONYMOUS == e["subject"] for e in structure_emails) == 2
    assert [e for e in structure_emails if "Paul" in e["body_text"]]
    everything = str([emails_sql(f"SELECT * FROM {table}") for table in (
        "emails", "contacts", "children", "message_threads", "messages", "contact_requests")])
    assert "claire" not in everything.lower() and "Léa" not in everything
    assert api.list_emails(STAFF, neighbour["family_id"])[0]["to"] == "paul.roux@example.org"


def test_a_family_unknown_to_notifications_is_anonymised_without_touching_the_others(api, handle, family,
                                                                                      emails_sql):
    api.set_structure_contact(STAFF, STRUCTURE["id"], {"name": "Centre de loisirs", "email": None})
    api.submit_contact(contact_request("Paul Roux", "paul.roux@example.org", "Bonjour."))

    handle("accounts", "family.anonymised", {"family_id": family["family_id"], "number": family["number"]})

    assert [r["name"] for r in api.list_contact_requests(STAFF)] == ["Paul Roux"]
