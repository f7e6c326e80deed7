"""Account identity through the gateway: forgotten password, activation, email change, login history,
lock-out after repeated failures — API and pages, against the real accounts and notifications."""
import re
import socket
import uuid

import pytest

from gateway.tests.conftest import NEW_PASSWORD, STAFF_LOGIN, family_payload, hidden_field, wait_until
from gateway.tests.test_errors import assert_error
from gateway.tests.test_web import text, web_login

TOKEN = re.compile(r"token=([A-Za-z0-9_\-\.~%]+)")


@pytest.fixture(autouse=True)
def mail_kept_unsent(monkeypatch):
    """Emails with a link are erased once sent: with no SMTP server to reach they stay queued, so the
    test can read the link where notifications keeps it (set before the services start)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    monkeypatch.setenv("SMTP_PORT", str(closed_port))


def emailed_token(service_sql, kind: str, to_address: str) -> str:
    """The token of the last `kind` email queued to that address (read where notifications keeps it)."""
    query = service_sql("notifications")

    def find():
        rows = query("SELECT body_text FROM emails WHERE kind = %s AND lower(to_address) = lower(%s) "
                     "ORDER BY created_at DESC LIMIT 1", (kind, to_address))
        return rows and TOKEN.search(rows[0]["body_text"] or "")
    found = wait_until(find)
    assert found, f"no {kind} email to {to_address}"
    return found.group(1)


def test_forgot_password_answers_the_same_whatever_the_address(new_family, browser):
    family = new_family("Dupont")
    known = browser().post("/api/v1/auth/password/forgot", json={"email": family["guardians"][0]["email"]})
    unknown = browser().post("/api/v1/auth/password/forgot", json={"email": "personne@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.json == unknown.json
    assert_error(browser().post("/api/v1/auth/password/forgot", json={}), 422, "invalid_input")
    assert_error(browser().post("/api/v1/auth/password/forgot", json={"email": "a@b.c", "x": 1}), 422,
                 "invalid_input")


def test_password_reset_by_the_emailed_link(new_family, parent_of, browser, service_sql):
    family = new_family("Dupont")
    parent = parent_of(family)
    email = family["guardians"][0]["email"]
    assert browser().post("/api/v1/auth/password/forgot", json={"email": email}).status_code == 202
    token = emailed_token(service_sql, "password_reset", email)

    visitor = browser()
    assert_error(visitor.post("/api/v1/auth/password/reset", json={"token": token, "password": "court"}),
                 422, "weak_password")
    assert_error(visitor.post("/api/v1/auth/password/reset", json={"token": "faux", "password": "Reset2026abc"}),
                 400, "invalid_token")
    done = visitor.post("/api/v1/auth/password/reset", json={"token": token, "password": "Reset2026abc"})
    assert done.status_code == 200, done.json
    assert_error(parent.get("/api/v1/family"), 401, "not_authenticated")  # every session revoked
    assert_error(visitor.post("/api/v1/auth/password/reset", json={"token": token, "password": "Encore2026abc"}),
                 400, "invalid_token")  # single use
    assert browser().login(family["login"], "Reset2026abc").status_code == 200


def test_activation_of_an_account_created_without_password(staff, browser, service_sql):
    payload = family_payload("Martin")
    del payload["temporary_password"]
    created = staff.post("/api/v1/staff/families", json=payload)
    assert created.status_code == 201, created.json
    email = payload["guardians"][0]["email"]
    token = emailed_token(service_sql, "account_activation", email)
    visitor = browser()
    assert_error(visitor.post("/api/v1/auth/activate", json={"token": token, "password": "court"}),
                 422, "weak_password")
    assert_error(visitor.post("/api/v1/auth/activate", json={"token": "faux", "password": NEW_PASSWORD}),
                 400, "invalid_token")
    activated = visitor.post("/api/v1/auth/activate", json={"token": token, "password": NEW_PASSWORD})
    assert activated.status_code == 200 and activated.json["login"] == created.json["login"]
    login = browser().login(created.json["login"], NEW_PASSWORD)
    assert login.status_code == 200 and login.json["user"]["must_change_password"] is False


def test_email_change_is_confirmed_from_the_new_address(new_family, parent_of, browser, service_sql):
    family = new_family("Dupont")
    parent = parent_of(family)
    new_email = f"nouvelle.{uuid.uuid4().hex[:6]}@example.org"
    body = {"password": NEW_PASSWORD, "new_email": new_email, "new_email_confirm": new_email}
    assert_error(parent.post("/api/v1/me/email", json=body, csrf=False), 403, "csrf_failed")
    assert_error(parent.post("/api/v1/me/email", json={**body, "password": "Faux2026abc"}), 401,
                 "invalid_credentials")
    assert_error(parent.post("/api/v1/me/email", json={**body, "new_email_confirm": "autre@example.org"}),
                 422, "emails_differ")
    assert_error(parent.post("/api/v1/me/email", json={"new_email": new_email}), 422, "invalid_input")
    asked = parent.post("/api/v1/me/email", json=body)
    assert asked.status_code == 202, asked.json
    assert parent.get("/api/v1/me").json["email"] != new_email  # not before the confirmation

    token = emailed_token(service_sql, "email_change", new_email)
    assert_error(browser().post("/api/v1/auth/email/confirm", json={"token": "faux"}), 400, "invalid_token")
    confirmed = browser().post("/api/v1/auth/email/confirm", json={"token": token})
    assert confirmed.status_code == 200, confirmed.json
    assert parent.get("/api/v1/me").json["email"] == new_email


def test_login_history_lists_successes_and_failures(new_family, parent_of, browser):
    family = new_family("Dupont")
    browser().login(family["login"], "Mauvais2026abc")
    parent = parent_of(family)
    history = parent.get("/api/v1/me/logins")
    assert history.status_code == 200
    assert [entry["success"] for entry in history.json][:2] == [True, False]
    assert set(history.json[0]) == {"at", "ip", "user_agent", "success"}


def test_repeated_failures_answer_429_with_retry_after(staff, browser, app):
    for _attempt in range(30):
        response = browser().login(STAFF_LOGIN, "Mauvais2026abc")
        if response.status_code == 429:
            break
    error = assert_error(response, 429, "too_many_attempts")
    assert int(response.headers["Retry-After"]) == int(error["details"]["retry_after_seconds"]) > 0
    page = app.test_client().post("/login", data={"login": STAFF_LOGIN, "password": "Mauvais2026abc"})
    assert page.status_code == 429 and int(page.headers["Retry-After"]) > 0
    assert "Trop de tentatives" in text(page)


def test_account_pages(new_family, app, browser, service_sql):
    family = new_family("Dupont")
    client = app.test_client()
    login_page = text(client.get("/login"))
    assert 'href="/forgot-password"' in login_page and "Mot de passe oublié ?" in login_page

    forgot = client.get("/forgot-password")
    assert forgot.status_code == 200 and 'for="email"' in text(forgot)
    sent = client.post("/forgot-password", data={"email": family["guardians"][0]["email"]})
    assert sent.status_code == 302 and sent.location == "/login"
    assert "un lien pour choisir un nouveau mot de passe" in text(client.get("/login"))

    token = emailed_token(service_sql, "password_reset", family["guardians"][0]["email"])
    page = client.get(f"/reset-password?token={token}")
    assert "Choisir un nouveau mot de passe" in text(page) and hidden_field(text(page), "token") == token
    mismatch = client.post("/reset-password", data={"token": token, "password": NEW_PASSWORD,
                                                    "password_confirm": "Autre2026abc"})
    assert mismatch.status_code == 422 and "diffèrent" in text(mismatch)
    bad = client.post("/reset-password", data={"token": "faux", "password": NEW_PASSWORD,
                                               "password_confirm": NEW_PASSWORD})
    assert bad.status_code == 400
    done = client.post("/reset-password", data={"token": token, "password": NEW_PASSWORD,
                                                "password_confirm": NEW_PASSWORD})
    assert done.status_code == 302 and "Votre mot de passe est changé" in text(client.get("/login"))

    activation = text(client.get("/activation?token=abc"))
    assert "Activer votre compte" in activation and 'for="password_confirm"' in activation
    confirm = text(client.get("/email/confirm?token=abc"))
    assert "Confirmer votre nouvelle adresse électronique" in confirm
    assert client.post("/email/confirm", data={"token": "faux"}).status_code == 400


def test_profile_and_login_history_pages(new_family, app):
    family = new_family("Dupont")
    client = web_login(app, family)
    html = text(client.get("/profile"))
    assert "Mon profil" in html and family["login"] in html
    assert 'href="/password"' in html and 'href="/profile/logins"' in html
    for field in ("new_email", "new_email_confirm", "email_password"):
        assert f'for="{field}"' in html
    csrf = hidden_field(html, "csrf_token")
    assert client.post("/profile/email", data={"new_email": "a@example.org"}).status_code == 403
    differ = client.post("/profile/email", data={"csrf_token": csrf, "password": NEW_PASSWORD,
                                                 "new_email": "a@example.org", "new_email_confirm": "b@example.org"})
    assert differ.status_code == 422
    sent = client.post("/profile/email", data={"csrf_token": csrf, "password": NEW_PASSWORD,
                                               "new_email": "a@example.org", "new_email_confirm": "a@example.org"})
    assert sent.status_code == 302 and "Un lien de confirmation a été envoyé" in text(client.get("/profile"))

    logins = text(client.get("/profile/logins"))
    assert "Historique de mes connexions" in logins
    for heading in ("Date", "Adresse", "Appareil", "Réussie"):
        assert f'<th scope="col">{heading}</th>' in logins
    assert "Oui" in logins
    assert "<script" not in logins and "style=" not in logins
