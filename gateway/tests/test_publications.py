"""News, forms to download and the contact form through the gateway, the real services and broker."""
import io
import uuid

import pytest

from services.notifications.tests.mail import SmtpSink

API = "/api/v1"
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def sink(tmp_path, monkeypatch):
    """A mail sink for notifications, its port set before the stack starts (started by the test)."""
    sink = SmtpSink(tmp_path / "mail")
    monkeypatch.setenv("SMTP_PORT", str(sink.port))
    monkeypatch.setenv("EMAIL_POLL_SECONDS", "0.1")
    yield sink
    sink.stop()


@pytest.fixture
def structure(staff):
    response = staff.post(f"{API}/staff/structures", json={"name": "Centre Jean Moulin", "kind": "alsh"})
    assert response.status_code == 201, response.json
    return response.json


@pytest.fixture
def activity_of(staff, structure):
    def create(name: str) -> dict:
        response = staff.post(f"{API}/staff/activities", json={
            "structure_id": structure["id"], "name": name, "booking_mode": "automatic",
            "units": [{"code": "matin", "label": "Matin"}]})
        assert response.status_code == 201, response.json
        return response.json
    return create


def upload(user, path, method="POST", csrf=True, **fields):
    data = {key: (io.BytesIO(value[1]), value[0]) if isinstance(value, tuple) else value
            for key, value in fields.items()}
    headers = {"X-CSRF-Token": user.csrf} if csrf and user.csrf else {}
    return user.client.open(path, method=method, data=data, headers=headers, content_type="multipart/form-data")


def test_public_news_and_forms_are_read_before_login_and_on_the_login_page(staff, browser):
    assert staff.post(f"{API}/staff/news", json={"title": "Inscriptions d'été ouvertes",
                                                 "body": "Dès le 2 mai."}).status_code == 201
    assert staff.post(f"{API}/staff/news", json={"title": "Brouillon secret", "body": "…",
                                                 "published": False}).status_code == 201
    created = upload(staff, f"{API}/staff/forms", title="Programme des vacances", description="Été",
                     file=("programme.pdf", PDF))
    assert created.status_code == 201, created.json
    form = created.json

    visitor = browser()
    assert [n["title"] for n in visitor.get(f"{API}/news").json] == ["Inscriptions d'été ouvertes"]
    [listed] = visitor.get(f"{API}/forms").json
    assert (listed["id"], listed["filename"], listed["content_type"]) == (form["id"], "programme.pdf",
                                                                         "application/pdf")
    download = visitor.get(f"{API}/forms/{form['id']}/file")
    assert download.status_code == 200 and download.data == PDF and download.mimetype == "application/pdf"
    assert "attachment" in download.headers["Content-Disposition"]

    login_page = visitor.get("/login").get_data(as_text=True)
    assert "Inscriptions d&#39;été ouvertes" in login_page and "Brouillon secret" not in login_page
    assert "Programme des vacances" in visitor.get("/forms").get_data(as_text=True)
    assert visitor.get(f"/forms/{form['id']}/file").data == PDF

    taken_down = staff.send("PATCH", f"{API}/staff/forms/{form['id']}", json={"published": False})
    assert taken_down.status_code == 200 and taken_down.json["published"] is False
    assert visitor.get(f"{API}/forms").json == []
    assert visitor.get(f"{API}/forms/{form['id']}/file").status_code == 404
    assert staff.get(f"{API}/staff/forms/{form['id']}/file").data == PDF


def test_the_news_of_an_activity_reach_only_the_families_enrolled_in_it(staff, browser, new_family, parent_of,
                                                                        enrol, activity_of):
    centre, creche = activity_of("Centre de loisirs"), activity_of("Crèche")
    for activity, title in ((centre, "Sortie au zoo"), (creche, "Réunion des parents")):
        response = staff.post(f"{API}/staff/news", json={"title": title, "body": "Jeudi.",
                                                         "activity_id": activity["id"]})
        assert response.status_code == 201, response.json
        assert response.json["activity_name"] == activity["name"]
    family = new_family("Martin")
    enrol(family["children"][0], centre)
    parent = parent_of(family)

    assert [n["title"] for n in parent.get(f"{API}/news").json] == ["Sortie au zoo"]
    assert "Sortie au zoo" in parent.get("/news").get_data(as_text=True)
    assert browser().get(f"{API}/news").json == []
    assert "Sortie au zoo" not in browser().get("/login").get_data(as_text=True)


