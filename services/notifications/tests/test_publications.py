"""News, forms and the contact form through the real service, database, broker and SMTP sink."""
import base64
import uuid

import pytest

from services.chassis.testing import refused
from services.notifications.tests.mail import text_of

STRUCTURE = str(uuid.uuid4())
OTHER_STRUCTURE = str(uuid.uuid4())
ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin"}
STAFF = {"user_id": str(uuid.uuid4()), "role": "staff", "structure_ids": [STRUCTURE]}
PARENT = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": str(uuid.uuid4())}
PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode()


def news(**fields):
    return {"title": "Fête de l'école", "body": "Samedi 20 juin, kermesse.", **fields}


def test_public_news_are_listed_for_everyone_and_activity_news_only_for_its_families(api):
    activity = str(uuid.uuid4())
    public = api.create_news(ADMIN, news(title="Inscriptions d'été"))
    for_activity = api.create_news(STAFF, news(title="Sortie au zoo", structure_id=STRUCTURE, activity_id=activity,
                                               activity_name="Centre de loisirs"))
    api.create_news(ADMIN, news(title="Brouillon", published=False))

    assert [n["title"] for n in api.list_news()] == ["Inscriptions d'été"]
    listed = api.list_news([activity])
    assert [n["id"] for n in listed] == [for_activity["id"], public["id"]]
    assert listed[0]["audience"] == "activity" and listed[0]["activity_name"] == "Centre de loisirs"
    assert api.list_news([str(uuid.uuid4())]) == api.list_news()


def test_news_are_taken_down_put_back_and_deleted(api):
    created = api.create_news(STAFF, news(structure_id=STRUCTURE))
    assert created["published"] and created["published_at"]

    hidden = api.update_news(STAFF, created["id"], {"published": False, "title": "Kermesse"})
    assert (hidden["published"], hidden["title"]) == (False, "Kermesse")
    assert api.list_news() == []
    assert api.update_news(STAFF, created["id"], {"published": True})["published"]
    assert [n["title"] for n in api.list_news()] == ["Kermesse"]

    api.delete_news(STAFF, created["id"])
    assert api.list_news() == [] and api.staff_list_news(STAFF) == []
    with refused(404, "not_found"):
        api.update_news(STAFF, created["id"], {"title": "x"})


def test_staff_publish_only_for_their_structures_and_the_town_news_are_the_admins(api):
    theirs = api.create_news(ADMIN, news(structure_id=OTHER_STRUCTURE))
    with refused(403, "forbidden"):
        api.create_news(STAFF, news(structure_id=OTHER_STRUCTURE))
    with refused(403, "forbidden"):
        api.create_news(STAFF, news())
    with refused(403, "forbidden"):
        api.update_news(STAFF, theirs["id"], {"published": False})
    with refused(403, "forbidden"):
        api.create_news(PARENT, news())
    with refused(403):
        api.staff_list_news(PARENT)
    assert api.staff_list_news(STAFF) == []
    assert [n["id"] for n in api.staff_list_news(ADMIN)] == [theirs["id"]]


@pytest.mark.parametrize("payload", [
    news(title=""), news(body=""), news(title="x" * 201), news(activity_id="pas-un-uuid"), {"title": "Sans texte"},
    news(unknown=1),
])
def test_bad_news_get_a_clear_error_and_change_nothing(api, payload):
    with refused(422, "invalid_input") as info:
        api.create_news(ADMIN, payload)
    assert info.value.details["fields"]
    assert api.staff_list_news(ADMIN) == []


def test_a_published_form_is_downloaded_by_anyone_an_unpublished_one_only_by_its_staff(api):
    form = api.create_form(STAFF, {"title": "Programme des vacances", "description": "Été 2026",
                                   "structure_id": STRUCTURE, "filename": "C:\\fakepath\\programme.pdf",
                                   "content_base64": b64(PDF)})
    assert (form["filename"], form["content_type"], form["size_bytes"]) == ("programme.pdf", "application/pdf",
                                                                            len(PDF))
    assert [f["id"] for f in api.list_forms()] == [form["id"]]
    assert api.get_form_file(form["id"]) == {"filename": "programme.pdf", "content_type": "application/pdf",
                                             "content_base64": b64(PDF)}

    api.update_form(STAFF, form["id"], {"published": False})
    assert api.list_forms() == []
    with refused(404, "not_found"):
        api.get_form_file(form["id"])
    with refused(404, "not_found"):
        api.get_form_file(form["id"], PARENT)
    assert api.get_form_file(form["id"], STAFF)["content_base64"] == b64(PDF)

    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 20
    replaced = api.replace_form_file(STAFF, form["id"], {"filename": "programme.png", "content_base64": b64(png)})
    assert (replaced["content_type"], replaced["size_bytes"]) == ("image/png", len(png))
    api.delete_form(STAFF, form["id"])
    assert api.staff_list_forms(STAFF) == []


