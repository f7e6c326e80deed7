"""The IDOR walk: a parent of family B tries every family-scoped API endpoint with family A's ids.

The endpoints are listed from the gateway's own url_map, so a new endpoint fails this test until it is
classified below: SCOPED (takes an id of a family's thing → B with A's id must get 404, never
200/403/500), OWN_DATA (no id of its own → B gets B's data only, whatever family id it slips in),
OWN_WRITES (no id of its own → B's change lands on B's family only, whatever family id it slips in),
PUBLIC and OWN_ACCOUNT (deliberately excluded, with the reason), and every /staff/ route (403 to a
parent, with A's ids in the path)."""
from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest

from gateway import create_app
from tests.client import ApiClient
from tests.conftest import STAFF_LOGIN, STAFF_PASSWORD
from tests.e2e.test_payments import open_payment

pytestmark = pytest.mark.stack

TEMPORARY = "Provisoire-2026"
PASSWORD = "Isolation-2026x"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PREFIX = "/api/v1"

# Reachable without a session, or about no family at all: nothing of a family to leak.
PUBLIC = {
    ("GET", "/health"), ("GET", "/openapi.json"), ("POST", "/auth/login"), ("POST", "/auth/password/forgot"),
    ("POST", "/auth/password/reset"), ("POST", "/auth/activate"), ("POST", "/auth/email/confirm"),
}
# The offer, and the calendar feed (authorised by the secret in its URL, tested in test_api_reservations).
PUBLIC |= {("GET", "/activities/<uuid:activity_id>"), ("GET", "/calendar/<token>.ics")}
# The structures a parent may write to: the offer's, the same for every family.
PUBLIC |= {("GET", "/messages/structures")}
# A payment provider's notification: no session; billing checks its signature (tests/e2e/test_payments.py).
PUBLIC |= {("POST", "/payments/notify/<provider>")}
# Published to everyone (news, forms, the contact form's structures, a visitor's contact request); a
# parent's news also lists its own activities' news, chosen from the session, never from a parameter.
PUBLIC |= {("GET", "/news"), ("GET", "/forms"), ("GET", "/forms/<uuid:form_id>/file"),
           ("GET", "/contact/structures"), ("POST", "/contact")}
# Act on the caller's own user account and accept no id: there is no other family's id to pass.
OWN_ACCOUNT = {("POST", "/auth/logout"), ("POST", "/me/password"), ("POST", "/me/email")}


def tomorrow() -> str:
    return (date.today() + timedelta(days=1)).isoformat()


def api_routes() -> set[tuple[str, str]]:
    app = create_app({"TESTING": True})
    return {(method, rule.rule.removeprefix(PREFIX))
            for rule in app.url_map.iter_rules() if rule.rule.startswith(PREFIX + "/")
            for method in rule.methods - {"HEAD", "OPTIONS"}}


def call(client: ApiClient, method: str, path: str, **kwargs):
    return client._send(method, path, **kwargs)


def new_family(staff: ApiClient, stack, last_name: str, children: tuple[str, ...]) -> dict:
    login = f"{last_name.lower()}.{uuid.uuid4().hex[:6]}@example.org"
    created = staff.post("/staff/families", {
        "guardians": [{"civility": "Mme", "first_name": "Alix", "last_name": last_name, "email": login,
                       "phone": "0600000000"}],
        "children": [{"first_name": name, "last_name": last_name, "birth_date": "2019-04-02"} for name in children],
        "quotient": 650, "temporary_password": TEMPORARY,
    })
    assert created.status_code == 201, created.text
    parent = ApiClient(stack.base_url)
    assert parent.login(login, TEMPORARY).status_code == 200
    changed = parent.post("/me/password", {"current_password": TEMPORARY, "new_password": PASSWORD})
    assert changed.status_code == 200, changed.text
    family = created.json()
    child = family["children"][0]
    family_doc = upload(parent, "attestation_caf")
    child_doc = upload(parent, "vaccinations", child["id"])
    request = parent.post("/family/change-requests", {"target": "child", "target_id": child["id"],
                                                       "changes": {"school": "École Jules Ferry"}})
    assert request.status_code == 201, request.text
    return {"family": family, "parent": parent, "child_id": child["id"], "guardian_id": family["guardians"][0]["id"],
            "document_ids": [family_doc["id"], child_doc["id"]], "request_id": request.json()["id"],
            "user_id": parent.get("/me").json()["id"]}


def upload(parent: ApiClient, document_type: str, child_id: str | None = None) -> dict:
    data = {"type": document_type, **({"child_id": child_id} if child_id else {})}
    sent = parent.post("/documents", data=data, files={"file": ("piece.pdf", PDF, "application/pdf")})
    assert sent.status_code == 201, sent.text
    return sent.json()


