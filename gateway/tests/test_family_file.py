"""The family file through the gateway: reading, immediate changes, change requests, staff decisions,
search, CSV import, GDPR export and anonymisation — API and pages."""
import pytest

from gateway.tests.conftest import STAFF_LOGIN, STAFF_PASSWORD, hidden_field
from gateway.tests.test_errors import assert_error
from gateway.tests.test_web import text, web_login


def test_the_whole_family_file_and_immediate_changes(new_family, parent_of):
    family = new_family("Dupont", children=("Léa",))
    parent = parent_of(family)
    got = parent.get("/api/v1/family").json
    guardian, child = got["guardians"][0], got["children"][0]
    for key in ("caf_number", "allowance_scheme", "quotient", "quotient_valid_until", "iban"):
        assert key in got
    assert {"address", "mobile_phone", "consent_email", "profession"} <= set(guardian)
    assert {"school", "health", "authorised_pickups", "image_consent"} <= set(child)

    changes = {"guardians": [{"id": guardian["id"], "mobile_phone": "0611223344", "profession": "Infirmière"}]}
    assert_error(parent.send("PATCH", "/api/v1/family", json=changes, csrf=False), 403, "csrf_failed")
    updated = parent.send("PATCH", "/api/v1/family", json=changes)
    assert updated.status_code == 200, updated.json
    again = parent.get("/api/v1/family").json["guardians"][0]
    assert (again["mobile_phone"], again["profession"]) == ("0611223344", "Infirmière")

    refused = parent.send("PATCH", "/api/v1/family", json={"guardians": [{"id": guardian["id"], "last_name": "X"}]})
    assert_error(refused, 422, "requires_change_request")
    assert parent.get("/api/v1/family").json["guardians"][0]["last_name"] == guardian["last_name"]
    assert_error(parent.send("PATCH", "/api/v1/family", json=["x"]), 422, "invalid_input")


def test_change_requests_decided_by_staff(new_family, parent_of, staff, browser):
    family = new_family("Dupont")
    parent = parent_of(family)
    guardian = family["guardians"][0]
    body = {"target": "guardian", "target_id": guardian["id"], "changes": {"last_name": "Durand"}}
    assert_error(parent.post("/api/v1/family/change-requests", json=body, csrf=False), 403, "csrf_failed")
    assert_error(parent.post("/api/v1/family/change-requests", json={**body, "target": "voisin"}), 422,
                 "invalid_input")
    created = parent.post("/api/v1/family/change-requests", json=body)
    assert created.status_code == 201, created.json
    assert created.json["status"] == "pending"
    refused_one = parent.post("/api/v1/family/change-requests", json={
        "target": "new_child", "target_id": None,
        "changes": {"first_name": "Hugo", "last_name": "Dupont", "birth_date": "2021-02-03"}}).json

    assert [r["id"] for r in parent.get("/api/v1/family/change-requests").json] \
        and {r["id"] for r in parent.get("/api/v1/family/change-requests").json} == {created.json["id"],
                                                                                       refused_one["id"]}
    assert_error(parent.get("/api/v1/staff/change-requests"), 403, "forbidden")
    pending = staff.get("/api/v1/staff/change-requests?status=pending").json
    assert {created.json["id"], refused_one["id"]} <= {r["id"] for r in pending}

    decide = f"/api/v1/staff/change-requests/{created.json['id']}/decision"
    assert_error(parent.post(decide, json={"decision": "accept"}), 403, "forbidden")
    assert_error(staff.post(decide, json={"decision": "accept"}, csrf=False), 403, "csrf_failed")
    assert_error(staff.post(decide, json={"decision": "peut-être"}), 422, "invalid_input")
    assert staff.post(decide, json={"decision": "accept"}).status_code == 200
    assert_error(staff.post(decide, json={"decision": "refuse", "reason": "Non"}), 409, "already_decided")
    refuse = f"/api/v1/staff/change-requests/{refused_one['id']}/decision"
    assert staff.post(refuse, json={"decision": "refuse", "reason": "Pièce manquante"}).status_code == 200

    assert parent.get("/api/v1/family").json["guardians"][0]["last_name"] == "Durand"
    by_id = {r["id"]: r for r in parent.get("/api/v1/family/change-requests").json}
    assert by_id[created.json["id"]]["status"] == "accepted" and by_id[created.json["id"]]["decided_at"]
    assert (by_id[refused_one["id"]]["status"], by_id[refused_one["id"]]["reason"]) == ("refused", "Pièce manquante")
    assert [r["status"] for r in parent.get("/api/v1/family/change-requests?status=refused").json] == ["refused"]


