"""Required documents through the gateway: list, upload (413/415 before or by the service), download,
staff review — API and pages."""
import io

import pytest

from gateway.tests.conftest import STAFF_LOGIN, STAFF_PASSWORD, hidden_field
from gateway.tests.test_errors import assert_error
from gateway.tests.test_web import text, web_login
from gateway.uploads import MAX_FILE_BYTES

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def upload(user, document_type="attestation_caf", child_id=None, content=PDF, filename="attestation.pdf",
           csrf=True):
    data = {"type": document_type, "file": (io.BytesIO(content), filename)}
    if child_id:
        data["child_id"] = child_id
    headers = {"X-CSRF-Token": user.csrf} if csrf else {}
    return user.client.post("/api/v1/documents", data=data, headers=headers, content_type="multipart/form-data")


def test_a_parent_uploads_a_required_document_and_staff_validate_it(new_family, parent_of, staff):
    family = new_family("Dupont")
    parent = parent_of(family)
    listed = parent.get("/api/v1/documents")
    assert listed.status_code == 200
    caf = next(d for d in listed.json if d["type"] == "attestation_caf")
    assert caf["status"] == "missing" and caf["id"] is None

    sent = upload(parent)
    assert sent.status_code == 201, sent.json
    assert sent.json["status"] == "submitted"
    document_id = sent.json["id"]
    statuses = {d["type"]: d["status"] for d in parent.get("/api/v1/documents").json if d["child_id"] is None}
    assert statuses["attestation_caf"] == "submitted"

    download = parent.get(f"/api/v1/documents/{document_id}/file")
    assert download.status_code == 200 and download.data == PDF
    assert download.mimetype == "application/pdf"
    assert download.headers["Content-Disposition"].startswith("attachment;")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert parent.get(f"/api/v1/documents/{document_id}/file?inline=1").headers["Content-Disposition"] \
        .startswith("inline;")

    assert_error(parent.get("/api/v1/staff/documents/pending"), 403, "forbidden")
    pending = staff.get("/api/v1/staff/documents/pending").json
    assert document_id in [d["id"] for d in pending]
    decide = f"/api/v1/staff/documents/{document_id}/decision"
    assert_error(parent.post(decide, json={"decision": "validate"}), 403, "forbidden")
    assert_error(staff.post(decide, json={"decision": "validate"}, csrf=False), 403, "csrf_failed")
    assert_error(staff.post(decide, json={"decision": "validate", "valid_until": "demain"}), 422, "invalid_input")
    decided = staff.post(decide, json={"decision": "validate", "valid_until": "2027-06-30"})
    assert decided.status_code == 200, decided.json
    caf = next(d for d in parent.get("/api/v1/documents").json if d["type"] == "attestation_caf")
    assert (caf["status"], caf["valid_until"]) == ("validated", "2027-06-30")
    assert staff.get(f"/api/v1/documents?family_id={family['id']}").status_code == 200


def test_upload_refusals(new_family, parent_of):
    family = new_family("Dupont")
    parent = parent_of(family)
    assert_error(upload(parent, csrf=False), 403, "csrf_failed")
    too_big = upload(parent, content=b"%PDF-1.4\n" + b"0" * MAX_FILE_BYTES)
    error = assert_error(too_big, 413, "file_too_large")
    assert error["details"]["max_bytes"] == MAX_FILE_BYTES
    way_too_big = upload(parent, content=b"0" * (MAX_FILE_BYTES + 1024 * 1024))
    assert way_too_big.status_code == 413
    assert_error(upload(parent, content=b"juste du texte", filename="faux.pdf"), 415, "unsupported_file_type")
    not_multipart = parent.post("/api/v1/documents", json={"type": "attestation_caf", "content_base64": "eA=="})
    assert_error(not_multipart, 415, "unsupported_media_type")
    missing = parent.client.post("/api/v1/documents", data={"type": "attestation_caf"},
                                 headers={"X-CSRF-Token": parent.csrf}, content_type="multipart/form-data")
    assert_error(missing, 422, "invalid_input")
    assert all(d["status"] == "missing" for d in parent.get("/api/v1/documents").json
               if d["type"] == "attestation_caf")


def test_json_bodies_keep_their_one_megabyte_limit(new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    huge = {"target": "family", "target_id": None, "changes": {"notes": "x" * (2 * 1024 * 1024)}}
    assert_error(parent.post("/api/v1/family/change-requests", json=huge), 413, "payload_too_large")


def test_documents_pages(new_family, app, staff):
    family = new_family("Dupont")
    client = web_login(app, family)
    html = text(client.get("/documents"))
    assert "Mes documents" in html and "Manquant" in html
    assert 'accept=".pdf,.jpg,.jpeg,.png"' in html and 'enctype="multipart/form-data"' in html
    assert 'for="file-1"' in html and "<script" not in html
    csrf = hidden_field(html, "csrf_token")
    form = {"csrf_token": csrf, "type": "attestation_caf", "child_id": "", "file": (io.BytesIO(PDF), "caf.pdf")}
    sent = client.post("/documents", data=form, content_type="multipart/form-data")
    assert sent.status_code == 302
    after = text(client.get("/documents"))
    assert "Votre document est envoyé" in after and "Envoyé, en attente de validation" in after
    assert "télécharger caf.pdf" in after
    wrong = client.post("/documents", data={**form, "file": (io.BytesIO(b"texte"), "x.pdf")},
                        content_type="multipart/form-data")
    assert wrong.status_code == 302 and "PDF" in text(client.get("/documents"))

    staff_client = app.test_client()
    staff_client.post("/login", data={"login": STAFF_LOGIN, "password": STAFF_PASSWORD})
    queue = text(staff_client.get("/staff/documents"))
    assert "Pièces justificatives à valider" in queue and "voir le fichier caf.pdf" in queue
    assert "Valable jusqu'au" in queue and "Motif du refus" in queue
    pending = staff.get("/api/v1/staff/documents/pending").json
    document_id = pending[0]["id"]
    refused = staff_client.post(f"/staff/documents/{document_id}/decision", data={
        "csrf_token": hidden_field(queue, "csrf_token"), "decision": "refuse", "reason": "Illisible"})
    assert refused.status_code == 302 and "Document refusé." in text(staff_client.get("/staff/documents"))
    assert "Illisible" in text(client.get("/documents"))


@pytest.mark.parametrize("path", ["/documents", "/family", "/requests", "/profile", "/profile/logins"])
def test_parent_pages_need_a_session(app, path):
    response = app.test_client().get(path)
    assert response.status_code == 302 and response.location.startswith("/login")
