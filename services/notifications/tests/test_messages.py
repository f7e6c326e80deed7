"""The inbox between a family and a structure: threads, boxes, read state, trash, scoping, email."""
import time
import uuid

import pytest

from services.chassis.testing import refused
from services.notifications.tests.mail import text_of

STRUCTURE = {"id": str(uuid.uuid4()), "name": "Accueil de loisirs Jean Macé"}
OTHER_STRUCTURE = {"id": str(uuid.uuid4()), "name": "Crèche Les Lutins"}


def parent_of(family):
    return {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}


def staff_of(*structures):
    return {"user_id": str(uuid.uuid4()), "role": "staff", "structure_ids": [s["id"] for s in structures]}


ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin"}


def new_thread(family, structure=STRUCTURE, subject="Sortie de mercredi", body="Faut-il un pique-nique ?"):
    return {"family_id": family["family_id"], "structure_id": structure["id"], "structure_name": structure["name"],
            "subject": subject, "body": body}


@pytest.fixture
def known_family(handle, family):
    handle("accounts", "family.created", family)
    return family


def test_a_parent_writes_staff_answers_and_the_family_reads_it_in_its_inbox(api, known_family, event_log):
    parent, staff = parent_of(known_family), staff_of(STRUCTURE)
    events = event_log("notifications", "message.#")

    thread = api.send_message(parent, new_thread(known_family))
    assert [m["from"] for m in thread["messages"]] == ["family"]
    assert api.list_messages(parent, known_family["family_id"], "inbox") == []
    assert [t["id"] for t in api.list_messages(parent, known_family["family_id"], "sent")] == [thread["id"]]

    [seen] = api.list_structure_messages(staff, STRUCTURE["id"], "inbox")
    assert (seen["subject"], seen["family_name"], seen["unread"]) == ("Sortie de mercredi", "Famille Martin", 1)
    assert api.unread_count(staff) == 1
    assert api.get_thread(staff, thread["id"])["messages"][0]["body"] == "Faut-il un pique-nique ?"
    assert api.unread_count(staff) == 0

    answered = api.reply_message(staff, thread["id"], {"body": "  Oui, et une casquette.  "})
    assert [(m["from"], m["body"]) for m in answered["messages"]] == [
        ("family", "Faut-il un pique-nique ?"), ("staff", "Oui, et une casquette.")]
    assert api.unread_count(parent, known_family["family_id"]) == 1
    [inbox] = api.list_messages(parent, known_family["family_id"], "inbox")
    assert (inbox["id"], inbox["unread"], inbox["structure"]) == (thread["id"], 1, STRUCTURE)

    read = api.get_thread(parent, thread["id"])
    assert read["messages"][1]["read_at"] is None  # shown as new this once
    assert api.unread_count(parent, known_family["family_id"]) == 0
    assert api.get_thread(parent, thread["id"])["messages"][1]["read_at"] is not None

    sent = [e["data"] for e in events.take(2)]
    assert [e["from"] for e in sent] == ["family", "staff"]
    assert sent[1] == {"message_id": answered["messages"][1]["id"], "thread_id": thread["id"],
                       "family_id": known_family["family_id"], "structure_id": STRUCTURE["id"], "from": "staff"}


