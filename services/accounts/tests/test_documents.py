"""Required documents through the running service: statuses, uploads sniffed by content, replacement,
staff decisions and their events, expiry by time travel, family isolation, refusals that change nothing."""
import base64
import hashlib
import json
import uuid
from datetime import datetime, timedelta

import pytest

from services.accounts.documents.rules import MAX_FILE_BYTES
from services.accounts.documents.schemas import DocumentDecidedData, DocumentSubmittedData
from services.accounts.tests.conftest import STAFF, family_payload, parent_of
from services.chassis.clock import PARIS
from services.chassis.testing import refused, travel

PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
MONDAY = datetime(2025, 3, 10, 9, 30, tzinfo=PARIS)


def b64(content: bytes) -> str:
    return base64.b64encode(content).decode("ascii")


@pytest.fixture
def log(rpc, event_log):
    return event_log("accounts")


@pytest.fixture
def family(rpc, log):
    family = rpc.create_family(STAFF, family_payload())
    assert [e["name"] for e in log.take(3)] == ["family.created", "child.created", "child.created"]
    return family


@pytest.fixture
def parent(family):
    return parent_of(family, str(uuid.uuid4()))


@pytest.fixture
def upload(rpc, family, parent):
    """`upload(type, child=None, content=PDF, filename=…, caller=parent)` → the submitted document."""
    def send(type_code, child=None, content=PDF, filename="document.pdf", caller=None, family_id=None):
        return rpc.upload_document(caller or parent, family_id or family["id"], {
            "type": type_code, "child_id": child and child["id"], "filename": filename,
            "content_base64": b64(content)})
    return send


def by_requirement(documents: list) -> dict:
    return {(d["type"], d["child_name"]): d for d in documents}


