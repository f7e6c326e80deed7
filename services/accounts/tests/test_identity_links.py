"""Forgotten passwords, activation and staff accounts through the running services: accounts makes the
links, notifications (running beside it) queues the emails, the mail sink receives them."""
# ruff: noqa: F401, F811 - the mail fixtures are imported from identity_mail, then named as arguments
import time
import uuid
from datetime import timedelta

import pytest

from services.accounts.identity import credentials
from services.accounts.identity.links import RESET_ANSWER_SECONDS
from services.accounts.tests.conftest import STAFF, TEMPORARY_PASSWORD, parent_of
from services.accounts.tests.identity_mail import PUBLIC_URL, notifications, sink
from services.accounts.tests.test_sessions import log_in
from services.chassis.testing import travel
from services.chassis.clock import Clock
from services.chassis.testing import refused
from services.notifications.domain import ERASED_BODY
from services.notifications.tests.mail import html_of, link_in, text_of, token_in, wait_until

NEW_PASSWORD = "Vacances2026"
ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin"}
EMAIL = "marie.dupont@example.org"
RESET = "Réinitialisation de votre mot de passe"
ACTIVATION = "Activez votre compte du Portail Famille"


@pytest.fixture
def family(create_family, notifications):
    return create_family()


@pytest.fixture
def notifications_sql(notifications, service_sql):
    return service_sql("notifications")


def ask_reset(rpc, sink, email=EMAIL, seen=0):
    """Ask for a reset; the token of the email that arrives (the `seen`+1-th to that address)."""
    assert rpc.request_password_reset(email, "203.0.113.7") is None
    return token_in(sink.wait_for_one_to(EMAIL, RESET, seen), "/reset-password")


def test_a_forgotten_password_is_reset_through_a_single_use_link(family, rpc, sink, sql, notifications_sql):
    phone = log_in(rpc, family["login"])["session_token"]
    computer = log_in(rpc, family["login"])["session_token"]

    assert rpc.request_password_reset("Marie.Dupont@Example.org", "203.0.113.7") is None
    message = sink.wait_for_one_to(EMAIL, RESET)
    link = link_in(message, "/reset-password")
    assert link.startswith(f"{PUBLIC_URL}/reset-password?token=")
    assert link in html_of(message) and EMAIL in text_of(message)
    assert TEMPORARY_PASSWORD not in text_of(message) + html_of(message)
    token = token_in(message, "/reset-password")
    [stored] = sql("SELECT token_sha256, purpose, requested_ip, expires_at - created_at AS ttl FROM user_tokens")
    assert stored == {"token_sha256": credentials.token_digest(token), "purpose": "password_reset",
                      "requested_ip": "203.0.113.7", "ttl": timedelta(hours=1)}
    assert token not in str(sql("SELECT * FROM user_tokens"))

    assert rpc.reset_password(token, NEW_PASSWORD) == {"login": family["login"]}

    assert rpc.resolve_session(phone) is None and rpc.resolve_session(computer) is None
    with refused(401, "invalid_credentials"):
        log_in(rpc, family["login"], TEMPORARY_PASSWORD)
    assert log_in(rpc, family["login"], NEW_PASSWORD)["user"]["must_change_password"] is False
    with refused(400, "invalid_token") as info:
        rpc.reset_password(token, "Autre2026abc")
    assert info.value.message == "Ce lien n'est pas valide ou a expiré. Demandez-en un nouveau."
    # once sent, notifications keeps no copy of the link
    [sent] = wait_until(lambda: notifications_sql(
        "SELECT body_text, body_html, status FROM emails WHERE kind = 'password_reset' AND status = 'sent'"))
    assert (sent["body_text"], sent["body_html"]) == (ERASED_BODY, None)


def test_a_reset_link_expires_after_one_hour(family, rpc, accounts, sink):
    start = Clock().now()
    travel(accounts, start)
    token = ask_reset(rpc, sink)
    travel(accounts, start + timedelta(minutes=59))
    with refused(422, "weak_password"):
        rpc.reset_password(token, "vacances")  # a refused password leaves the link usable
    travel(accounts, start + timedelta(minutes=60))
    with refused(400, "invalid_token"):
        rpc.reset_password(token, NEW_PASSWORD)
    log_in(rpc, family["login"], TEMPORARY_PASSWORD)


def test_only_the_last_reset_matters_once_one_is_used(family, rpc, sink):
    first = ask_reset(rpc, sink)
    second = ask_reset(rpc, sink, seen=1)
    rpc.reset_password(second, NEW_PASSWORD)
    with refused(400, "invalid_token"):
        rpc.reset_password(first, "Autre2026abc")


def test_an_unknown_address_gets_the_same_answer_in_the_same_time(family, rpc, sink, sql):
    durations = {}
    for email in (EMAIL, "personne@example.org"):
        started = time.monotonic()
        assert rpc.request_password_reset(email) is None
        durations[email] = time.monotonic() - started
    sink.wait_for_one_to(EMAIL, RESET)
    time.sleep(0.5)  # several sender rounds: an email to the unknown address would have gone
    assert {m["To"] for m in sink.messages()} == {EMAIL}
    assert min(durations.values()) >= RESET_ANSWER_SECONDS
    assert abs(durations[EMAIL] - durations["personne@example.org"]) < 0.25
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 1}]


def test_reset_emails_to_one_account_are_capped_per_hour(family, rpc, accounts, sink, sql):
    start = Clock().now()
    travel(accounts, start)
    for _ in range(6):
        rpc.request_password_reset(EMAIL)
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 5}]
    travel(accounts, start + timedelta(minutes=61))
    rpc.request_password_reset(EMAIL)
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 6}]
    sink.wait_for_one_to(EMAIL, RESET, seen=5)


