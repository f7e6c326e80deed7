"""The OpenAPI document: uploads as multipart bodies made of the form's marshmallow schema and the file
part, and the answers a parent's client reads as gateway.responses schemas — checked against what the
real services answer with schemathesis' own response validation."""
from __future__ import annotations

import io
import uuid

import pytest
import schemathesis

from gateway.tests.conftest import wait_until
from gateway.tests.test_documents import PDF, upload
from gateway.uploads import MAX_FILE_BYTES

API = "/api/v1"
ANSWERS = {  # (path, method) → the schema of its 2xx answer
    ("/me", "get"): "MeAnswer",
    ("/family", "get"): "FamilyAnswer",
    ("/dashboard", "get"): "DashboardAnswer",
    ("/children/{child_id}/planning", "get"): "PlanningAnswer",
    ("/bookings", "post"): "BookingsAnswer",
    ("/bookings", "get"): "[BookingAnswer]",
    ("/invoices", "get"): "[InvoiceAnswer]",
    ("/invoices/{invoice_id}", "get"): "InvoiceAnswer",
    ("/messages", "get"): "[ThreadSummaryAnswer]",
    ("/messages", "post"): "ThreadAnswer",
    ("/messages/{thread_id}", "get"): "ThreadAnswer",
    ("/documents", "get"): "[DocumentAnswer]",
    ("/documents", "post"): "DocumentAnswer",
    ("/account", "get"): "AccountAnswer",
}


@pytest.fixture
def client(app):
    return app.test_client()


def answer_schema(document: dict, path: str, method: str) -> str:
    responses = document["paths"][path][method]["responses"]
    ok = next(status for status in responses if status.startswith("2"))
    schema = responses[ok]["content"]["application/json"]["schema"]
    if schema.get("type") == "array":
        return f"[{schema['items']['$ref'].rsplit('/', 1)[1]}]"
    return schema["$ref"].rsplit("/", 1)[1]


def test_uploads_are_multipart_bodies_of_the_forms_schema_and_a_binary_file_part(client):
    document = client.get(f"{API}/openapi.json").json
    components = document["components"]["schemas"]
    for path, method, fields in (("/documents", "post", "DocumentUploadSchema"),
                                 ("/staff/forms", "post", "FormUploadSchema"),
                                 ("/staff/forms/{form_id}/file", "put", None),
                                 ("/staff/families/import", "post", None)):
        body = document["paths"][path][method]["requestBody"]["content"]["multipart/form-data"]["schema"]
        assert body.get("allOf") == ([{"$ref": f"#/components/schemas/{fields}"}] if fields else None)
        assert body["required"] == ["file"]
        file = body["properties"]["file"]
        assert file["type"] == "string" and file["format"] == "binary"
        assert file["x-max-bytes"] == MAX_FILE_BYTES and "10 MB" in file["description"]
        assert "413" in document["paths"][path][method]["responses"]
    upload_fields = components["DocumentUploadSchema"]
    assert upload_fields["required"] == ["type"] and upload_fields["properties"]["child_id"]["format"] == "uuid"
    form_fields = components["FormUploadSchema"]
    assert form_fields["required"] == ["title"]
    assert set(form_fields["properties"]) == {"title", "description", "structure_id", "published"}
    assert "text/csv" in document["paths"]["/staff/families/import"]["post"]["requestBody"]["content"]


def test_the_answers_a_parent_reads_are_documented_by_the_response_schemas(client):
    document = client.get(f"{API}/openapi.json").json
    components = document["components"]["schemas"]
    for (path, method), name in ANSWERS.items():
        assert answer_schema(document, path, method) == name, (path, method)
    assert components["MeAnswer"]["properties"]["role"]["enum"] == ["parent", "staff", "admin"]
    assert components["MeAnswer"]["properties"]["family_id"]["type"] == ["string", "null"]
    assert components["FamilyAnswer"]["additionalProperties"] is True  # services may add fields (API.md)
    assert "from" in components["MessageAnswer"]["properties"]
    assert set(components["DashboardAnswer"]["required"]) == {
        "family", "unread_messages", "account", "unpaid_invoices", "upcoming_bookings", "pending_requests",
        "missing_documents", "news", "unavailable"}


def test_a_form_is_published_from_its_schemas_fields_and_refused_as_before(staff):
    def publish(**data):
        return staff.client.post(f"{API}/staff/forms", data=data, headers={"X-CSRF-Token": staff.csrf},
                                 content_type="multipart/form-data")

    created = publish(title="  Fiche d'inscription ", description="", published="", structure_id=" ",
                      file=(io.BytesIO(PDF), "fiche.pdf"))
    assert created.status_code == 201, created.json
    assert (created.json["title"], created.json["published"], created.json["structure_id"]) == (
        "Fiche d'inscription", False, None)
    assert publish(title="Programme", file=(io.BytesIO(PDF), "p.pdf")).json["published"] is True
    missing_title = publish(file=(io.BytesIO(PDF), "p.pdf"))
    assert missing_title.status_code == 422 and missing_title.json["error"]["code"] == "invalid_input"
    assert set(missing_title.json["error"]["details"]["fields"]) == {"title"}
    bad_structure = publish(title="x", structure_id="nope", file=(io.BytesIO(PDF), "p.pdf"))
    assert bad_structure.status_code == 422 and "structure_id" in bad_structure.json["error"]["details"]["fields"]
    no_file = publish(title="Sans fichier")
    assert no_file.status_code == 422 and no_file.json["error"]["details"]["fields"] == {"file": ["Fichier manquant."]}
    not_multipart = staff.post(f"{API}/staff/forms", json={"title": "x"})
    assert not_multipart.status_code == 415


