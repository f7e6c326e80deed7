"""Account rules without I/O: password policy, family numbers and names, logins, session lifetime."""
from datetime import date, datetime, timedelta, timezone

import pytest

from services.accounts.family import rules as family_rules
from services.accounts.identity import credentials
from services.accounts.identity import rules as identity_rules
from services.accounts.identity import throttling
from services.chassis.errors import ServiceError


@pytest.mark.parametrize("password, fragment", [
    ("", "au moins 8 caractères"),
    ("Abc1234", "au moins 8 caractères"),
    ("abcdefg1", "majuscule"),
    ("ABCDEFG1", "minuscule"),
    ("Abcdefgh", "chiffre"),
    ("ÉCOLEété", "chiffre"),
])
def test_weak_passwords_get_a_french_reason(password, fragment):
    assert fragment in identity_rules.password_weakness(password)


@pytest.mark.parametrize("password", ["Password1", "Passw0rd1", "Azerty123", "Iloveyou1", "qwERTY123", "TrustNo1"])
def test_common_passwords_are_refused_whatever_their_case(password):
    assert identity_rules.password_weakness(password) == (
        "Ce mot de passe fait partie des plus courants : choisissez-en un plus difficile à deviner.")


@pytest.mark.parametrize("password", ["Abcdefg9", "Bienvenue2025", "Été-à-la-plage-42", "xY9" * 10])
def test_strong_passwords_pass(password):
    assert identity_rules.password_weakness(password) is None
    identity_rules.require_strong_password(password)


def test_require_strong_password_raises_422_weak_password_with_the_reason():
    with pytest.raises(ServiceError) as refused:
        identity_rules.require_strong_password("court1A")
    assert (refused.value.code, refused.value.status) == ("weak_password", 422)
    assert refused.value.details == {"reason": identity_rules.password_weakness("court1A")}


def test_new_password_must_differ_from_the_current_one():
    with pytest.raises(ServiceError) as refused:
        identity_rules.require_strong_password("Bienvenue2025", current="Bienvenue2025")
    assert refused.value.code == "weak_password"
    assert "différent" in refused.value.details["reason"]


@pytest.mark.parametrize("value, number", [(1, "F000001"), (42, "F000042"), (999999, "F999999"),
                                           (1234567, "F1234567")])
def test_family_number(value, number):
    assert family_rules.family_number(value) == number


def test_family_display_name_names_each_distinct_last_name_once():
    assert family_rules.family_display_name([{"last_name": "Dupont"}]) == "Famille Dupont"
    assert family_rules.family_display_name(
        [{"last_name": "Dupont"}, {"last_name": "Martin"}, {"last_name": "Dupont"}]
    ) == "Famille Dupont / Martin"


def test_family_login_defaults_to_first_guardian_email():
    guardians = [{"email": "a@example.org"}, {"email": "b@example.org"}]
    assert family_rules.family_login({"login": None, "guardians": guardians}) == "a@example.org"
    assert family_rules.family_login({"login": "dupont", "guardians": guardians}) == "dupont"
    with pytest.raises(ServiceError) as refused:
        family_rules.family_login({"login": None, "guardians": [{"email": None}, {"email": "b@example.org"}]})
    assert refused.value.status == 422


def test_birth_dates_in_the_future_are_refused():
    today = date(2025, 9, 1)
    family_rules.check_birth_dates([{"birth_date": today}], today)
    with pytest.raises(ServiceError) as refused:
        family_rules.check_birth_dates([{"birth_date": today}, {"birth_date": date(2025, 9, 2)}], today)
    assert refused.value.details == {
        "fields": {"children": {"1": {"birth_date": ["La date de naissance ne peut pas être dans le futur."]}}}
    }


def test_session_lifetime():
    now = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
    expires_at = identity_rules.session_expiry(now, 12)
    assert expires_at == now + timedelta(hours=12)
    live = {"revoked_at": None, "expires_at": expires_at}
    assert identity_rules.session_is_live(live, now)
    assert not identity_rules.session_is_live(live, expires_at)
    assert not identity_rules.session_is_live({**live, "revoked_at": now}, now)


def test_password_hashes_are_argon2id_and_verify():
    hashed = credentials.hash_password("Bienvenue2025")
    assert hashed.startswith("$argon2id$")
    assert credentials.verify_password(hashed, "Bienvenue2025")
    assert not credentials.verify_password(hashed, "bienvenue2025")
    assert not credentials.verify_password("not a hash", "Bienvenue2025")
    assert credentials.verify_unknown_login("Bienvenue2025") is False


