"""The inbox through the gateway and the real services: a parent writes to a structure, staff of that
structure answer; boxes, unread counts, trash; another family's threads answer 404; the pages."""
from __future__ import annotations

import re

import pytest

from gateway.tests.conftest import STAFF_PASSWORD

API = "/api/v1"


def text(response) -> str:
    return response.get_data(as_text=True)


def ok(response, status: int = 200):
    assert response.status_code == status, (response.status_code, response.get_json(silent=True) or text(response))
    return response.json


def assert_error(response, status: int, code: str):
    assert response.status_code == status, (response.status_code, response.json)
    assert response.json["error"]["code"] == code


@pytest.fixture
def structure(staff):
    """A structure with an activity: what parents are offered, and so may write to."""
    structure = ok(staff.post(f"{API}/staff/structures", json={"name": "Accueil Jean Macé", "kind": "alsh"}), 201)
    ok(staff.post(f"{API}/staff/activities", json={
        "structure_id": structure["id"], "name": "Mercredis", "booking_mode": "automatic",
        "units": [{"code": "journee", "label": "Journée"}]}), 201)
    return structure


def write(parent, structure, subject="Sortie de mercredi", body="Faut-il un pique-nique ?"):
    return ok(parent.post(f"{API}/messages", json={"structure_id": structure["id"], "subject": subject,
                                                   "body": body}), 201)


def test_a_parent_and_the_structure_talk_in_a_thread(staff, structure, new_family, parent_of):
    family = new_family("Martin")
    parent = parent_of(family)
    assert ok(parent.get(f"{API}/messages/structures")) == [{"id": structure["id"], "name": "Accueil Jean Macé"}]

    thread = write(parent, structure)
    assert thread["structure"] == {"id": structure["id"], "name": "Accueil Jean Macé"}
    assert [t["id"] for t in ok(parent.get(f"{API}/messages?box=sent"))] == [thread["id"]]
    assert ok(parent.get(f"{API}/messages")) == []

    [seen] = ok(staff.get(f"{API}/staff/messages?structure_id={structure['id']}"))
    assert (seen["id"], seen["unread"], seen["family_id"]) == (thread["id"], 1, family["id"])
    assert ok(staff.get(f"{API}/staff/messages/unread")) == {"unread": 1}
    ok(staff.get(f"{API}/staff/messages/{thread['id']}"))
    assert ok(staff.get(f"{API}/staff/messages/unread")) == {"unread": 0}
    ok(staff.post(f"{API}/staff/messages/{thread['id']}/reply", json={"body": "Oui, et une casquette."}), 201)

    [inbox] = ok(parent.get(f"{API}/messages?box=inbox"))
    assert (inbox["id"], inbox["unread"]) == (thread["id"], 1)
    read = ok(parent.get(f"{API}/messages/{thread['id']}"))
    assert [(m["from"], m["body"]) for m in read["messages"]] == [
        ("family", "Faut-il un pique-nique ?"), ("staff", "Oui, et une casquette.")]
    assert ok(parent.get(f"{API}/messages"))[0]["unread"] == 0

    assert ok(parent.send("DELETE", f"{API}/messages/{thread['id']}")) == {"id": thread["id"], "trashed": True}
    assert [t["id"] for t in ok(parent.get(f"{API}/messages?box=trash"))] == [thread["id"]]
    ok(parent.post(f"{API}/messages/{thread['id']}/restore"))
    assert [t["id"] for t in ok(parent.get(f"{API}/messages"))] == [thread["id"]]

    staff_thread = ok(staff.post(f"{API}/staff/messages", json={
        "family_id": family["id"], "structure_id": structure["id"], "subject": "Dossier",
        "body": "Il manque un document."}), 201)
    assert staff_thread["started_by"] == "staff"
    assert len(ok(parent.get(f"{API}/messages"))) == 2


def test_bad_messages_are_refused_in_french_and_change_nothing(structure, new_family, parent_of):
    parent = parent_of(new_family("Petit"))
    for payload in ({"structure_id": structure["id"], "subject": "", "body": "Bonjour"},
                    {"structure_id": structure["id"], "subject": "Objet", "body": "x" * 5001},
                    {"structure_id": structure["id"], "subject": "Objet", "body": "Bonjour", "pièce": "x"}):
        response = parent.post(f"{API}/messages", json=payload)
        assert_error(response, 422, "invalid_input")
        assert response.json["error"]["message"] == "Certaines données sont invalides."
    unknown = parent.post(f"{API}/messages", json={"structure_id": "00000000-0000-4000-8000-000000000000",
                                                  "subject": "Objet", "body": "Bonjour"})
    assert_error(unknown, 422, "invalid_input")
    assert unknown.json["error"]["details"]["fields"]["structure_id"] == ["Choisissez une structure de la liste."]
    assert_error(parent.get(f"{API}/messages?box=archives"), 422, "invalid_input")
    assert ok(parent.get(f"{API}/messages?box=sent")) == []


