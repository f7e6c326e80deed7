"""Family file rules without I/O: IBAN, the parents' field policy, changes compared with the file,
the health encryption and the CSV reader."""
from datetime import date

import pytest

from services.accounts.family import csv_import, health, rules


@pytest.mark.parametrize("text, compact", [
    ("FR76 3000 6000 0112 3456 7890 189", "FR7630006000011234567890189"),
    ("fr7630006000011234567890189", "FR7630006000011234567890189"),
    ("DE89 3704 0044 0532 0130 00", "DE89370400440532013000"),
])
def test_valid_ibans_are_kept_compact(text, compact):
    assert rules.normalise_iban(text) == compact


@pytest.mark.parametrize("text", ["FR76 3000 6000 0112 3456 7890 188", "FR76", "", "NOTANIBAN"])
def test_invalid_ibans_are_refused_in_french(text):
    with pytest.raises(ValueError, match="IBAN invalide"):
        rules.normalise_iban(text)


def test_masked_iban_shows_country_key_and_last_group():
    assert rules.mask_iban("FR7630006000011234567890189") == "FR76 **** **** **** **** **** 189"
    assert rules.mask_iban("DE89370400440532013000") == "DE89 **** **** **** **** 00"
    assert rules.mask_iban(None) is None
    assert rules.format_iban("DE89370400440532013000") == "DE89 3704 0044 0532 0130 00"


def test_the_policy_is_data():
    assert rules.PARENT_EDITABLE["family"] == frozenset()
    assert rules.fields_needing_request("guardian", {"mobile_phone": "1", "last_name": "X", "email": "e"}) == [
        "email", "last_name"]
    assert rules.fields_needing_request("child", {"health": {}, "image_consent": True}) == []


def test_differences_keep_only_what_changes_and_complete_objects():
    current = {"quotient": 500, "address": {"line1": "1 rue", "line2": None, "postcode": "69001", "city": "Lyon"},
               "authorised_pickups": []}
    assert rules.differences(current, {"quotient": 500, "address": {"city": "Lyon"}}) == {}
    assert rules.differences(current, {"address": {"city": "Bron"}, "authorised_pickups": [{"name": "A"}]}) == {
        "address": {"line1": "1 rue", "line2": None, "postcode": "69001", "city": "Bron"},
        "authorised_pickups": [{"name": "A", "relationship": None, "phone": None}]}


def test_health_round_trips_and_is_completed():
    token = health.encrypt({"allergies": "lait"})
    assert "lait" not in token
    assert health.decrypt(token) == {**rules.HEALTH_DEFAULTS, "allergies": "lait"}
    assert health.decrypt(None) == rules.HEALTH_DEFAULTS


def test_health_keys_rotate(monkeypatch):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    monkeypatch.setenv("HEALTH_DATA_KEY", old)
    token = health.encrypt({"notes": "x"})
    monkeypatch.setenv("HEALTH_DATA_KEY", f"{new},{old}")
    assert health.decrypt(token)["notes"] == "x"


def test_the_csv_reader_takes_commas_a_bom_and_french_dates():
    text = ("\ufefffamily_ref,civility,first_name,last_name,email,child_first_name,child_last_name,"
            "child_birth_date\r\nR1,M.,Jean,Petit,jean@example.org,Ana,Petit,1/2/2018\r\n\r\n")
    families, errors = csv_import.parse(text, date(2025, 1, 1))
    assert errors == []
    [family] = families
    assert family["line"] == 2 and family["number"] is None and family["login"] == "jean@example.org"
    assert family["payload"]["children"][0]["birth_date"] == date(2018, 2, 1)
    assert family["payload"]["temporary_password"] is None


def test_the_csv_reader_reports_extra_values():
    text = "family_ref,civility,first_name,last_name,email,child_first_name,child_last_name,child_birth_date\n" \
           "R1,M.,Jean,Petit,jean@example.org,Ana,Petit,2018-02-01,surplus\n"
    assert csv_import.parse(text, date(2025, 1, 1))[1] == [
        {"line": 2, "field": None, "message": "Plus de valeurs que de colonnes."}]