@pytest.fixture(scope="module")
def families(stack):
    staff = ApiClient(stack.base_url)
    assert staff.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    a, b = new_family(staff, stack, "ARNAUD", ("Anna", "Axel")), new_family(staff, stack, "BLANC", ("Bruno",))
    add_reservations(staff, a)
    a.update(open_payment(stack, staff, a["parent"], a["family"]["id"]))
    return {"A": a, "B": b, "staff": staff}


def add_reservations(staff: ApiClient, family: dict) -> None:
    """The family's enrolment, booking, crèche contract and calendar feed, for B to try."""
    structure = staff.post("/staff/structures", {"name": "Multi-accueil Les Lutins", "kind": "creche"}).json()
    activity = staff.post("/staff/activities", {
        "structure_id": structure["id"], "name": "Crèche", "booking_mode": "automatic",
        "units": [{"code": "journee", "label": "Journée"}]}).json()
    staff.post(f"/staff/activities/{activity['id']}/days",
               {"days": [{"date": tomorrow(), "unit": "journee", "capacity": 10}]})
    parent, child_id = family["parent"], family["child_id"]
    enrolment = parent.post("/enrolments", {"child_id": child_id, "activity_id": activity["id"]})
    assert enrolment.status_code == 201, enrolment.text
    booked = parent.book(child_id, [{"activity_id": activity["id"], "date": tomorrow(), "unit": "journee",
                                     "action": "book"}])
    assert booked.json()["results"][0]["status"] == "accepted", booked.text
    contract = staff.post("/staff/contracts", {
        "child_id": child_id, "activity_id": activity["id"], "starts_on": tomorrow(),
        "ends_on": (date.today() + timedelta(days=200)).isoformat(), "schedule": {"0": [["08:30", "17:30"]]}})
    assert contract.status_code == 201, contract.text
    assert parent.post(f"/children/{child_id}/calendar-feed").status_code == 201
    thread = parent.post("/messages", {"structure_id": structure["id"], "subject": "Adaptation",
                                       "body": "Quels horaires la première semaine ?"})
    assert thread.status_code == 201, thread.text
    family.update(activity_id=activity["id"], enrolment_id=enrolment.json()["id"],
                  contract_id=contract.json()["id"], thread_id=thread.json()["id"],
                  structure_id=structure["id"])


# (method, path) → how B calls it with A's things (`a` is A's ids).
SCOPED = {
    ("GET", "/children/<uuid:child_id>/planning"): lambda a: ("GET", f"/children/{a['child_id']}/planning", {}),
    ("GET", "/documents/<uuid:document_id>/file"): lambda a: ("GET", f"/documents/{a['document_ids'][1]}/file", {}),
    ("GET", "/activities"): lambda a: ("GET", f"/activities?child_id={a['child_id']}", {}),
    ("GET", "/bookings"): lambda a: ("GET", f"/bookings?child_id={a['child_id']}", {}),
    ("POST", "/bookings"): lambda a: ("POST", "/bookings", {
        "json": {"child_id": a["child_id"], "changes": [
            {"activity_id": str(uuid.uuid4()), "date": tomorrow(), "unit": "matin", "action": "book"}]},
        "headers": {"Idempotency-Key": str(uuid.uuid4())}}),
    ("POST", "/documents"): lambda a: ("POST", "/documents", {
        "data": {"type": "vaccinations", "child_id": a["child_id"]},
        "files": {"file": ("piece.pdf", PDF, "application/pdf")}}),
    ("POST", "/family/change-requests"): lambda a: ("POST", "/family/change-requests", {
        "json": {"target": "child", "target_id": a["child_id"], "changes": {"school": "Ailleurs"}}}),
    ("PATCH", "/family"): lambda a: ("PATCH", "/family", {
        "json": {"children": [{"id": a["child_id"], "image_consent": True}]}}),
    ("POST", "/enrolments"): lambda a: ("POST", "/enrolments", {
        "json": {"child_id": a["family"]["children"][1]["id"], "activity_id": a["activity_id"]}}),
    ("DELETE", "/enrolments/<uuid:enrolment_id>"): lambda a: ("DELETE", f"/enrolments/{a['enrolment_id']}", {}),
    ("GET", "/bookings/history"): lambda a: ("GET", f"/bookings/history?child_id={a['child_id']}", {}),
    ("POST", "/children/<uuid:child_id>/calendar-feed"): lambda a: (
        "POST", f"/children/{a['child_id']}/calendar-feed", {}),
    ("DELETE", "/children/<uuid:child_id>/calendar-feed"): lambda a: (
        "DELETE", f"/children/{a['child_id']}/calendar-feed", {}),
    ("GET", "/attestations/<int:year>/pdf"): lambda a: (
        "GET", f"/attestations/{date.today().year - 1}/pdf?family_id={a['family']['id']}", {}),
    ("POST", "/contracts/<uuid:contract_id>/absences"): lambda a: (
        "POST", f"/contracts/{a['contract_id']}/absences", {
            "json": {"date_from": tomorrow(), "date_to": tomorrow(), "reason": "Vacances"}}),
    ("GET", "/messages/<uuid:thread_id>"): lambda a: ("GET", f"/messages/{a['thread_id']}", {}),
    ("GET", "/payments/<uuid:online_payment_id>"): lambda a: ("GET", f"/payments/{a['online_payment_id']}", {}),
    ("GET", "/invoices/<uuid:invoice_id>"): lambda a: ("GET", f"/invoices/{a['invoice_id']}", {}),
    ("GET", "/invoices/<uuid:invoice_id>/pdf"): lambda a: ("GET", f"/invoices/{a['invoice_id']}/pdf", {}),
    ("POST", "/payments"): lambda a: ("POST", "/payments", {
        "json": {"invoice_ids": [a["invoice_id"]], "email": "intrus@example.org"}}),
    ("POST", "/messages/<uuid:thread_id>/reply"): lambda a: (
        "POST", f"/messages/{a['thread_id']}/reply", {"json": {"body": "Intrusion"}}),
    ("DELETE", "/messages/<uuid:thread_id>"): lambda a: ("DELETE", f"/messages/{a['thread_id']}", {}),
    ("POST", "/messages/<uuid:thread_id>/restore"): lambda a: ("POST", f"/messages/{a['thread_id']}/restore", {}),
    ("POST", "/messages"): lambda a: ("POST", "/messages", {"json": {
        "family_id": a["family"]["id"], "structure_id": a["structure_id"], "subject": "Intrusion", "body": "x"}}),
}

