"""Failed logins throttled per login and per client address, from the login history, through the
running service; time travels with the service's clock."""
from datetime import timedelta

import pytest

from services.accounts.tests.conftest import TEMPORARY_PASSWORD
from services.accounts.tests.test_sessions import log_in
from services.chassis.testing import travel
from services.chassis.clock import Clock
from services.chassis.testing import refused

WRONG = "Mauvais2025"


@pytest.fixture
def family(create_family):
    return create_family()


@pytest.fixture
def start(accounts):
    """The instant the tests start from, the service's clock stopped there."""
    now = Clock().now()
    travel(accounts, now)
    return now


def fail(rpc, login, times, ip="203.0.113.7"):
    for _ in range(times):
        with refused(401, "invalid_credentials"):
            log_in(rpc, login, WRONG, ip=ip)


def test_five_failures_lock_the_login_even_for_the_right_password(family, rpc, accounts, start, sql):
    fail(rpc, family["login"], 4)
    travel(accounts, start + timedelta(minutes=10))
    fail(rpc, family["login"], 1)

    with refused(429, "too_many_attempts") as info:
        log_in(rpc, family["login"], TEMPORARY_PASSWORD)
    assert info.value.details == {"retry_after_seconds": 60}
    assert info.value.message == "Trop de tentatives. Réessayez dans 1 minute."
    travel(accounts, start + timedelta(minutes=10, seconds=30))
    with refused(429, "too_many_attempts") as info:
        log_in(rpc, family["login"].upper(), TEMPORARY_PASSWORD)  # the login's case changes nothing
    assert info.value.details == {"retry_after_seconds": 30}

    travel(accounts, start + timedelta(minutes=11))
    assert log_in(rpc, family["login"], TEMPORARY_PASSWORD)["session_token"]
    # refused attempts are in the history, kept apart from the failures that count
    rows = sql("SELECT success, throttled FROM login_history ORDER BY id")
    assert [(r["success"], r["throttled"]) for r in rows] == [(False, False)] * 5 + [(False, True)] * 2 + [(True, False)]


def test_each_new_lock_lasts_longer_and_a_success_starts_the_count_again(family, rpc, accounts, start):
    fail(rpc, family["login"], 5)
    travel(accounts, start + timedelta(minutes=1))
    fail(rpc, family["login"], 5)
    with refused(429, "too_many_attempts") as info:
        log_in(rpc, family["login"])
    assert info.value.details == {"retry_after_seconds": 300}
    assert info.value.message == "Trop de tentatives. Réessayez dans 5 minutes."

    travel(accounts, start + timedelta(minutes=6))
    fail(rpc, family["login"], 4)
    log_in(rpc, family["login"])  # the history stays, the count of this login starts again
    fail(rpc, family["login"], 5)
    with refused(429, "too_many_attempts") as info:
        log_in(rpc, family["login"])
    assert info.value.details == {"retry_after_seconds": 60}


def test_failures_spread_over_more_than_fifteen_minutes_lock_nothing(family, rpc, accounts, start):
    for minute in (0, 4, 8, 12, 16):
        travel(accounts, start + timedelta(minutes=minute))
        fail(rpc, family["login"], 1)
    assert log_in(rpc, family["login"])["user"]["family_id"] == family["id"]


def test_an_unknown_login_is_locked_like_a_known_one(rpc, accounts, start):
    fail(rpc, "personne@example.org", 5)
    with refused(429, "too_many_attempts") as info:
        log_in(rpc, "personne@example.org", WRONG)
    assert info.value.details == {"retry_after_seconds": 60}


def test_twenty_failures_from_one_address_lock_that_address(family, rpc, accounts, start):
    for number in range(20):
        fail(rpc, f"inconnu{number}@example.org", 1, ip="198.51.100.9")

    with refused(429, "too_many_attempts") as info:
        log_in(rpc, family["login"], ip="198.51.100.9")
    assert info.value.details == {"retry_after_seconds": 15 * 60}
    assert info.value.message == "Trop de tentatives. Réessayez dans 15 minutes."
    assert log_in(rpc, family["login"], ip="203.0.113.7")["session_token"]  # another address is not locked

    travel(accounts, start + timedelta(minutes=15))
    assert log_in(rpc, family["login"], ip="198.51.100.9")["session_token"]


def test_the_locked_user_sees_the_refused_attempts_in_the_history(family, rpc, accounts, start):
    fail(rpc, family["login"], 5, ip="198.51.100.1")
    with refused(429, "too_many_attempts"):
        log_in(rpc, family["login"], WRONG, ip="198.51.100.1")
    travel(accounts, start + timedelta(minutes=2))
    answer = log_in(rpc, family["login"])
    caller = {"user_id": answer["user"]["id"], "role": "parent", "family_id": family["id"]}
    history = rpc.list_logins(caller)
    assert [(h["success"], h["ip"]) for h in history] == [(True, "203.0.113.7")] + [(False, "198.51.100.1")] * 6