def test_another_family_and_another_structure_reach_nothing(staff, structure, new_family, parent_of, browser,
                                                            service_sql):
    from services.accounts.bootstrap import ensure_staff_user

    theirs = write(parent_of(new_family("Durand")), structure)
    intruder = parent_of(new_family("Leroy"))
    for method, path in (("GET", f"{API}/messages/{theirs['id']}"), ("POST", f"{API}/messages/{theirs['id']}/reply"),
                         ("DELETE", f"{API}/messages/{theirs['id']}"),
                         ("POST", f"{API}/messages/{theirs['id']}/restore")):
        assert_error(intruder.send(method, path, json={"body": "Bonjour"}), 404, "not_found")
    assert intruder.get(f"/messages/{theirs['id']}").status_code == 404
    slipped = intruder.post(f"{API}/messages", json={"family_id": theirs["family_id"], "structure_id": structure["id"],
                                                     "subject": "Intrusion", "body": "Bonjour"})
    assert_error(slipped, 404, "not_found")
    assert ok(intruder.get(f"{API}/messages?box=sent")) == []
    assert_error(intruder.get(f"{API}/staff/messages"), 403, "forbidden")

    ensure_staff_user("agent.messages", STAFF_PASSWORD, role="staff")
    other = ok(staff.post(f"{API}/staff/structures", json={"name": "Crèche Les Lutins", "kind": "creche"}), 201)
    service_sql("accounts")("UPDATE users SET structure_ids = %s WHERE login = %s", ([other["id"]], "agent.messages"))
    agent = browser()
    ok(agent.login("agent.messages", STAFF_PASSWORD))
    assert ok(agent.get(f"{API}/staff/messages")) == []
    assert_error(agent.get(f"{API}/staff/messages?structure_id={structure['id']}"), 403, "forbidden")
    assert_error(agent.get(f"{API}/staff/messages/{theirs['id']}"), 404, "not_found")
    assert_error(agent.post(f"{API}/staff/messages/{theirs['id']}/reply", json={"body": "Bonjour"}), 404, "not_found")


def assert_accessible(html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for tag, field_id in re.findall(r'<(input|select|textarea)\s+id="([^"]+)"', html):
        assert f'<label for="{field_id}"' in html, f"{tag} #{field_id} has no label"
    assert "<script" not in html and "style=" not in html


def test_the_pages_of_the_inbox(staff, structure, new_family, parent_of):
    family = new_family("Bernard")
    parent = parent_of(family)
    form = text(parent.get("/messages/new"))
    assert_accessible(form)
    assert "Accueil Jean Macé" in form

    refused = parent.client.post("/messages/new", data={"csrf_token": parent.csrf, "structure_id": structure["id"],
                                                        "subject": "", "body": "Gardez ce texte"})
    assert refused.status_code == 422 and "Gardez ce texte" in text(refused)
    sent = parent.client.post("/messages/new", data={"csrf_token": parent.csrf, "structure_id": structure["id"],
                                                     "subject": "Allergie", "body": "<b>Arachide</b>\nmerci"})
    assert sent.status_code == 302
    thread_id = sent.headers["Location"].rsplit("/", 1)[1]
    page = text(parent.get(f"/messages/{thread_id}"))
    assert_accessible(page)
    assert "&lt;b&gt;Arachide&lt;/b&gt;<br>merci" in page  # plain text, shown as typed

    listed = text(staff.get(f"/staff/messages?structure_id={structure['id']}"))
    assert_accessible(listed)
    assert "Allergie" in listed and "1 non lu" in listed
    staff_page = staff.get(f"/staff/messages/{thread_id}")
    assert_accessible(text(staff_page))
    answered = staff.client.post(f"/staff/messages/{thread_id}/reply",
                                 data={"csrf_token": staff.csrf, "body": "Bien noté."})
    assert answered.status_code == 302
    assert parent.client.post(f"/staff/messages/{thread_id}/reply",
                              data={"csrf_token": parent.csrf, "body": "x"}).status_code == 403

    inbox = text(parent.get("/messages"))
    assert_accessible(inbox)
    assert "Allergie" in inbox and "(1 non lu)" in inbox  # in the list and in the nav
    assert "Bien noté." in text(parent.get(f"/messages/{thread_id}"))
    assert parent.client.post(f"/messages/{thread_id}/trash", data={"csrf_token": parent.csrf}).status_code == 302
    assert "Allergie" in text(parent.get("/messages?box=trash"))
    assert parent.client.post(f"/messages/{thread_id}/trash", data={}).status_code in (400, 403)  # no CSRF token