def test_a_parents_real_answers_conform_to_the_document(app, staff, activity, enrol, new_family, parent_of):
    """Each documented answer, with data in it, through schemathesis' validation of a response."""
    schema = schemathesis.openapi.from_wsgi(f"{API}/openapi.json", app)

    def conforms(response, path: str, method: str, status: int = 200):
        assert response.status_code == status, (path, response.status_code, response.get_json(silent=True))
        schema[path][method.upper()].validate_response(response)
        return response.json

    family = new_family("Conforme")
    child = family["children"][0]
    enrol(child, activity)
    parent = parent_of(family)
    day = activity["days"][0]

    booked = conforms(parent.post(f"{API}/bookings", json={"child_id": child["id"], "changes": [
        {"activity_id": activity["id"], "date": day, "unit": "matin", "action": "book"},
        {"activity_id": activity["id"], "date": day, "unit": "nuit", "action": "book"}]},
        headers={"Idempotency-Key": str(uuid.uuid4())}), "/bookings", "post")
    assert [line["status"] for line in booked["results"]] == ["accepted", "refused"]
    conforms(parent.get(f"{API}/bookings"), "/bookings", "get")
    planning = conforms(parent.get(f"{API}/children/{child['id']}/planning?from={day}&to={activity['days'][1]}"),
                        "/children/{child_id}/planning", "get")
    assert any(cell["state"] == "booked" for cell in planning["days"])

    change = {"target": "guardian", "target_id": family["guardians"][0]["id"], "changes": {"last_name": "Durand"}}
    assert parent.post(f"{API}/family/change-requests", json=change).status_code == 201
    conforms(parent.get(f"{API}/family/change-requests"), "/family/change-requests", "get")
    conforms(parent.get(f"{API}/documents"), "/documents", "get")
    conforms(upload(parent), "/documents", "post", 201)

    thread = conforms(parent.post(f"{API}/messages", json={
        "structure_id": activity["structure_id"], "subject": "Goûter", "body": "Faut-il en apporter un ?"}),
        "/messages", "post", 201)
    conforms(staff.get(f"{API}/staff/messages"), "/staff/messages", "get")
    conforms(staff.post(f"{API}/staff/messages/{thread['id']}/reply", json={"body": "Non."}),
             "/staff/messages/{thread_id}/reply", "post", 201)
    conforms(parent.get(f"{API}/messages"), "/messages", "get")
    conforms(parent.get(f"{API}/messages/{thread['id']}"), "/messages/{thread_id}", "get")
    assert staff.post(f"{API}/staff/news", json={"title": "Piscine", "body": "Fermée lundi."}).status_code == 201

    [regie] = staff.get(f"{API}/staff/regies").json  # billing learns the booking by event: wait for it
    assert wait_until(lambda: parent.get(f"{API}/account").json["uninvoiced_cents"] > 0)
    started = staff.post(f"{API}/staff/invoicing-runs", json={
        "regie_id": regie["id"], "period_start": day, "period_end": day})
    assert started.status_code == 202, started.json
    assert wait_until(lambda: staff.get(f"{API}/staff/invoicing-runs/{started.json['id']}").json["status"]
                      == "completed", timeout=30)
    [invoice] = conforms(parent.get(f"{API}/invoices"), "/invoices", "get")
    assert invoice["lines"]
    conforms(parent.get(f"{API}/invoices/{invoice['id']}"), "/invoices/{invoice_id}", "get")
    conforms(parent.get(f"{API}/account"), "/account", "get")
    conforms(staff.get(f"{API}/staff/invoices?family_id={family['id']}"), "/staff/invoices", "get")

    conforms(parent.get(f"{API}/me"), "/me", "get")
    conforms(parent.get(f"{API}/family"), "/family", "get")
    dashboard = conforms(parent.get(f"{API}/dashboard"), "/dashboard", "get")
    assert dashboard["unavailable"] == [] and dashboard["unpaid_invoices"] and dashboard["upcoming_bookings"]
    assert dashboard["pending_requests"] and dashboard["news"] and dashboard["unread_messages"] is not None
    conforms(staff.get(f"{API}/me"), "/me", "get")
    conforms(staff.get(f"{API}/dashboard"), "/dashboard", "get")
