"""Account rules without I/O: password policy, family numbers and names, logins, session lifetime."""
from datetime import date, datetime, timedelta, timezone

import pytest

from services.accounts.family import rules as family_rules
from services.accounts.identity import credentials
from services.accounts.identity import rules as identity_rules
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


@pytest.mark.parametrize("password", ["Abcdefg1", "Bienvenue2025", "Été-à-la-plage-42", "xY9" * 10])
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
    first, second = credentials.new_session_token(), credentials.new_session_token()
    assert first != second and len(first) >= 40
    assert credentials.token_digest(first) == credentials.token_digest(first)
    assert len(credentials.token_digest(first)) == 64