@pytest.mark.parametrize("email, ip", [("pas-une-adresse", None), (None, None), (EMAIL, 42)])
def test_a_malformed_reset_request_is_refused(rpc, email, ip, sql):
    with refused(422, "invalid_input"):
        rpc.request_password_reset(email, ip)
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 0}]


def test_no_link_is_pretended_sent_when_notifications_is_away(create_family, rpc, sql):
    create_family()  # notifications is not running in this test
    with refused(503, "service_unavailable") as info:
        rpc.request_password_reset(EMAIL)
    assert "Réessayez" in info.value.message
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 0}]  # rolled back with the failure
    assert rpc.request_password_reset("personne@example.org") is None


def test_a_silent_notifications_service_is_a_failure_too(family, rpc, notifications, sql):
    notifications.stop()  # its queue stays, nobody answers: the call times out
    with refused(503, "service_unavailable"):
        rpc.request_password_reset(EMAIL)
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 0}]


def staff_payload(**overrides):
    return {"login": "agent.dupuis", "display_name": "Julie Dupuis", "email": "julie.dupuis@mairie.example.fr",
            "role": "staff", "structure_ids": [str(uuid.uuid4())], **overrides}


def test_an_admin_creates_a_staff_account_activated_through_its_link(rpc, notifications, sink):
    payload = staff_payload()
    created = rpc.create_staff_user(ADMIN, payload)
    assert created == {"id": created["id"], "login": "agent.dupuis", "role": "staff",
                       "structure_ids": payload["structure_ids"]}

    message = sink.wait_for_one_to("julie.dupuis@mairie.example.fr", ACTIVATION)
    assert "Julie Dupuis" in text_of(message) and "agent.dupuis" in text_of(message)
    assert link_in(message, "/activation").startswith(f"{PUBLIC_URL}/activation?token=")
    token = token_in(message, "/activation")
    with refused(401, "invalid_credentials"):
        log_in(rpc, "agent.dupuis", NEW_PASSWORD)  # no password before activation
    with refused(422, "weak_password"):
        rpc.activate_account(token, "Password1")

    assert rpc.activate_account(token, NEW_PASSWORD) == {"login": "agent.dupuis"}

    session = rpc.resolve_session(log_in(rpc, "agent.dupuis", NEW_PASSWORD)["session_token"])
    assert (session["user_id"], session["role"], session["structure_ids"], session["must_change_password"]) == (
        created["id"], "staff", payload["structure_ids"], False)
    with refused(400, "invalid_token"):
        rpc.activate_account(token, "Autre2026abc")
    with refused(409, "already_activated"):
        rpc.resend_activation(STAFF, created["id"])


def test_an_activation_link_lasts_seven_days_and_can_be_sent_again(rpc, accounts, notifications, sink):
    start = Clock().now()
    travel(accounts, start)
    user = rpc.create_staff_user(ADMIN, staff_payload(role="admin"))
    first = token_in(sink.wait_for_one_to("julie.dupuis@mairie.example.fr", ACTIVATION), "/activation")
    travel(accounts, start + timedelta(days=7))
    with refused(400, "invalid_token"):
        rpc.activate_account(first, NEW_PASSWORD)

    assert rpc.resend_activation(STAFF, user["id"]) == {"user_id": user["id"],
                                                        "email": "julie.dupuis@mairie.example.fr"}
    second = token_in(sink.wait_for_one_to("julie.dupuis@mairie.example.fr", ACTIVATION, seen=1),
                      "/activation")
    assert rpc.activate_account(second, NEW_PASSWORD) == {"login": "agent.dupuis"}
    assert rpc.resolve_session(log_in(rpc, "agent.dupuis", NEW_PASSWORD)["session_token"])["role"] == "admin"


def test_resend_activation_refusals(family, rpc, sql):
    parent = parent_of(family, str(uuid.uuid4()))
    user = rpc.create_staff_user(ADMIN, staff_payload())
    with refused(403, "forbidden"):
        rpc.resend_activation(parent, user["id"])
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        with refused(404, "not_found"):
            rpc.resend_activation(STAFF, unknown)
    [parent_user] = sql("SELECT id::text FROM users WHERE role = 'parent'")
    with refused(409, "already_activated"):  # created with a temporary password
        rpc.resend_activation(STAFF, parent_user["id"])
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 1}]


def test_only_an_admin_creates_staff_accounts(family, rpc, sql):
    parent = parent_of(family, str(uuid.uuid4()))
    for caller in (STAFF, parent):
        with refused(403, "forbidden"):
            rpc.create_staff_user(caller, staff_payload())
    for bad in (staff_payload(role="parent"), staff_payload(email=None), staff_payload(email="pas-une-adresse"),
                staff_payload(structure_ids=["x"]), staff_payload(password="Vacances2026"), staff_payload(login="a b")):
        with refused(422, "invalid_input"):
            rpc.create_staff_user(ADMIN, bad)
    with refused(409, "login_taken"):
        rpc.create_staff_user(ADMIN, staff_payload(login=EMAIL.upper()))
    assert sql("SELECT count(*) AS n FROM users WHERE role <> 'parent'") == [{"n": 0}]
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 0}]


def test_creating_a_staff_account_fails_whole_when_its_link_cannot_be_sent(rpc, notifications, sql):
    notifications.stop()
    with refused(503, "service_unavailable"):
        rpc.create_staff_user(ADMIN, staff_payload())
    assert sql("SELECT count(*) AS n FROM users") == [{"n": 0}]