def test_staff_search_read_and_change_any_family(new_family, staff, parent_of):
    family = new_family("Lefèvre")
    found = staff.get("/api/v1/staff/families?q=lefevre")
    assert found.status_code == 200 and family["id"] in [f["id"] for f in found.json]
    assert staff.get(f"/api/v1/staff/families/{family['id']}").json["number"] == family["number"]
    patched = staff.send("PATCH", f"/api/v1/staff/families/{family['id']}", json={"quotient": 950})
    assert patched.status_code == 200, patched.json
    assert staff.get(f"/api/v1/staff/families/{family['id']}").json["quotient"] == 950
    assert_error(staff.send("PATCH", f"/api/v1/staff/families/{family['id']}", json={"quotient": 1}, csrf=False),
                 403, "csrf_failed")
    parent = parent_of(family)
    for path in ("/api/v1/staff/families?q=a", f"/api/v1/staff/families/{family['id']}"):
        assert_error(parent.get(path), 403, "forbidden")
    assert_error(parent.send("PATCH", f"/api/v1/staff/families/{family['id']}", json={"quotient": 1}),
                 403, "forbidden")


CSV_HEADER = "family_ref,civility,first_name,last_name,email,child_first_name,child_last_name,child_birth_date\n"


def test_csv_import_as_a_file_or_a_body(staff, parent_of, new_family):
    good = CSV_HEADER + "1,Mme,Anne,Petit,anne.petit@example.org,Zoé,Petit,2019-06-01\n" \
        + "1,Mme,Anne,Petit,anne.petit@example.org,Max,Petit,02/03/2021\n"
    as_body = staff.client.post("/api/v1/staff/families/import", data=good.encode(), content_type="text/csv",
                                headers={"X-CSRF-Token": staff.csrf})
    assert as_body.status_code == 200, as_body.json
    assert as_body.json["imported"] == 1
    [imported] = staff.get("/api/v1/staff/families?q=anne.petit@example.org").json
    as_file = CSV_HEADER.replace("\n", "").replace(",", ";") + "\n2;M.;Paul;Roux;paul.roux@example.org;;;\n"
    sent = staff.client.post("/api/v1/staff/families/import", data={"file": (_bytes(as_file), "familles.csv")},
                             headers={"X-CSRF-Token": staff.csrf})
    assert sent.status_code == 200 and sent.json["imported"] == 1, sent.json
    assert imported["id"]
    bad = CSV_HEADER + "1,Mme,,Petit,pas-un-email,Zoé,Petit,2099-01-01\n"
    refused = staff.client.post("/api/v1/staff/families/import", data={"file": (_bytes(bad), "familles.csv")},
                                headers={"X-CSRF-Token": staff.csrf})
    error = assert_error(refused, 422, "invalid_csv")
    assert error["details"]["errors"] and {"line", "field", "message"} <= set(error["details"]["errors"][0])
    assert_error(staff.client.post("/api/v1/staff/families/import", json={"csv": good},
                                   headers={"X-CSRF-Token": staff.csrf}), 415, "unsupported_media_type")
    assert_error(staff.client.post("/api/v1/staff/families/import", data=good.encode(), content_type="text/csv"),
                 403, "csrf_failed")
    parent = parent_of(new_family("Dupont"))
    assert_error(parent.client.post("/api/v1/staff/families/import", data=good.encode(), content_type="text/csv",
                                    headers={"X-CSRF-Token": parent.csrf}), 403, "forbidden")


def _bytes(text_value: str):
    import io
    return io.BytesIO(text_value.encode())


def test_gdpr_export_is_a_json_download(new_family, parent_of, staff):
    family = new_family("Dupont")
    parent = parent_of(family)
    response = parent.get("/api/v1/family/export")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert family["number"] in response.get_data(as_text=True)