def test_staff_manage_news_and_forms_and_parents_may_not(staff, new_family, parent_of):
    news = staff.post(f"{API}/staff/news", json={"title": "Fête", "body": "Samedi."}).json
    assert staff.send("PATCH", f"{API}/staff/news/{news['id']}", json={"title": "Grande fête"}).json["title"] \
        == "Grande fête"
    assert staff.send("DELETE", f"{API}/staff/news/{news['id']}").status_code == 204
    assert staff.get(f"{API}/staff/news").json == []

    refused = staff.post(f"{API}/staff/news", json={"title": "", "body": "x"})
    assert refused.status_code == 422 and refused.json["error"]["details"]["fields"]["title"]
    assert upload(staff, f"{API}/staff/forms", title="Virus", file=("a.pdf", b"MZ\x90 exe")).status_code == 415
    assert upload(staff, f"{API}/staff/forms", title="Sans fichier").status_code == 422
    assert staff.post(f"{API}/staff/forms", json={"title": "x"}).status_code == 415
    assert staff.get(f"{API}/staff/forms").json == []

    parent = parent_of(new_family())
    assert parent.post(f"{API}/staff/news", json={"title": "Pirate", "body": "x"}).status_code == 403
    assert upload(parent, f"{API}/staff/forms", title="x", file=("a.pdf", PDF)).status_code == 403
    assert staff.get(f"{API}/staff/news").json == []


def test_a_visitor_contacts_a_structure_and_its_staff_read_the_request(staff, browser, structure, sink):
    sink.start()
    set_contact = staff.send("PUT", f"{API}/staff/contact-structures/{structure['id']}",
                             json={"name": structure["name"], "email": "jean-moulin@mairie.example.fr"})
    assert set_contact.status_code == 200, set_contact.json
    visitor = browser()
    assert visitor.get(f"{API}/contact/structures").json == [{"id": structure["id"], "name": structure["name"]}]

    page = visitor.get("/contact").get_data(as_text=True)
    assert structure["name"] in page
    sent = visitor.client.post("/contact", data={
        "structure_id": structure["id"], "name": "Paul Durand", "email": "paul@example.org",
        "subject": "Places en juillet", "message": "Reste-t-il des places ?"})
    assert sent.status_code == 302
    assert "Votre message est envoyé" in visitor.get("/contact").get_data(as_text=True)
    [message] = sink.wait_for(1)
    assert message["To"] == "jean-moulin@mairie.example.fr"

    bad = visitor.post(f"{API}/contact", json={"structure_id": structure["id"], "name": "Paul",
                                               "email": "pas-une-adresse", "subject": "s", "message": "m"})
    assert bad.status_code == 422 and "email" in bad.json["error"]["details"]["fields"]
    unknown = visitor.post(f"{API}/contact", json={"structure_id": str(uuid.uuid4()), "name": "Paul",
                                                   "email": "paul@example.org", "subject": "s", "message": "m"})
    assert unknown.status_code == 404

    [request] = staff.get(f"{API}/staff/contact-requests").json
    assert (request["name"], request["subject"], request["emailed"]) == ("Paul Durand", "Places en juillet", True)
    assert "Places en juillet" in staff.get("/staff/contact").get_data(as_text=True)


def test_a_logged_in_parents_contact_request_becomes_a_message_thread_and_needs_the_csrf_token(staff, structure, new_family,
                                                                             parent_of):
    staff.send("PUT", f"{API}/staff/contact-structures/{structure['id']}", json={"name": structure["name"]})
    parent = parent_of(new_family("Durand"))
    payload = {"structure_id": structure["id"], "name": "Marie Durand", "email": "marie@example.org",
               "subject": "Question", "message": "Bonjour"}
    assert parent.post(f"{API}/contact", json=payload, csrf=False).status_code == 403
    answer = parent.post(f"{API}/contact", json=payload)
    assert answer.status_code == 201, answer.json
    assert answer.json["thread_id"] and answer.json["emailed"] is False
    [thread] = staff.get(f"{API}/staff/messages").json
    assert (thread["id"], thread["subject"], thread["structure"]["id"]) == \
        (answer.json["thread_id"], "Question", structure["id"])
    assert staff.get(f"{API}/staff/contact-requests").json == []


def test_staff_pages_publish_news_and_forms_without_javascript(staff):
    page = staff.get("/staff/news").get_data(as_text=True)
    assert 'name="title"' in page
    created = staff.client.post("/staff/news", data={"csrf_token": staff.csrf, "title": "Piscine",
                                                     "body": "Fermée lundi.", "published": "1"})
    assert created.status_code == 302
    assert "Piscine" in staff.get("/staff/news").get_data(as_text=True)
    assert "Piscine" in staff.get("/news").get_data(as_text=True)

    uploaded = staff.client.post("/staff/forms", content_type="multipart/form-data", data={
        "csrf_token": staff.csrf, "title": "Fiche sanitaire", "published": "1",
        "file": (io.BytesIO(PDF), "fiche.pdf")})
    assert uploaded.status_code == 302
    assert "Fiche sanitaire" in staff.get("/forms").get_data(as_text=True)
    refused = staff.client.post("/staff/forms", content_type="multipart/form-data", data={
        "csrf_token": staff.csrf, "title": "Mauvais", "file": (io.BytesIO(b"texte"), "a.txt")})
    assert refused.status_code == 302
    assert "Types de fichiers acceptés" in staff.get("/staff/forms").get_data(as_text=True)
