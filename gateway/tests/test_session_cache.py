"""Sessions kept a few seconds by the gateway: revocations through any gateway process take effect at
once, those made without the gateway and expiries within the cache's time."""
import time
from datetime import datetime, timedelta, timezone

import pytest

from gateway import sessions
from gateway.tests.conftest import STAFF_LOGIN, STAFF_PASSWORD, same_session, wait_until
from gateway.tests.test_errors import assert_error

SECONDS = 1.0
LATER = "2999-01-01T00:00:00+00:00"


@pytest.fixture
def short_cache(app):
    app.extensions["portail.sessions"] = sessions.SessionCache(SECONDS)
    return app.extensions["portail.sessions"]


@pytest.fixture
def user(staff, browser, short_cache):
    """The staff user logged in again, the session already kept by the cache."""
    user = browser()
    assert user.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    assert user.get("/api/v1/me").status_code == 200
    return user


def test_a_resolved_session_is_kept_and_logout_here_takes_effect_at_once(user, browser):
    token = user.cookie().value
    replay = browser()
    replay.client.set_cookie("portail_session", token)
    assert replay.get("/api/v1/me").status_code == 200
    assert user.post("/api/v1/auth/logout").status_code == 200
    assert_error(replay.get("/api/v1/me"), 401, "not_authenticated")


def test_a_logout_through_another_gateway_process_takes_effect_here_at_once(staff, browser, app, second_gateway):
    app.extensions["portail.sessions"] = sessions.SessionCache(60)
    user = browser()
    assert user.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    assert user.get("/api/v1/me").status_code == 200  # kept here
    assert same_session(user, second_gateway).post("/api/v1/auth/logout").status_code == 200
    assert wait_until(lambda: user.get("/api/v1/me").status_code == 401, timeout=2)


def test_a_session_revoked_without_the_gateway_is_refused_within_the_cache_time(user, rpc_proxy):
    rpc_proxy("accounts").logout(user.cookie().value)  # a revocation no gateway process announced
    time.sleep(SECONDS + 0.1)
    assert_error(user.get("/api/v1/me"), 401, "not_authenticated")


def test_an_expired_session_is_refused_within_the_cache_time(user, service_sql):
    service_sql("accounts")("UPDATE sessions SET expires_at = now() - interval '1 second' "
                            "WHERE revoked_at IS NULL")
    time.sleep(SECONDS + 0.1)
    assert_error(user.get("/api/v1/me"), 401, "not_authenticated")


def test_a_password_change_here_drops_the_users_other_sessions_at_once(user, browser):
    other = browser()
    assert other.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    assert other.get("/api/v1/me").status_code == 200
    changed = user.post("/api/v1/me/password",
                        json={"current_password": STAFF_PASSWORD, "new_password": "Direction2026bis"})
    assert changed.status_code == 200, changed.json
    assert_error(other.get("/api/v1/me"), 401, "not_authenticated")
    assert user.get("/api/v1/me").status_code == 200


def test_an_answer_that_arrives_after_a_logout_is_not_kept():
    cache = sessions.SessionCache(60)
    session = {"user_id": "u1", "must_change_password": False, "expires_at": LATER}

    def load_while_logged_out(token):
        cache.forget_tag(sessions.session_tag(token))  # the logout lands while accounts answers the resolution
        return session

    assert cache.resolve("t", load_while_logged_out) == session
    assert cache.resolve("t", lambda token: None) is None


def test_unknown_tokens_and_sessions_awaiting_a_password_change_are_not_kept():
    cache = sessions.SessionCache(60)
    assert cache.resolve("unknown", lambda token: None) is None
    assert cache.resolve("unknown", lambda token: {"user_id": "u1", "must_change_password": False, "expires_at": LATER})
    temporary = {"user_id": "u2", "must_change_password": True, "expires_at": LATER}
    assert cache.resolve("first-login", lambda token: temporary) == temporary
    assert cache.resolve("first-login", lambda token: None) is None


def test_a_session_is_kept_long_only_while_revocations_reach_this_process():
    now, told = [100.0], [True]
    cache = sessions.SessionCache(60, clock=lambda: now[0], told=lambda: told[0])
    loads = []

    def load(token):
        loads.append(token)
        return {"user_id": "u1", "must_change_password": False, "expires_at": LATER}

    cache.resolve("t", load)
    now[0] += 30
    cache.resolve("t", load)
    assert loads == ["t"]  # kept while the listener is connected
    told[0] = False
    cache.resolve("t", load)
    assert loads == ["t", "t"]  # older than 5 s and a revocation could have been missed: asked again
    now[0] += 1
    cache.resolve("t", load)
    assert loads == ["t", "t"]


def test_a_session_is_never_kept_past_its_expiry():
    cache = sessions.SessionCache(600, told=lambda: True)
    loads = []
    soon = (datetime.now(timezone.utc) + timedelta(seconds=0.3)).isoformat()

    def load(token):
        loads.append(token)
        return {"user_id": "u1", "must_change_password": False, "expires_at": soon}

    cache.resolve("t", load)
    cache.resolve("t", load)
    assert loads == ["t"]
    time.sleep(0.4)
    cache.resolve("t", load)
    assert loads == ["t", "t"]  # expired: accounts is asked (and answers None for a real one)