# Each row: the path with A's family id slipped in, and the check that B got only B's data.
OWN_DATA = {
    ("GET", "/family"): ("/family?family_id={A}", lambda body, a, b: body["id"] == b["family"]["id"]),
    ("GET", "/family/export"): ("/family/export?family_id={A}",
                                lambda body, a, b: a["family"]["number"] not in str(body)
                                and b["family"]["number"] in str(body)),
    ("GET", "/family/change-requests"): (
        "/family/change-requests?family_id={A}",
        lambda body, a, b: [r["id"] for r in body] == [b["request_id"]]),
    ("GET", "/documents"): ("/documents?family_id={A}",
                            lambda body, a, b: not {d["id"] for d in body} & set(a["document_ids"])
                            and set(b["document_ids"]) <= {d["id"] for d in body}),
    ("GET", "/account"): ("/account?family_id={A}", lambda body, a, b: "balance_cents" in body),
    ("GET", "/consumptions"): ("/consumptions?family_id={A}", lambda body, a, b: body["lines"] == []),
    ("GET", "/consumptions/months"): ("/consumptions/months?family_id={A}", lambda body, a, b: body == []),
    ("GET", "/statement"): ("/statement?family_id={A}",
                            lambda body, a, b: body["operations"] == [] and body["closing_balance_cents"] == 0),
    ("GET", "/attestations"): ("/attestations?family_id={A}", lambda body, a, b: body == []),
    ("GET", "/dashboard"): ("/dashboard?family_id={A}", lambda body, a, b: body["family"]["id"] == b["family"]["id"]),
    ("GET", "/me"): ("/me?family_id={A}", lambda body, a, b: body["family_id"] == b["family"]["id"]),
    ("GET", "/enrolments"): ("/enrolments?family_id={A}",
                             lambda body, a, b: a["enrolment_id"] not in str(body)),
    ("GET", "/contracts"): ("/contracts?family_id={A}", lambda body, a, b: body == []),
    ("GET", "/payments"): ("/payments?family_id={A}", lambda body, a, b: body == []),
    ("GET", "/invoices"): ("/invoices?family_id={A}", lambda body, a, b: body == []),
    ("GET", "/wallets"): ("/wallets?family_id={A}", lambda body, a, b: all(w["balance_cents"] == 0 for w in body)),
    ("GET", "/messages"): ("/messages?box=sent&family_id={A}", lambda body, a, b: body == []),
    ("GET", "/me/logins"): ("/me/logins?family_id={A}",
                            lambda body, a, b: isinstance(body, list) and body and all(e["success"] for e in body)),
    ("GET", "/notification-settings"): ("/notification-settings?family_id={A}",
                                        lambda body, a, b: body["family_id"] == b["family"]["id"]),
}

# Each row: the path with A's family id slipped in, the body B sends, and where to read the result.
OWN_WRITES = {
    ("PUT", "/notification-settings"): ("/notification-settings?family_id={A}",
                                        {"locale": "en", "extra_invoice_emails": ["intrus@example.org"]},
                                        "/notification-settings"),
}


