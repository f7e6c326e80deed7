"""A change of email, confirmed from the new address, through the running services: accounts makes the
link, notifications sends it and follows the change in its contacts."""
# ruff: noqa: F401, F811 - the mail fixtures are imported from identity_mail, then named as arguments
import uuid
from datetime import timedelta

import pytest

from services.accounts.tests.conftest import TEMPORARY_PASSWORD, parent_of
from services.accounts.tests.identity_mail import PUBLIC_URL, notifications, sink
from services.accounts.tests.test_sessions import log_in
from services.chassis.testing import travel
from services.chassis.clock import Clock
from services.chassis.testing import refused
from services.notifications.tests.mail import link_in, text_of, token_in, wait_until

OLD = "marie.dupont@example.org"
NEW = "marie.nouvelle@example.org"
CONFIRM = "Confirmez votre nouvelle adresse électronique"


@pytest.fixture
def family(create_family, notifications):
    return create_family()


@pytest.fixture
def parent(family, rpc):
    return parent_of(family, log_in(rpc, family["login"])["user"]["id"])


def ask_change(rpc, sink, parent, new=NEW, seen=0) -> str:
    assert rpc.request_email_change(parent, TEMPORARY_PASSWORD, new, new.upper()) is None
    return token_in(sink.wait_for_one_to(new, CONFIRM, seen), "/email/confirm")


def test_the_new_address_is_set_once_confirmed_and_the_login_follows_it(
        family, parent, rpc, sink, event_log, service_sql):
    events = event_log("accounts")
    assert rpc.request_email_change(parent, TEMPORARY_PASSWORD, NEW, NEW) is None
    message = sink.wait_for_one_to(NEW, CONFIRM)
    assert link_in(message, "/email/confirm").startswith(f"{PUBLIC_URL}/email/confirm?token=")
    assert OLD in text_of(message)  # the current login, so the person knows which account
    assert rpc.get_me(parent)["email"] == OLD  # nothing changes before the confirmation

    answer = rpc.confirm_email_change(token_in(message, "/email/confirm"))

    assert answer == {"login": NEW, "email": NEW}
    assert (rpc.get_me(parent)["email"], rpc.get_me(parent)["login"]) == (NEW, NEW)
    assert log_in(rpc, NEW)["user"]["id"] == parent["user_id"]
    with refused(401, "invalid_credentials"):
        log_in(rpc, OLD)
    [event] = events.take(1)
    assert event["name"] == "user.email_changed" and event["subject"] == parent["user_id"]
    assert event["data"] == {"user_id": parent["user_id"], "family_id": family["id"], "email": NEW}
    with refused(400, "invalid_token"):
        rpc.confirm_email_change(token_in(message, "/email/confirm"))
    # notifications follows: the family's contact has the new address
    contacts = service_sql("notifications")
    wait_until(lambda: contacts("SELECT email FROM contacts WHERE family_id = %s", (family["id"],)) == [{"email": NEW}])


def test_a_chosen_login_stays_when_the_email_changes(create_family, notifications, rpc, sink):
    family = create_family(login="famille.dupont")
    parent = parent_of(family, log_in(rpc, "famille.dupont")["user"]["id"])
    assert rpc.confirm_email_change(ask_change(rpc, sink, parent)) == {"login": "famille.dupont", "email": NEW}
    assert rpc.get_me(parent)["email"] == NEW


def test_the_confirmation_link_lasts_a_day(parent, rpc, accounts, sink):
    start = Clock().now()
    travel(accounts, start)
    token = ask_change(rpc, sink, parent)
    travel(accounts, start + timedelta(hours=24))
    with refused(400, "invalid_token"):
        rpc.confirm_email_change(token)
    assert rpc.get_me(parent)["email"] == OLD


def test_email_change_refusals_change_nothing(create_family, parent, rpc, sql):
    create_family(guardians=[{"civility": "M.", "first_name": "Jean", "last_name": "Autre",
                              "email": "jean.autre@example.org", "phone": None}])
    before = sql("SELECT login, email FROM users ORDER BY login")
    with refused(401, "invalid_credentials"):
        rpc.request_email_change(parent, "Mauvais2025", NEW, NEW)
    with refused(422, "emails_differ"):
        rpc.request_email_change(parent, TEMPORARY_PASSWORD, NEW, "marie.autre@example.org")
    for bad in ("pas-une-adresse", None, ""):
        with refused(422, "invalid_input"):
            rpc.request_email_change(parent, TEMPORARY_PASSWORD, bad, bad)
    with refused(422, "invalid_input"):
        rpc.request_email_change(parent, TEMPORARY_PASSWORD, OLD.upper(), OLD)
    with refused(409, "email_taken"):
        rpc.request_email_change(parent, TEMPORARY_PASSWORD, "Jean.Autre@example.org", "jean.autre@example.org")
    with refused(404, "not_found"):
        rpc.request_email_change({**parent, "user_id": str(uuid.uuid4())}, TEMPORARY_PASSWORD, NEW, NEW)
    with refused(400, "invalid_token"):
        rpc.confirm_email_change("no-such-token")
    with refused(422, "invalid_input"):
        rpc.confirm_email_change(None)
    assert sql("SELECT login, email FROM users ORDER BY login") == before
    assert sql("SELECT count(*) AS n FROM user_tokens") == [{"n": 0}]


def test_an_address_taken_meanwhile_is_refused_at_confirmation(create_family, parent, rpc, sink):
    token = ask_change(rpc, sink, parent)
    create_family(guardians=[{"civility": "M.", "first_name": "Jean", "last_name": "Autre", "email": NEW,
                              "phone": None}])
    with refused(409, "email_taken"):
        rpc.confirm_email_change(token)
    assert rpc.get_me(parent)["email"] == OLD