@pytest.mark.parametrize("filename, content, status, code", [
    ("virus.pdf", b"MZ\x90\x00 not a pdf", 415, "unsupported_file_type"),
    ("archive.zip", b"PK\x03\x04 zip", 415, "unsupported_file_type"),
    ("a.pdf", b"%PDF-" + bytes(10 * 1024 * 1024), 413, "file_too_large"),
    ("vide.pdf", b"", 422, "invalid_input"),
])
def test_a_form_file_of_the_wrong_type_or_size_is_refused(api, filename, content, status, code):
    with refused(status, code):
        api.create_form(ADMIN, {"title": "Fiche", "filename": filename, "content_base64": b64(content)})
    assert api.staff_list_forms(ADMIN) == []


def test_an_office_document_is_recognised_by_its_zip_content_and_extension(api):
    form = api.create_form(ADMIN, {"title": "Fiche sanitaire", "filename": "fiche.odt",
                                   "content_base64": b64(b"PK\x03\x04 odt")})
    assert form["content_type"] == "application/vnd.oasis.opendocument.text"


def test_staff_manage_only_the_forms_of_their_structures(api):
    town = api.create_form(ADMIN, {"title": "Règlement", "filename": "r.pdf", "content_base64": b64(PDF)})
    with refused(403, "forbidden"):
        api.delete_form(STAFF, town["id"])
    with refused(403, "forbidden"):
        api.create_form(STAFF, {"title": "X", "structure_id": OTHER_STRUCTURE, "filename": "x.pdf",
                                "content_base64": b64(PDF)})
    with refused(404, "not_found"):
        api.update_form(ADMIN, str(uuid.uuid4()), {"title": "Y"})
    assert [f["title"] for f in api.list_forms()] == ["Règlement"]


def test_a_contact_request_is_emailed_to_the_structure_and_listed_for_its_staff(sink, api):
    sink.start()
    api.set_structure_contact(STAFF, STRUCTURE, {"name": "Centre de loisirs", "email": "cdl@mairie.example.fr"})
    assert api.list_contact_structures() == [{"id": STRUCTURE, "name": "Centre de loisirs"}]

    answer = api.submit_contact({"structure_id": STRUCTURE, "name": "Paul Durand", "email": "paul@example.org",
                                 "subject": "Inscription", "message": "Bonjour,\nReste-t-il des places ?"})
    assert answer["emailed"]
    [message] = sink.wait_for(1)
    assert message["To"] == "cdl@mairie.example.fr"
    assert "Inscription" in message["Subject"]
    assert "Paul Durand" in text_of(message) and "Reste-t-il des places ?" in text_of(message)

    [request] = api.list_contact_requests(STAFF)
    assert (request["id"], request["structure_name"], request["email"], request["emailed"], request["family_id"]) \
        == (answer["id"], "Centre de loisirs", "paul@example.org", True, None)
    assert api.list_contact_requests({**STAFF, "structure_ids": [OTHER_STRUCTURE]}) == []


def test_a_contact_request_to_a_structure_without_address_is_only_listed(api):
    api.set_structure_contact(ADMIN, STRUCTURE, {"name": "Crèche", "email": None})
    answer = api.submit_contact({"structure_id": STRUCTURE, "name": "Claire", "email": "claire@example.org",
                                 "subject": "Place", "message": "Une place en septembre ?"}, PARENT)
    assert answer["emailed"] is False
    [request] = api.list_contact_requests(ADMIN)
    assert request["family_id"] == PARENT["family_id"] and request["message"] == "Une place en septembre ?"


@pytest.mark.parametrize("payload, status", [
    ({"name": "A", "email": "pas-une-adresse", "subject": "S", "message": "M"}, 422),
    ({"name": "", "email": "a@example.org", "subject": "S", "message": "M"}, 422),
    ({"name": "A", "email": "a@example.org", "subject": "S", "message": ""}, 422),
    ({"name": "A", "email": "a@example.org", "subject": "S", "message": "M", "structure_id": str(uuid.uuid4())},
     404),
])
def test_a_bad_contact_request_is_refused_and_recorded_nowhere(api, payload, status):
    api.set_structure_contact(ADMIN, STRUCTURE, {"name": "Crèche", "email": "creche@example.fr"})
    with refused(status):
        api.submit_contact({"structure_id": STRUCTURE, **payload})
    assert api.list_contact_requests(ADMIN) == []


def test_only_the_structures_staff_set_its_contact_address(api):
    with refused(403, "forbidden"):
        api.set_structure_contact(STAFF, OTHER_STRUCTURE, {"name": "Autre", "email": None})
    with refused(422, "invalid_input"):
        api.set_structure_contact(STAFF, STRUCTURE, {"name": "", "email": None})
    assert api.list_contact_structures() == []