def staff_path(rule: str, a: dict) -> str:
    ids = {"family_id": a["family"]["id"], "request_id": a["request_id"], "document_id": a["document_ids"][0],
           "user_id": a["user_id"], "activity_id": a["activity_id"], "enrolment_id": a["enrolment_id"],
           "contract_id": a["contract_id"], "booking_id": str(uuid.uuid4()), "thread_id": a["thread_id"],
           "invoice_id": a["invoice_id"], "run_id": str(uuid.uuid4()), "form_id": str(uuid.uuid4()),
           "news_id": str(uuid.uuid4()), "structure_id": a["structure_id"], "regie_id": str(uuid.uuid4()),
           "tariff_id": str(uuid.uuid4()), "webhook_id": str(uuid.uuid4())}
    for name, value in ids.items():
        rule = rule.replace(f"<uuid:{name}>", value)
    rule = rule.replace("<day>", tomorrow())
    assert "<" not in rule, f"no id of A for {rule}: add it to staff_path"
    return rule


def test_every_api_route_is_classified():
    routes = api_routes()
    staff = {route for route in routes if route[1].startswith("/staff/")}
    classified = PUBLIC | OWN_ACCOUNT | set(SCOPED) | set(OWN_DATA) | set(OWN_WRITES) | staff
    assert routes == classified, f"unclassified: {routes - classified}; gone: {classified - routes}"
    assert not (set(SCOPED) & set(OWN_DATA))
    # A route with an id in its path is never "own data".
    assert not [route for route in [*OWN_DATA, *OWN_WRITES] if "<" in route[1]]


def test_b_gets_404_for_every_id_of_a(families):
    a, b = families["A"], families["B"]
    before = a["parent"].get("/family").json()
    answers = {}
    for route, build in SCOPED.items():
        method, path, kwargs = build(a)
        answers[route] = call(b["parent"], method, path, **kwargs)
    wrong = {route: (response.status_code, response.text[:200]) for route, response in answers.items()
             if response.status_code != 404}
    assert not wrong, wrong
    for response in answers.values():
        assert response.json()["error"]["code"] == "not_found"
    # Nothing of A changed, nothing was added to A.
    assert a["parent"].get("/family").json() == before
    assert [r["id"] for r in a["parent"].get("/family/change-requests").json()] == [a["request_id"]]
    a_docs = {d["id"] for d in a["parent"].get("/documents").json() if d["id"]}
    assert a_docs == set(a["document_ids"])
    assert [e["status"] for e in a["parent"].get("/enrolments").json()] == ["accepted"]
    [contract] = a["parent"].get("/contracts").json()
    assert contract["absences"] == []
    thread = a["parent"].get(f"/messages/{a['thread_id']}").json()
    assert (len(thread["messages"]), thread["trashed"]) == (1, False)


def test_endpoints_without_ids_answer_b_its_own_data(families):
    a, b = families["A"], families["B"]
    for route, (path, is_own) in OWN_DATA.items():
        response = b["parent"].get(path.format(A=a["family"]["id"]))
        assert response.status_code == 200, (route, response.status_code, response.text[:200])
        assert is_own(response.json(), a, b), (route, response.text[:300])


def test_writes_without_ids_change_only_b_own_data(families):
    a, b = families["A"], families["B"]
    for route, (path, body, read_path) in OWN_WRITES.items():
        before = a["parent"].get(read_path).json()
        response = call(b["parent"], route[0], path.format(A=a["family"]["id"]), json=body)
        assert response.status_code == 200, (route, response.status_code, response.text[:200])
        assert a["parent"].get(read_path).json() == before, route
        changed = b["parent"].get(read_path).json()
        assert {name: changed[name] for name in body} == body, route


def test_staff_routes_answer_403_to_a_parent(families):
    a, b = families["A"], families["B"]
    wrong = {}
    for method, rule in sorted(route for route in api_routes() if route[1].startswith("/staff/")):
        response = call(b["parent"], method, staff_path(rule, a), json={})
        if response.status_code != 403 or response.json()["error"]["code"] != "forbidden":
            wrong[(method, rule)] = (response.status_code, response.text[:200])
    assert not wrong, wrong
    assert a["parent"].get("/family").json()["guardians"][0]["last_name"] == "ARNAUD"  # not anonymised


def test_staff_do_reach_both_families(families):
    """The other side of the walk: the same ids are real (staff see them), so the 404s above are refusals."""
    staff, a = families["staff"], families["A"]
    assert staff.get(f"/staff/families/{a['family']['id']}").status_code == 200
    assert staff.get(f"/documents/{a['document_ids'][1]}/file").status_code == 200
    pending = {r["id"] for r in staff.get(f"/staff/change-requests?family_id={a['family']['id']}").json()}
    assert a["request_id"] in pending