def test_anonymisation_is_for_admins(new_family, parent_of, staff, browser):
    from services.accounts.bootstrap import ensure_staff_user

    family = new_family("Dupont")
    parent = parent_of(family)
    path = f"/api/v1/staff/families/{family['id']}/anonymise"
    assert_error(parent.post(path), 403, "forbidden")
    ensure_staff_user("agent.gw", STAFF_PASSWORD, role="staff")
    agent = browser()
    assert agent.login("agent.gw", STAFF_PASSWORD).status_code == 200
    assert_error(agent.post(path), 403, "forbidden")  # staff, not admin
    admin = staff  # the directrice is an admin
    assert_error(admin.post(path, csrf=False), 403, "csrf_failed")
    assert admin.post(path).status_code == 200
    assert admin.get(f"/api/v1/staff/families/{family['id']}").json["guardians"][0]["last_name"] == "Anonyme"
    created = admin.post("/api/v1/staff/staff-users", json={
        "login": "animatrice.gw", "display_name": "Animatrice", "email": "animatrice@example.org",
        "role": "staff", "structure_ids": []})
    assert created.status_code == 201, created.json
    assert_error(agent.post("/api/v1/staff/staff-users", json={
        "login": "x.gw", "display_name": "X", "email": "x@example.org", "role": "staff", "structure_ids": []}),
        403, "forbidden")
    resent = admin.post(f"/api/v1/staff/users/{created.json['id']}/activation")
    assert resent.status_code == 202, resent.json


def test_family_pages(new_family, app):
    family = new_family("Dupont", children=("Léa",))
    client = web_login(app, family)
    html = text(client.get("/family"))
    assert "Ma famille" in html and family["number"] in html
    assert "Enregistré immédiatement" in html and "une demande de modification sera envoyée" in html
    assert 'href="/requests"' in html and 'href="/documents"' in html and 'href="/profile"' in html
    assert "<script" not in html and "style=" not in html
    guardian = family["guardians"][0]
    csrf = hidden_field(html, "csrf_token")
    action = f"/family/guardian/{guardian['id']}"
    assert client.post(action, data={"g1-mobile_phone": "x"}).status_code == 403
    form = {"csrf_token": csrf, "mobile_phone": "0699887766", "first_name": guardian["first_name"],
            "last_name": "Durand", "civility": guardian["civility"], "email": guardian["email"]}
    saved = client.post(action, data=form)
    assert saved.status_code == 302
    after = text(client.get("/family"))
    assert "Vos modifications immédiates sont enregistrées." in after
    assert "Votre demande de modification est envoyée" in after
    assert "0699887766" in after

    requests = text(client.get("/requests"))
    assert "Mes demandes" in requests and "En attente" in requests and "Durand" in requests


def test_staff_pages(new_family, staff, app, parent_of):
    family = new_family("Lefèvre")
    parent = parent_of(family)
    created = parent.post("/api/v1/family/change-requests", json={
        "target": "guardian", "target_id": family["guardians"][0]["id"], "changes": {"last_name": "Morel"}}).json
    client = app.test_client()
    assert client.post("/login", data={"login": STAFF_LOGIN, "password": STAFF_PASSWORD}).status_code == 302
    home = text(client.get("/"))
    for entry in ("Familles", "Demandes de modification", "Pièces à valider", "Import CSV"):
        assert entry in home
    search = text(client.get("/staff/families?q=Lef%C3%A8vre"))
    assert 'for="q"' in search and family["number"] in search
    detail = text(client.get(f"/staff/families/{family['id']}"))
    assert "Responsables" in detail and "Pièces justificatives" in detail and "Morel" in detail

    queue = text(client.get("/staff/change-requests"))
    assert "Demandes de modification en attente" in queue and "Motif du refus" in queue
    csrf = hidden_field(queue, "csrf_token")
    url = f"/staff/change-requests/{created['id']}/decision"
    assert client.post(url, data={"decision": "refuse", "reason": "Non"}).status_code == 403
    refused = client.post(url, data={"csrf_token": csrf, "decision": "refuse", "reason": "Justificatif absent"})
    assert refused.status_code == 302 and "Demande refusée." in text(client.get("/staff/change-requests"))
    mine = text(web_login_existing(app, family).get("/requests"))
    assert "Refusée" in mine and "Justificatif absent" in mine

    page = text(client.get("/staff/import"))
    assert "Importer des familles (CSV)" in page and 'accept=".csv,text/csv"' in page
    bad = client.post("/staff/import", data={"csrf_token": csrf, "file": (_bytes(CSV_HEADER + "1,Mme,,,x,,,\n"),
                                                                            "f.csv")})
    assert bad.status_code == 422 and "Ligne" in text(bad)

    parent_client = web_login_existing(app, family)
    assert parent_client.get("/staff/families").status_code == 403


def web_login_existing(app, family):
    from gateway.tests.conftest import NEW_PASSWORD
    client = app.test_client()
    assert client.post("/login", data={"login": family["login"], "password": NEW_PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("path", ["/staff/families", "/staff/change-requests", "/staff/documents", "/staff/import"])
def test_staff_pages_need_a_session(app, path):
    assert app.test_client().get(path).status_code == 302