def counts(sql) -> dict:
    return {table: sql(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in ("documents", "outbox")}


def test_document_types_are_seeded(rpc, parent):
    assert rpc.list_document_types(parent) == [
        {"code": "attestation_caf", "label": "Attestation CAF", "scope": "family", "validity_months": 12,
         "mandatory": True},
        {"code": "attestation_employeur", "label": "Attestation employeur", "scope": "family",
         "validity_months": 12, "mandatory": False},
        {"code": "vaccinations", "label": "Carnet de vaccinations", "scope": "child", "validity_months": None,
         "mandatory": True},
        {"code": "assurance", "label": "Attestation d'assurance", "scope": "child", "validity_months": 12,
         "mandatory": True},
        {"code": "certificat_medical", "label": "Certificat médical", "scope": "child", "validity_months": None,
         "mandatory": False},
    ]


def test_a_new_family_misses_every_document(rpc, family, parent):
    documents = rpc.list_documents(parent, family["id"])
    lea, hugo = family["children"]
    assert [(d["type"], d["child_id"], d["child_name"]) for d in documents] == [
        ("attestation_caf", None, None), ("attestation_employeur", None, None),
        ("vaccinations", lea["id"], "Léa Dupont"), ("assurance", lea["id"], "Léa Dupont"),
        ("certificat_medical", lea["id"], "Léa Dupont"),
        ("vaccinations", hugo["id"], "Hugo Martin"), ("assurance", hugo["id"], "Hugo Martin"),
        ("certificat_medical", hugo["id"], "Hugo Martin"),
    ]
    assert documents[0] == {
        "id": None, "type": "attestation_caf", "label": "Attestation CAF", "mandatory": True, "child_id": None,
        "child_name": None, "status": "missing", "filename": None, "uploaded_at": None, "decided_at": None,
        "reason": None, "valid_until": None,
    }
    assert {d["status"] for d in documents} == {"missing"}

    missing = rpc.missing_documents(parent, family["id"])
    assert missing["count"] == 5
    assert [(d["type"], d["child_name"]) for d in missing["documents"]] == [
        ("attestation_caf", None), ("vaccinations", "Léa Dupont"), ("assurance", "Léa Dupont"),
        ("vaccinations", "Hugo Martin"), ("assurance", "Hugo Martin")]


def test_an_upload_is_submitted_stored_and_announced(rpc, accounts, family, parent, upload, log, sql):
    travel(accounts, MONDAY)
    lea = family["children"][0]
    document = upload("vaccinations", lea, filename="carnet de Léa.pdf")

    assert document["status"] == "submitted" and document["id"]
    assert (document["type"], document["label"], document["child_id"], document["child_name"]) == (
        "vaccinations", "Carnet de vaccinations", lea["id"], "Léa Dupont")
    assert document["filename"] == "carnet de Léa.pdf"
    assert datetime.fromisoformat(document["uploaded_at"]) == MONDAY
    assert by_requirement(rpc.list_documents(parent, family["id"]))[("vaccinations", "Léa Dupont")] == document
    assert rpc.missing_documents(parent, family["id"])["count"] == 4

    [row] = sql("SELECT family_id::text, child_id::text, content_type, size, sha256, content, uploaded_by,"
                " current FROM documents")
    assert row == {"family_id": family["id"], "child_id": lea["id"], "content_type": "application/pdf",
                   "size": len(PDF), "sha256": hashlib.sha256(PDF).hexdigest(), "content": PDF,
                   "uploaded_by": parent["user_id"], "current": True}
    assert rpc.get_document_file(parent, document["id"]) == {
        "filename": "carnet de Léa.pdf", "content_type": "application/pdf", "content_base64": b64(PDF)}

    [event] = log.take(1)
    assert (event["name"], event["subject"]) == ("document.submitted", document["id"])
    assert DocumentSubmittedData().validate(event["data"]) == {}
    assert event["data"] == {
        "document_id": document["id"], "family_id": family["id"], "child_id": lea["id"], "type": "vaccinations",
        "label": "Carnet de vaccinations", "content_type": "application/pdf", "size": len(PDF),
        "uploaded_at": event["data"]["uploaded_at"]}
    assert datetime.fromisoformat(event["data"]["uploaded_at"]) == MONDAY
    assert b64(PDF) not in json.dumps(event)


@pytest.mark.parametrize("content, filename, content_type", [
    (PDF, "scan.png", "application/pdf"),
    (JPEG, "photo.pdf", "image/jpeg"),
    (PNG, "capture", "image/png"),
])
def test_the_file_type_comes_from_the_content_not_the_name(rpc, upload, content, filename, content_type):
    document = upload("attestation_caf", filename=filename, content=content)
    assert document["filename"] == filename
    assert rpc.get_document_file(STAFF, document["id"]) == {
        "filename": filename, "content_type": content_type, "content_base64": b64(content)}


@pytest.mark.parametrize("content", [b"Ceci n'est pas un PDF.\n", b"GIF89a\x01\x00\x01\x00", b""])
def test_other_contents_are_unsupported_whatever_their_name(upload, content, sql, log):
    with refused(415, "unsupported_file_type") as info:
        upload("attestation_caf", filename="attestation.pdf", content=content)
    assert info.value.message == "Seuls les fichiers PDF, JPEG ou PNG sont acceptés."
    assert counts(sql) == {"documents": 0, "outbox": 3}
    log.assert_quiet(0.5)


@pytest.mark.parametrize("sent, kept", [
    ("../../etc/caf.pdf", "caf.pdf"),
    ("C:\\fakepath\\caf 2025.pdf", "caf 2025.pdf"),
])
def test_only_the_base_name_of_a_file_is_kept(upload, sent, kept):
    assert upload("attestation_caf", filename=sent)["filename"] == kept


def test_files_up_to_10_mb_are_accepted_and_larger_ones_refused(upload, sql, log):
    largest = b"%PDF-" + bytes(MAX_FILE_BYTES - 5)
    assert upload("attestation_caf", content=largest)["status"] == "submitted"
    assert sql("SELECT size FROM documents") == [{"size": 10 * 1024 * 1024}]
    log.take(1)
    with refused(413, "file_too_large") as info:
        upload("attestation_employeur", content=largest + b"\x00")
    assert info.value.message == "Le fichier dépasse la taille maximale de 10 Mo."
    assert counts(sql) == {"documents": 1, "outbox": 4}
    log.assert_quiet(0.5)


def test_a_new_upload_replaces_the_current_document_and_keeps_the_old_one(rpc, accounts, family, parent,
                                                                          upload, sql):
    travel(accounts, MONDAY)
    first = upload("attestation_caf", filename="caf-2024.pdf")
    travel(accounts, MONDAY + timedelta(hours=1))
    second = upload("attestation_caf", content=PNG, filename="caf-2025.png")

    assert second["id"] != first["id"]
    current = by_requirement(rpc.list_documents(parent, family["id"]))[("attestation_caf", None)]
    assert (current["id"], current["filename"], current["status"]) == (second["id"], "caf-2025.png", "submitted")
    rows = sql("SELECT id::text, current FROM documents ORDER BY uploaded_at")
    assert rows == [{"id": first["id"], "current": False}, {"id": second["id"], "current": True}]
    assert rpc.get_document_file(parent, first["id"])["content_base64"] == b64(PDF)
    assert [d["id"] for d in rpc.list_pending_documents(STAFF)] == [second["id"]]
    with refused(409, "document_replaced"):
        rpc.decide_document(STAFF, first["id"], "validate")


def test_staff_validate_and_the_document_expires_after_its_validity(rpc, accounts, family, parent, upload, log):
    travel(accounts, MONDAY)
    document = upload("attestation_caf")
    log.take(1)
    travel(accounts, MONDAY + timedelta(days=2))

    decided = rpc.decide_document(STAFF, document["id"], "validate")

    assert (decided["status"], decided["valid_until"], decided["reason"]) == ("validated", "2026-03-12", None)
    assert datetime.fromisoformat(decided["decided_at"]) == MONDAY + timedelta(days=2)
    [event] = log.take(1)
    assert (event["name"], event["subject"]) == ("document.validated", document["id"])
    assert DocumentDecidedData().validate(event["data"]) == {}
    assert event["data"] == {"document_id": document["id"], "family_id": family["id"], "child_id": None,
                             "type": "attestation_caf", "label": "Attestation CAF", "reason": None,
                             "valid_until": "2026-03-12"}
    assert rpc.list_pending_documents(STAFF) == []

    def caf_status():
        return by_requirement(rpc.list_documents(parent, family["id"]))[("attestation_caf", None)]["status"]

    travel(accounts, datetime(2026, 3, 12, 23, 59, tzinfo=PARIS))
    assert caf_status() == "validated"
    assert "attestation_caf" not in [d["type"] for d in rpc.missing_documents(parent, family["id"])["documents"]]
    travel(accounts, datetime(2026, 3, 13, 0, 0, tzinfo=PARIS))
    assert caf_status() == "expired"
    missing = rpc.missing_documents(parent, family["id"])
    assert missing["documents"][0]["type"] == "attestation_caf" and missing["documents"][0]["status"] == "expired"
    assert missing["count"] == 5

    renewed = upload("attestation_caf")
    assert caf_status() == "submitted" and renewed["id"] != document["id"]


def test_staff_may_give_the_end_of_validity_and_some_types_never_expire(rpc, accounts, family, parent, upload):
    travel(accounts, MONDAY)
    lea = family["children"][0]
    insurance = upload("assurance", lea)
    vaccinations = upload("vaccinations", lea)

    assert rpc.decide_document(STAFF, insurance["id"], "validate", valid_until="2025-08-31")["valid_until"] \
        == "2025-08-31"
    assert rpc.decide_document(STAFF, vaccinations["id"], "validate")["valid_until"] is None

    travel(accounts, datetime(2040, 1, 1, tzinfo=PARIS))
    documents = by_requirement(rpc.list_documents(parent, family["id"]))
    assert documents[("assurance", "Léa Dupont")]["status"] == "expired"
    assert documents[("vaccinations", "Léa Dupont")]["status"] == "validated"


def test_staff_refuse_with_a_reason(rpc, family, parent, upload, log, sql):
    hugo = family["children"][1]
    document = upload("assurance", hugo)
    log.take(1)
    before = sql("SELECT status, decided_at, reason FROM documents")

    with refused(422, "invalid_input") as info:
        rpc.decide_document(STAFF, document["id"], "refuse")
    assert info.value.details == {"fields": {"reason": ["Un motif est obligatoire pour refuser un document."]}}
    assert sql("SELECT status, decided_at, reason FROM documents") == before
    log.assert_quiet(0.5)

    decided = rpc.decide_document(STAFF, document["id"], "refuse", reason=" Document illisible ")
    assert (decided["status"], decided["reason"], decided["valid_until"]) == ("refused", "Document illisible", None)
    [event] = log.take(1)
    assert event["name"] == "document.refused"
    assert event["data"] == {"document_id": document["id"], "family_id": family["id"], "child_id": hugo["id"],
                             "type": "assurance", "label": "Attestation d'assurance",
                             "reason": "Document illisible", "valid_until": None}
    missing = rpc.missing_documents(parent, family["id"])["documents"]
    assert ("assurance", "Hugo Martin", "refused", "Document illisible") in [
        (d["type"], d["child_name"], d["status"], d["reason"]) for d in missing]

    with refused(409, "already_decided"):
        rpc.decide_document(STAFF, document["id"], "validate")
    log.assert_quiet(0.5)


def test_optional_documents_are_never_counted_missing(rpc, family, parent, upload):
    lea = family["children"][0]
    certificate = upload("certificat_medical", lea)
    rpc.decide_document(STAFF, certificate["id"], "refuse", reason="Périmé")
    missing = rpc.missing_documents(parent, family["id"])
    assert {d["type"] for d in missing["documents"]} == {"attestation_caf", "vaccinations", "assurance"}
    assert missing["count"] == 5


def test_pending_documents_oldest_first_for_staff(rpc, accounts, family, upload):
    other = rpc.create_family(STAFF, family_payload(login="famille.b", children=[]))
    travel(accounts, MONDAY)
    first = upload("vaccinations", family["children"][1])
    travel(accounts, MONDAY + timedelta(minutes=5))
    second = upload("attestation_caf", caller=STAFF, family_id=other["id"], content=JPEG, filename="caf.jpg")
    travel(accounts, MONDAY + timedelta(minutes=10))
    third = upload("attestation_caf")
    rpc.decide_document(STAFF, third["id"], "validate")

    pending = rpc.list_pending_documents(STAFF)
    assert [d["id"] for d in pending] == [first["id"], second["id"]]
    assert {k: pending[0][k] for k in ("family_id", "family_number", "family_name", "child_name", "status",
                                       "content_type", "size", "label")} == {
        "family_id": family["id"], "family_number": "F000001", "family_name": "Famille Dupont / Martin",
        "child_name": "Hugo Martin", "status": "submitted", "content_type": "application/pdf", "size": len(PDF),
        "label": "Carnet de vaccinations"}
    assert (pending[1]["family_number"], pending[1]["content_type"]) == ("F000002", "image/jpeg")


def test_review_is_for_staff_only(rpc, parent, upload, sql):
    document = upload("attestation_caf")
    with refused(403, "forbidden"):
        rpc.list_pending_documents(parent)
    with refused(403, "forbidden"):
        rpc.decide_document(parent, document["id"], "validate")
    assert sql("SELECT status FROM documents") == [{"status": "submitted"}]


def test_a_parent_reaches_only_their_own_familys_documents(rpc, family, parent, upload, sql):
    other = rpc.create_family(STAFF, family_payload(login="famille.b"))
    other_parent = parent_of(other, str(uuid.uuid4()))
    theirs = upload("attestation_caf", caller=other_parent, family_id=other["id"])
    mine = upload("attestation_caf")
    before = counts(sql)

    for family_id in (other["id"], str(uuid.uuid4()), "pas-un-uuid", None):
        for call in (rpc.list_documents, rpc.missing_documents):
            with refused(404, "not_found"):
                call(parent, family_id)
        with refused(404, "not_found"):
            rpc.upload_document(parent, family_id, {"type": "attestation_caf", "filename": "a.pdf",
                                                    "content_base64": b64(PDF)})
    answers = []
    for document_id in (theirs["id"], str(uuid.uuid4()), "pas-un-uuid"):
        with refused(404, "not_found") as info:
            rpc.get_document_file(parent, document_id)
        answers.append((info.value.message, info.value.details))
    assert answers[0] == answers[1] == answers[2]
    # Another family's child is not one of ours either.
    with refused(404, "not_found"):
        rpc.upload_document(parent, family["id"], {"type": "vaccinations", "child_id": other["children"][0]["id"],
                                                   "filename": "a.pdf", "content_base64": b64(PDF)})
    assert counts(sql) == before

    assert rpc.get_document_file(parent, mine["id"])["content_base64"] == b64(PDF)
    assert rpc.get_document_file(STAFF, theirs["id"])["content_base64"] == b64(PDF)
    assert rpc.list_documents(STAFF, other["id"])[0]["id"] == theirs["id"]
    with refused(404, "not_found"):
        rpc.list_documents(STAFF, str(uuid.uuid4()))
    with refused(404, "not_found"):
        rpc.decide_document(STAFF, str(uuid.uuid4()), "validate")


@pytest.mark.parametrize("change", [
    {"content_base64": "pas du base64 !"},
    {"content_base64": None},
    {"type": "passeport"},
    {"type": "vaccinations"},  # a child's document without the child
    {"child_id": "child"},  # replaced by a real child id below: a family document names no child
    {"child_id": "pas-un-uuid"},
    {"filename": ""},
    {"filename": "   "},
    {"filename": "dossier/"},
    {"filename": "caf\x00.pdf"},
    {"filename": "a" * 256},
    {"size": 12},
])
def test_bad_uploads_are_422_and_change_nothing(rpc, family, parent, sql, log, change):
    payload = {"type": "attestation_caf", "child_id": None, "filename": "caf.pdf", "content_base64": b64(PDF)}
    if change.get("child_id") == "child":
        change = {"child_id": family["children"][0]["id"]}
    with refused(422, "invalid_input"):
        rpc.upload_document(parent, family["id"], {**payload, **change})
    assert counts(sql) == {"documents": 0, "outbox": 3}
    log.assert_quiet(0.5)


@pytest.mark.parametrize("decision, kwargs", [
    ("accept", {}),
    ("refuse", {"reason": ""}),
    ("refuse", {"reason": "Flou", "valid_until": "2026-01-01"}),
    ("validate", {"valid_until": "2025-03-09"}),
    ("validate", {"valid_until": "31/12/2025"}),
])
def test_bad_decisions_are_422_and_change_nothing(rpc, accounts, upload, sql, log, decision, kwargs):
    travel(accounts, MONDAY)
    document = upload("attestation_caf")
    log.take(1)
    before = sql("SELECT status, decided_at, valid_until FROM documents")
    with refused(422, "invalid_input"):
        rpc.decide_document(STAFF, document["id"], decision, **kwargs)
    assert sql("SELECT status, decided_at, valid_until FROM documents") == before
    log.assert_quiet(0.5)
