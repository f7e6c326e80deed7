"""Login, logout, CSRF and the first-login password change, through the real accounts service."""
from gateway.tests.conftest import NEW_PASSWORD, STAFF_LOGIN, STAFF_PASSWORD, TEMPORARY_PASSWORD
from gateway.tests.test_errors import assert_error


def test_login_sets_an_http_only_cookie_and_returns_the_user(staff, browser, app):
    visitor = browser()
    response = visitor.login(STAFF_LOGIN, STAFF_PASSWORD)
    assert response.status_code == 200
    body = response.json
    assert body["user"]["role"] == "admin" and body["user"]["must_change_password"] is False
    assert set(body["user"]) == {"id", "role", "family_id", "must_change_password"}
    assert len(body["csrf_token"]) == 64
    set_cookie = response.headers["Set-Cookie"]
    assert set_cookie.startswith("portail_session=")
    assert "HttpOnly" in set_cookie and "SameSite=Lax" in set_cookie and "Secure" not in set_cookie
    assert visitor.get("/api/v1/me").json["login"] == STAFF_LOGIN


def test_the_cookie_is_secure_when_configured(staff, app):
    app.config["SESSION_COOKIE_SECURE"] = True
    response = app.test_client().post("/api/v1/auth/login", json={"login": STAFF_LOGIN, "password": STAFF_PASSWORD})
    assert "Secure" in response.headers["Set-Cookie"]


def test_wrong_password_and_unknown_login_are_alike(staff, browser):
    wrong = assert_error(browser().login(STAFF_LOGIN, "Mauvais2025"), 401, "invalid_credentials")
    unknown = assert_error(browser().login("personne", "Mauvais2025"), 401, "invalid_credentials")
    assert wrong == unknown
    english = visitor_en(browser).login(STAFF_LOGIN, "Mauvais2025").json["error"]
    assert (english["code"], english["message"]) == ("invalid_credentials", "Wrong login or password.")


def visitor_en(browser):
    visitor = browser()
    visitor.client.set_cookie("lang", "en")
    return visitor


def test_logout_revokes_the_session_server_side(staff, browser, rpc_proxy):
    token = staff.cookie().value
    assert rpc_proxy("accounts").resolve_session(token) is not None
    response = staff.post("/api/v1/auth/logout")
    assert response.status_code == 200
    assert "portail_session=;" in response.headers["Set-Cookie"]
    assert rpc_proxy("accounts").resolve_session(token) is None
    # The old cookie, replayed, no longer opens anything.
    replay = browser()
    replay.client.set_cookie("portail_session", token)
    assert_error(replay.get("/api/v1/me"), 401, "not_authenticated")


def test_state_changing_calls_need_the_csrf_token(staff):
    payload = {"name": "Centre Jean Moulin", "kind": "alsh"}
    assert_error(staff.post("/api/v1/staff/structures", json=payload, csrf=False), 403, "csrf_failed")
    forged = staff.post("/api/v1/staff/structures", json=payload, csrf=False,
                        headers={"X-CSRF-Token": "0" * 64})
    assert_error(forged, 403, "csrf_failed")
    assert_error(staff.post("/api/v1/auth/logout", csrf=False), 403, "csrf_failed")
    assert staff.get("/api/v1/me").status_code == 200  # the session is still open
    assert staff.post("/api/v1/staff/structures", json=payload).status_code == 201


def test_the_csrf_token_belongs_to_one_session(staff, browser):
    other = browser()
    other.login(STAFF_LOGIN, STAFF_PASSWORD)
    other.csrf = staff.csrf
    assert_error(other.post("/api/v1/staff/structures", json={"name": "X", "kind": "alsh"}), 403, "csrf_failed")


def test_a_temporary_password_must_be_changed_first(staff, browser):
    family = staff.post("/api/v1/staff/families", json=_payload()).json
    parent = browser()
    login = parent.login(family["login"], TEMPORARY_PASSWORD)
    assert login.json["user"]["must_change_password"] is True
    assert login.json["user"]["family_id"] == family["id"]

    for path in ("/api/v1/family", "/api/v1/dashboard", "/api/v1/account"):
        assert_error(parent.get(path), 403, "password_change_required")
    assert_error(parent.post("/api/v1/bookings", json={}, headers={"Idempotency-Key": "k"}),
                 403, "password_change_required")
    me = parent.get("/api/v1/me")
    assert me.status_code == 200 and me.json["must_change_password"] is True

    weak = parent.post("/api/v1/me/password", json={"current_password": TEMPORARY_PASSWORD, "new_password": "court"})
    assert_error(weak, 422, "weak_password")
    wrong = parent.post("/api/v1/me/password", json={"current_password": "Faux2025abc", "new_password": NEW_PASSWORD})
    assert_error(wrong, 401, "invalid_credentials")
    assert_error(parent.post("/api/v1/me/password", json={"new_password": NEW_PASSWORD}), 422, "invalid_input")

    changed = parent.post("/api/v1/me/password",
                          json={"current_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD})
    assert changed.status_code == 200
    assert parent.get("/api/v1/me").json["must_change_password"] is False
    assert parent.get("/api/v1/family").json["id"] == family["id"]


def test_a_parent_may_log_out_before_changing_the_password(staff, browser):
    family = staff.post("/api/v1/staff/families", json=_payload()).json
    parent = browser()
    parent.login(family["login"], TEMPORARY_PASSWORD)
    assert parent.post("/api/v1/auth/logout").status_code == 200
    assert_error(parent.get("/api/v1/me"), 401, "not_authenticated")


def test_accounts_down_is_a_503_not_a_crash(stack, browser, app):
    stack["accounts"].stop()
    app.extensions["portail.rpc"].timeout = 1
    error = assert_error(browser().login("marie", "Secret2025"), 503, "service_unavailable")
    assert error["details"] == {"service": "accounts"}


def _payload():
    from gateway.tests.conftest import family_payload
    return family_payload("Durand")