def test_session_tokens_are_random_and_stored_as_sha256():
    first, second = credentials.new_token(), credentials.new_token()
    assert first != second and len(first) >= 40
    assert credentials.token_digest(first) == credentials.token_digest(first)
    assert len(credentials.token_digest(first)) == 64


def test_a_password_check_on_an_account_without_password_fails():
    assert credentials.verify_password(None, "Bienvenue2025") is False


def test_links_lead_to_the_website_pages_and_expire():
    now = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)
    assert identity_rules.link("https://portail.example.fr/", identity_rules.ACTIVATION, "abc") == (
        "https://portail.example.fr/activation?token=abc")
    assert identity_rules.link("https://p.fr", identity_rules.PASSWORD_RESET, "t") == "https://p.fr/reset-password?token=t"
    assert identity_rules.link("https://p.fr", identity_rules.EMAIL_CHANGE, "t") == "https://p.fr/email/confirm?token=t"
    assert identity_rules.token_expiry(identity_rules.PASSWORD_RESET, now) == now + timedelta(hours=1)
    assert identity_rules.token_expiry(identity_rules.ACTIVATION, now) == now + timedelta(days=7)
    assert identity_rules.token_expiry(identity_rules.EMAIL_CHANGE, now) == now + timedelta(hours=24)


def test_emails_compare_without_case_or_spaces():
    assert identity_rules.same_email(" Marie@Example.org", "marie@example.org")
    assert not identity_rules.same_email("marie@example.org", "marie@example.com")
    assert not identity_rules.same_email(None, "marie@example.org")


T0 = datetime(2025, 9, 1, 8, 0, tzinfo=timezone.utc)


def minutes(*offsets) -> list:
    return [T0 + timedelta(minutes=m) for m in offsets]


def test_five_failures_within_fifteen_minutes_lock_a_login_for_one_minute():
    assert throttling.locked_until(minutes(0, 1, 2, 3), throttling.PER_LOGIN) is None
    assert throttling.locked_until(minutes(0, 1, 2, 3, 4), throttling.PER_LOGIN) == T0 + timedelta(minutes=5)
    # spread over more than fifteen minutes: no lock
    assert throttling.locked_until(minutes(0, 4, 8, 12, 16), throttling.PER_LOGIN) is None


def test_each_new_lock_of_a_login_lasts_longer():
    first = [0, 0, 0, 0, 0]
    second = [2, 2, 2, 2, 2]
    third = [10, 10, 10, 10, 10]
    fourth, fifth = [30] * 5, [100] * 5
    assert throttling.locked_until(minutes(*first, *second), throttling.PER_LOGIN) == T0 + timedelta(minutes=7)
    assert throttling.locked_until(minutes(*first, *second, *third), throttling.PER_LOGIN) == (
        T0 + timedelta(minutes=25))
    assert throttling.locked_until(minutes(*first, *second, *third, *fourth, *fifth), throttling.PER_LOGIN) == (
        T0 + timedelta(minutes=160))


def test_failures_recorded_during_a_lock_do_not_count():
    # a failure that slipped in while the lock was on (a race) neither extends it nor starts a streak
    assert throttling.locked_until(minutes(0, 0, 0, 0, 0, 0.5, 2, 2, 2), throttling.PER_LOGIN) == (
        T0 + timedelta(minutes=1))


def test_an_address_is_locked_after_twenty_failures_in_fifteen_minutes():
    nineteen = [T0 + timedelta(seconds=10 * i) for i in range(19)]
    assert throttling.retry_after_seconds([], nineteen, T0 + timedelta(minutes=4)) is None
    twenty = nineteen + [T0 + timedelta(minutes=4)]
    assert throttling.retry_after_seconds([], twenty, T0 + timedelta(minutes=4)) == 15 * 60


def test_retry_after_is_the_longest_remaining_lock_in_whole_seconds():
    login = minutes(0, 0, 0, 0, 0)
    assert throttling.retry_after_seconds(login, [], T0 + timedelta(seconds=0.5)) == 60
    assert throttling.retry_after_seconds(login, [], T0 + timedelta(seconds=59.5)) == 1
    assert throttling.retry_after_seconds(login, [], T0 + timedelta(minutes=1)) is None


@pytest.mark.parametrize("seconds, words", [(1, "1 minute"), (60, "1 minute"), (61, "2 minutes"),
                                            (300, "5 minutes"), (3600, "1 heure"), (3601, "2 heures")])
def test_the_wait_is_said_in_french(seconds, words):
    error = throttling.too_many_attempts(seconds)
    assert (error.status, error.code, error.details) == (429, "too_many_attempts", {"retry_after_seconds": seconds})
    assert error.message == f"Trop de tentatives. Réessayez dans {words}."
