"""Login, sessions, password changes and the login history through the running service."""
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from services.accounts.identity import credentials
from services.accounts.identity import storage as identity_storage
from services.accounts.service import AccountsService
from services.accounts.tests.conftest import STAFF, TEMPORARY_PASSWORD, family_payload, parent_of
from services.accounts.tests.identity_mail import accounts_connection
from services.chassis.clock import Clock
from services.chassis.testing import refused, travel

NEW_PASSWORD = "Vacances2026"


@pytest.fixture
def family(create_family):
    return create_family()


def log_in(rpc, login, password=TEMPORARY_PASSWORD, **kwargs):
    return rpc.login(login, password, kwargs.get("ip", "203.0.113.7"), kwargs.get("user_agent", "Firefox"))


def test_login_opens_a_session_that_resolves_to_the_user(family, rpc, sql):
    answer = log_in(rpc, "MARIE.Dupont@Example.org")
    user = answer["user"]
    assert user["role"] == "parent" and user["family_id"] == family["id"]
    assert user["must_change_password"] is True
    [session] = sql("SELECT token_sha256, ip, user_agent, expires_at, expires_at - created_at AS ttl FROM sessions")
    assert rpc.resolve_session(answer["session_token"]) == {
        "user_id": user["id"], "role": "parent", "family_id": family["id"], "structure_ids": [],
        "login": "marie.dupont@example.org", "must_change_password": True,
        "expires_at": session["expires_at"].isoformat(),
    }
    assert session["token_sha256"] == credentials.token_digest(answer["session_token"])
    assert answer["session_token"] not in str(sql("SELECT * FROM sessions"))
    assert (session["ip"], session["user_agent"], session["ttl"]) == ("203.0.113.7", "Firefox", timedelta(hours=12))


def test_unknown_login_and_wrong_password_get_the_same_answer(family, rpc):
    answers = []
    for login, password in [("marie.dupont@example.org", "Mauvais2025"), ("personne@example.org", TEMPORARY_PASSWORD)]:
        with refused(401, "invalid_credentials") as info:
            log_in(rpc, login, password)
        answers.append((info.value.message, info.value.details))
    assert answers[0] == answers[1] == ("Identifiant ou mot de passe incorrect.", {})


def test_every_attempt_is_recorded_in_the_login_history(family, rpc, sql):
    with refused(401, "invalid_credentials"):
        log_in(rpc, "marie.dupont@example.org", "Mauvais2025", ip="198.51.100.1", user_agent="curl")
    with refused(401, "invalid_credentials"):
        log_in(rpc, "inconnu", "Mauvais2025")
    user = log_in(rpc, "marie.dupont@example.org")["user"]

    history = rpc.list_logins(parent_of(family, user["id"]))
    assert [(h["success"], h["ip"], h["user_agent"]) for h in history] == [
        (True, "203.0.113.7", "Firefox"), (False, "198.51.100.1", "curl")]
    assert all(datetime.fromisoformat(h["at"]).tzinfo is not None for h in history)
    [unknown] = sql("SELECT user_id, login, success FROM login_history WHERE login = 'inconnu'")
    assert unknown == {"user_id": None, "login": "inconnu", "success": False}


def test_a_session_expires_after_its_lifetime(family, rpc, accounts):
    start = Clock().now()
    travel(accounts, start)
    token = log_in(rpc, family["login"])["session_token"]
    travel(accounts, start + timedelta(hours=11, minutes=59))
    assert rpc.resolve_session(token)["login"] == family["login"]
    travel(accounts, start + timedelta(hours=12))
    assert rpc.resolve_session(token) is None


def test_session_lifetime_comes_from_configuration(start_service, rpc_proxy):
    accounts = start_service(AccountsService, SESSION_TTL_HOURS=1)
    rpc = rpc_proxy("accounts")
    login = rpc.create_family(STAFF, family_payload())["login"]
    start = Clock().now()
    travel(accounts, start)
    token = log_in(rpc, login)["session_token"]
    travel(accounts, start + timedelta(minutes=61))
    assert rpc.resolve_session(token) is None


def test_logout_revokes_the_session_server_side(family, rpc):
    first = log_in(rpc, family["login"])["session_token"]
    second = log_in(rpc, family["login"])["session_token"]
    assert rpc.logout(first) is None
    assert rpc.resolve_session(first) is None
    assert rpc.resolve_session(second) is not None
    rpc.logout(first)  # twice is harmless
    rpc.logout("no-such-token")


@pytest.mark.parametrize("token", ["", "no-such-token", None, 42])
def test_an_unknown_token_resolves_to_nothing(family, rpc, token):
    assert rpc.resolve_session(token) is None