def test_a_message_from_a_structure_emails_the_family_once_and_follows_the_consent(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    staff = staff_of(STRUCTURE)
    thread = api.send_message(staff, new_thread(family, subject="Dossier incomplet", body="Il manque le vaccin."))
    notices = [m for m in sink.wait_for(2) if m["Subject"].startswith("Nouveau message")]
    assert [m["Subject"] for m in notices] == ["Nouveau message de Accueil de loisirs Jean Macé : Dossier incomplet"]
    assert notices[0]["To"] == "claire.martin@example.org"
    assert f"/messages/{thread['id']}" in text_of(notices[0])
    assert "vaccin" not in text_of(notices[0])  # the content stays on the portal

    api.reply_message(parent_of(family), thread["id"], {"body": "Je l'envoie ce soir."})  # no email to staff
    handle("accounts", "family.updated", {**family, "consent_email": False})
    api.reply_message(staff, thread["id"], {"body": "Merci."})
    time.sleep(0.5)
    kinds = [e["kind"] for e in api.list_emails(ADMIN, family["family_id"])]
    assert kinds.count("message_received") == 1


def test_a_family_reaches_only_its_own_threads(api, handle, known_family):
    other = {**known_family, "family_id": str(uuid.uuid4()), "display_name": "Famille Durand"}
    handle("accounts", "family.created", other)
    theirs = api.send_message(parent_of(other), new_thread(other))
    intruder = parent_of(known_family)

    for call in (lambda: api.get_thread(intruder, theirs["id"]),
                 lambda: api.reply_message(intruder, theirs["id"], {"body": "Bonjour"}),
                 lambda: api.trash_thread(intruder, theirs["id"]),
                 lambda: api.restore_thread(intruder, theirs["id"]),
                 lambda: api.get_thread(intruder, "pas-un-id"),
                 lambda: api.list_messages(intruder, other["family_id"]),
                 lambda: api.unread_count(intruder, other["family_id"]),
                 lambda: api.send_message(intruder, new_thread(other))):
        with refused(404, "not_found"):
            call()
    assert api.list_messages(intruder, known_family["family_id"], "sent") == []
    assert [m["from"] for m in api.get_thread(parent_of(other), theirs["id"])["messages"]] == ["family"]


def test_the_family_summary_answers_as_unread_count_and_list_news(api, known_family):
    parent, family_id, activity = parent_of(known_family), known_family["family_id"], str(uuid.uuid4())
    api.send_message(staff_of(STRUCTURE), new_thread(known_family))
    api.create_news(ADMIN, {"title": "Fête de l'école", "body": "Samedi."})
    api.create_news(ADMIN, {"title": "Sortie au zoo", "body": "Jeudi.", "activity_id": activity,
                            "activity_name": "Centre de loisirs"})
    api.create_news(ADMIN, {"title": "Réunion", "body": "Lundi.", "activity_id": str(uuid.uuid4()),
                            "activity_name": "Crèche"})

    summary = api.family_summary(parent, family_id, [activity], 3)
    assert summary == {"unread_messages": api.unread_count(parent, family_id), "news": api.list_news([activity], 3)}
    assert summary["unread_messages"] == 1
    assert [n["title"] for n in summary["news"]] == ["Sortie au zoo", "Fête de l'école"]
    assert [n["title"] for n in api.family_summary(parent, family_id)["news"]] == ["Fête de l'école"]
    with refused(422, "invalid_input"):
        api.family_summary(parent, family_id, ["pas-un-uuid"], 3)


def test_the_family_summary_is_the_familys_own(api, known_family):
    intruder = parent_of({"family_id": str(uuid.uuid4())})
    for family_id in (known_family["family_id"], str(uuid.uuid4()), "pas-un-uuid", None):
        with refused(404, "not_found"):
            api.family_summary(intruder, family_id, [], 3)
    with refused(403, "forbidden"):  # staff count their own side's messages with unread_count
        api.family_summary(staff_of(STRUCTURE), known_family["family_id"], [], 3)


def test_staff_see_only_the_threads_of_their_structures(api, known_family):
    parent = parent_of(known_family)
    ours = api.send_message(parent, new_thread(known_family, STRUCTURE))
    elsewhere = api.send_message(parent, new_thread(known_family, OTHER_STRUCTURE, subject="Inscription"))
    staff = staff_of(STRUCTURE)

    assert [t["id"] for t in api.list_structure_messages(staff, None, "inbox")] == [ours["id"]]
    assert {t["id"] for t in api.list_structure_messages(ADMIN, None, "inbox")} == {ours["id"], elsewhere["id"]}
    with refused(403, "forbidden"):
        api.list_structure_messages(staff, OTHER_STRUCTURE["id"])
    with refused(403, "forbidden"):
        api.send_message(staff, new_thread(known_family, OTHER_STRUCTURE))
    with refused(404, "not_found"):
        api.get_thread(staff, elsewhere["id"])
    with refused(404, "not_found"):
        api.reply_message(staff, elsewhere["id"], {"body": "Bonjour"})
    with refused(403, "forbidden"):
        api.list_messages(staff, known_family["family_id"])  # staff never read as the family
    with refused(404, "not_found"):  # a family nobody knows
        api.send_message(staff, new_thread({"family_id": str(uuid.uuid4())}))


def test_trash_is_per_side_restores_and_a_new_message_brings_the_thread_back(api, known_family):
    parent, staff = parent_of(known_family), staff_of(STRUCTURE)
    family_id = known_family["family_id"]
    thread = api.send_message(staff, new_thread(known_family))

    assert api.trash_thread(parent, thread["id"]) == {"id": thread["id"], "trashed": True}
    assert api.list_messages(parent, family_id, "inbox") == []
    assert [t["id"] for t in api.list_messages(parent, family_id, "trash")] == [thread["id"]]
    assert api.unread_count(parent, family_id) == 0  # what is in the trash is not waiting to be read
    assert [t["id"] for t in api.list_structure_messages(staff, None, "sent")] == [thread["id"]]

    api.restore_thread(parent, thread["id"])
    assert [t["id"] for t in api.list_messages(parent, family_id, "inbox")] == [thread["id"]]
    api.trash_thread(parent, thread["id"])
    api.reply_message(staff, thread["id"], {"body": "Un rappel."})
    assert [t["id"] for t in api.list_messages(parent, family_id, "inbox")] == [thread["id"]]
    assert api.list_messages(parent, family_id, "trash") == []


@pytest.mark.parametrize("change", [
    {"subject": ""}, {"subject": "   "}, {"subject": "x" * 151}, {"subject": "Objet\nBcc: x@example.org"},
    {"body": ""}, {"body": " \n "}, {"body": "x" * 5001}, {"body": "nul\x00"},
    {"structure_id": "pas-un-id"}, {"structure_name": ""}, {"extra": "champ"},
])
def test_an_invalid_message_is_refused_in_french_and_changes_nothing(api, known_family, change):
    parent = parent_of(known_family)
    with refused(422, "invalid_input") as info:
        api.send_message(parent, {**new_thread(known_family), **change})
    assert info.value.details["fields"]
    assert api.list_messages(parent, known_family["family_id"], "sent") == []


def test_an_invalid_reply_or_box_is_refused(api, known_family):
    parent = parent_of(known_family)
    thread = api.send_message(parent, new_thread(known_family))
    with refused(422, "invalid_input"):
        api.reply_message(parent, thread["id"], {"body": "x" * 5001})
    with refused(422, "invalid_input"):
        api.list_messages(parent, known_family["family_id"], "archives")
    assert len(api.get_thread(parent, thread["id"])["messages"]) == 1
