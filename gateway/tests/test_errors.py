"""The error shape, authentication refusals and input validation, before any service is asked."""
import pathlib
import re

import pytest


def assert_error(response, status: int, code: str):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.json
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "details"}
    assert body["error"]["code"] == code
    assert body["error"]["message"]
    return body["error"]


@pytest.fixture
def client(app):
    return app.test_client()


def test_health_needs_no_session_nor_services(client):
    assert client.get("/api/v1/health").json == {"status": "ok"}
    assert client.get("/health").json == {"status": "ok"}


def test_an_unknown_api_route_is_a_json_404(client):
    error = assert_error(client.get("/api/v1/nulle-part"), 404, "not_found")
    assert error["message"] == "Élément introuvable."
    assert_error(client.post("/api/v1/children/pas-un-uuid/planning"), 404, "not_found")


def test_a_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/health")
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response.headers["Allow"]


@pytest.mark.parametrize("path", ["/api/v1/me", "/api/v1/family", "/api/v1/dashboard", "/api/v1/account",
                                  "/api/v1/bookings"])
def test_without_a_session_the_api_answers_401(client, path):
    error = assert_error(client.get(path), 401, "not_authenticated")
    assert error["message"] == "Vous devez vous connecter."


def test_a_state_changing_call_without_session_is_401_too(client):
    assert_error(client.post("/api/v1/bookings", json={}), 401, "not_authenticated")
    assert_error(client.post("/api/v1/staff/families", json={}), 401, "not_authenticated")


def test_messages_follow_the_language_asked(client):
    english = client.get("/api/v1/me", headers={"Accept-Language": "en-GB,en;q=0.9"}).json["error"]
    assert english["message"] == "You need to log in."
    client.set_cookie("lang", "fr")
    french = client.get("/api/v1/me", headers={"Accept-Language": "en"}).json["error"]
    assert french["message"] == "Vous devez vous connecter."


def test_login_input_is_validated_before_any_service_is_called(client):
    error = assert_error(client.post("/api/v1/auth/login", json={"login": "marie"}), 422, "invalid_input")
    assert "password" in error["details"]["fields"]
    error = assert_error(client.post("/api/v1/auth/login", json={"login": "m", "password": "x", "role": "admin"}),
                         422, "invalid_input")
    assert "role" in error["details"]["fields"]
    assert_error(client.post("/api/v1/auth/login", json=["marie", "secret"]), 422, "invalid_input")


def test_a_body_that_is_not_json_is_refused(client):
    assert_error(client.post("/api/v1/auth/login", data="{login:", content_type="application/json"),
                 400, "invalid_json")
    assert_error(client.post("/api/v1/auth/login", data="login=marie"), 415, "unsupported_media_type")


def test_a_body_too_large_is_413(client):
    huge = '{"login": "' + "x" * (2 * 1024 * 1024) + '"}'
    assert_error(client.post("/api/v1/auth/login", data=huge, content_type="application/json"),
                 413, "payload_too_large")


def test_web_pages_send_visitors_to_the_login_page(client):
    response = client.get("/children/0b9c8a51-7d3e-4e0a-9c55-1f2b3c4d5e6f/planning?month=2026-03")
    assert response.status_code == 302
    assert response.location == "/login?next=/children/0b9c8a51-7d3e-4e0a-9c55-1f2b3c4d5e6f/planning?month%3D2026-03"


def test_the_login_page_renders_in_french(client):
    response = client.get("/login")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<html lang="fr">' in html
    assert "Connexion à votre espace famille" in html
    assert '<label for="login">Identifiant</label>' in html
    assert "<script" not in html and "style=" not in html
    assert client.get("/static/portail.css").status_code == 200


def test_an_unknown_web_page_is_an_html_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert "Élément introuvable." in response.get_data(as_text=True)


def test_the_openapi_document_lists_every_api_route(client, app):
    document = client.get("/api/v1/openapi.json").json
    assert document["openapi"].startswith("3.")
    served = {
        (re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule.removeprefix("/api/v1")), method.lower())
        for rule in app.url_map.iter_rules() if rule.rule.startswith("/api/v1/") and rule.rule != "/api/v1/openapi.json"
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }
    documented = {(path, method) for path, operations in document["paths"].items() for method in operations}
    assert served == documented


def test_the_openapi_document_is_made_of_the_schemas_the_views_load(client):
    document = client.get("/api/v1/openapi.json").json
    components = document["components"]["schemas"]
    api = pathlib.Path(__file__).parents[1] / "api"
    loaded = {name for module in api.glob("*.py") for name in re.findall(r"(\w+)\(\)\.load\(", module.read_text())}
    assert len(loaded) > 30
    assert loaded <= set(components), loaded - set(components)
    login = components["LoginSchema"]
    assert login["additionalProperties"] is False and set(login["required"]) == {"login", "password"}
    assert login["properties"]["login"] == {"type": "string", "minLength": 1, "maxLength": 254}
    assert components["AbsenceSchema"]["properties"]["date_from"] == {"type": "string", "format": "date"}
    assert components["ChangeSchema"]["properties"]["activity_id"] == {"type": "string", "format": "uuid"}
    assert "additionalProperties" not in components["FamilyQuery"]  # query strings ignore what they do not know
    operation = document["paths"]["/auth/login"]["post"]
    assert operation["requestBody"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginSchema"}
    assert operation["responses"]["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/LoginAnswer"}
    month = {p["name"]: p for p in document["paths"]["/consumptions"]["get"]["parameters"]}
    assert month["month"]["schema"]["pattern"] == r"^\d{4}-(0[1-9]|1[0-2])$"
    assert month["family_id"]["schema"] == {"type": "string", "format": "uuid"} and not month["family_id"]["required"]
    planning = {p["name"] for p in document["paths"]["/children/{child_id}/planning"]["get"]["parameters"]}
    assert planning == {"child_id", "from", "to", "family_id"}
    staff_payload = document["paths"]["/staff/families"]["post"]["requestBody"]["content"]["application/json"]
    assert staff_payload["schema"]["type"] == "object" and "service" in staff_payload["schema"]["description"]


def test_web_pages_are_french_whatever_the_browser_unless_the_parent_switches(client):
    page = client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert "Mot de passe" in page.get_data(as_text=True)
    client.set_cookie("lang", "en")
    page = client.get("/login", headers={"Accept-Language": "fr"})
    assert "Password" in page.get_data(as_text=True)