def test_first_login_must_change_the_temporary_password(family, rpc):
    answer = log_in(rpc, family["login"])
    caller = parent_of(family, answer["user"]["id"])
    assert answer["user"]["must_change_password"] is True

    rpc.change_password(caller, TEMPORARY_PASSWORD, NEW_PASSWORD, session_token=answer["session_token"])

    assert rpc.resolve_session(answer["session_token"])["must_change_password"] is False
    with refused(401, "invalid_credentials"):
        log_in(rpc, family["login"], TEMPORARY_PASSWORD)
    assert log_in(rpc, family["login"], NEW_PASSWORD)["user"]["must_change_password"] is False


def test_changing_the_password_revokes_the_other_sessions_only(family, rpc):
    phone = log_in(rpc, family["login"])["session_token"]
    computer = log_in(rpc, family["login"])
    caller = parent_of(family, computer["user"]["id"])

    answer = rpc.change_password(caller, TEMPORARY_PASSWORD, NEW_PASSWORD, session_token=computer["session_token"])

    assert answer == {"revoked_sessions": 1}
    assert rpc.resolve_session(phone) is None
    assert rpc.resolve_session(computer["session_token"])["user_id"] == caller["user_id"]


def test_changing_the_password_without_a_current_session_revokes_them_all(family, rpc):
    answer = log_in(rpc, family["login"])
    caller = parent_of(family, answer["user"]["id"])
    assert rpc.change_password(caller, TEMPORARY_PASSWORD, NEW_PASSWORD) == {"revoked_sessions": 1}
    assert rpc.resolve_session(answer["session_token"]) is None


def test_change_password_refusals_change_nothing(family, rpc, sql):
    answer = log_in(rpc, family["login"])
    other = log_in(rpc, family["login"])["session_token"]
    caller = parent_of(family, answer["user"]["id"])
    before = sql("SELECT password_hash, must_change_password FROM users")

    with refused(401, "invalid_credentials"):
        rpc.change_password(caller, "Mauvais2025", NEW_PASSWORD, session_token=answer["session_token"])
    with refused(422, "weak_password") as info:
        rpc.change_password(caller, TEMPORARY_PASSWORD, "vacances", session_token=answer["session_token"])
    assert info.value.details == {"reason": "Le mot de passe doit contenir au moins une lettre majuscule."}
    with refused(422, "weak_password"):
        rpc.change_password(caller, TEMPORARY_PASSWORD, TEMPORARY_PASSWORD)
    with refused(422, "invalid_input"):
        rpc.change_password(caller, TEMPORARY_PASSWORD, None)

    assert sql("SELECT password_hash, must_change_password FROM users") == before
    assert rpc.resolve_session(other) is not None


def test_get_me(family, rpc):
    user = log_in(rpc, family["login"])["user"]
    assert rpc.get_me(parent_of(family, user["id"])) == {
        "id": user["id"], "login": "marie.dupont@example.org", "role": "parent", "family_id": family["id"],
        "display_name": "Marie Dupont", "email": "marie.dupont@example.org",
    }
    with refused(404, "not_found"):
        rpc.get_me(STAFF)


def test_an_outdated_hash_is_upgraded_at_login(family, rpc, sql):
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(TEMPORARY_PASSWORD)
    sql("UPDATE users SET password_hash = %s RETURNING id", (old,))
    log_in(rpc, family["login"])
    [user] = sql("SELECT password_hash FROM users")
    assert user["password_hash"] != old
    assert not credentials.needs_rehash(user["password_hash"])
    assert credentials.verify_password(user["password_hash"], TEMPORARY_PASSWORD)


def test_the_users_of_an_anonymised_family_are_disabled_and_erased(family, rpc, sql):
    answer = log_in(rpc, family["login"])
    caller = parent_of(family, answer["user"]["id"])
    with accounts_connection() as conn:  # as the family area does when it anonymises the family
        assert identity_storage.disable_family_users(conn, family["id"], Clock().now()) == 1

    assert rpc.resolve_session(answer["session_token"]) is None
    with refused(401, "invalid_credentials"):
        log_in(rpc, family["login"])
    with refused(404, "not_found"):
        rpc.get_me(caller)
    assert rpc.request_password_reset(family["login"]) is None  # nobody has that address any more
    [user] = sql("SELECT login, email, display_name, password_hash, disabled_at FROM users")
    assert user["login"] == f"anonyme-{caller['user_id']}" and user["disabled_at"] is not None
    assert (user["email"], user["display_name"], user["password_hash"]) == (None, "Anonyme", None)
    assert sql("SELECT DISTINCT login, ip, user_agent FROM login_history WHERE user_id = %s", (caller["user_id"],)) == [
        {"login": user["login"], "ip": None, "user_agent": None}]
    assert sql("SELECT DISTINCT ip, user_agent FROM sessions") == [{"ip": None, "user_agent": None}]
