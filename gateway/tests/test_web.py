"""The parents' website: login, first-login password change, dashboard and month planning."""
from babel.dates import format_date

from gateway.tests.conftest import NEW_PASSWORD, TEMPORARY_PASSWORD, hidden_field
from services.chassis import clock


def text(response) -> str:
    return response.get_data(as_text=True)


def web_login(app, family):
    client = app.test_client()
    response = client.post("/login", data={"login": family["login"], "password": TEMPORARY_PASSWORD})
    assert response.status_code == 302 and response.location == "/password"
    page = client.get("/password")
    csrf = hidden_field(text(page), "csrf_token")
    response = client.post("/password", data={"csrf_token": csrf, "current_password": TEMPORARY_PASSWORD,
                                              "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.location == "/"
    return client


def test_first_login_goes_through_the_password_page(new_family, app):
    family = new_family("Dupont")
    client = app.test_client()
    wrong = client.post("/login", data={"login": family["login"], "password": "Mauvais2025"})
    assert wrong.status_code == 401
    assert "Identifiant ou mot de passe" in text(wrong) or "incorrect" in text(wrong).lower()

    client.post("/login", data={"login": family["login"], "password": TEMPORARY_PASSWORD})
    assert client.get("/").location == "/password"  # every page leads to the password change first
    page = client.get("/password")
    assert page.status_code == 200
    assert "remplacez le mot de passe provisoire" in text(page)
    csrf = hidden_field(text(page), "csrf_token")

    no_csrf = client.post("/password", data={"current_password": TEMPORARY_PASSWORD,
                                             "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD})
    assert no_csrf.status_code == 403
    mismatch = client.post("/password", data={"csrf_token": csrf, "current_password": TEMPORARY_PASSWORD,
                                              "new_password": NEW_PASSWORD, "new_password_confirm": "Autre2025x"})
    assert mismatch.status_code == 422 and "diffèrent" in text(mismatch)
    done = client.post("/password", data={"csrf_token": csrf, "current_password": TEMPORARY_PASSWORD,
                                          "new_password": NEW_PASSWORD, "new_password_confirm": NEW_PASSWORD})
    assert done.location == "/"
    assert client.get("/").status_code == 200


def test_the_dashboard_page(new_family, app, activity):
    family = new_family("Dupont", children=("Léa", "Hugo"))
    client = web_login(app, family)
    html = text(client.get("/"))
    assert "Bonjour Marie Dupont" in html
    assert format_date(clock.from_environment().today(), "full", locale="fr") in html
    assert "Famille Dupont" in html
    for child in family["children"]:
        assert f'href="/children/{child["id"]}/planning"' in html
    assert "À facturer : 0,00\xa0€" in html
    assert "Aucune demande de modification en attente" in html
    assert "documents à fournir" in html and "Attestation" in html
    assert "<script" not in html and "style=" not in html


def test_planning_pages_are_private_and_validated(new_family, app):
    ours, theirs = new_family("Dupont"), new_family("Martin")
    client = web_login(app, ours)
    other = client.get(f"/children/{theirs['children'][0]['id']}/planning")
    assert other.status_code == 404 and "Élément introuvable." in text(other)
    bad_month = client.get(f"/children/{ours['children'][0]['id']}/planning?month=2026-13")
    assert bad_month.status_code == 422
    forged = client.post(f"/children/{ours['children'][0]['id']}/planning", data={"shown": ["x"]})
    assert forged.status_code == 403


def test_logout_from_the_website(new_family, app):
    client = web_login(app, new_family("Dupont"))
    csrf = hidden_field(text(client.get("/")), "csrf_token")
    response = client.post("/logout", data={"csrf_token": csrf})
    assert response.status_code == 302 and response.location == "/login"
    assert client.get("/").location == "/login?next=/"


def test_the_dashboard_page_tells_when_a_service_is_down(new_family, app, stack):
    client = web_login(app, new_family("Dupont"))
    stack["billing"].stop()
    page = client.get("/")
    html = text(page)
    assert page.status_code == 200
    assert "Certaines informations sont momentanément indisponibles : facturation." in html
    assert "Bonjour Marie Dupont" in html and "Famille Dupont" in html


def test_pages_switch_to_english(new_family, app):
    client = web_login(app, new_family("Dupont"))
    client.set_cookie("lang", "en")
    html = text(client.get("/"))
    assert '<html lang="en">' in html and "Hello Marie Dupont" in html and "To be invoiced: €0.00" in html
