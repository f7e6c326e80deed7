"""The whole family file through the running service: every field, the IBAN checked and masked, health
encrypted at rest, accounts created without a password, and the staff's search."""
import json
import uuid

import pytest

from services.accounts.family.testing import (
    IBAN, IBAN_COMPACT, IBAN_MASKED, parent_caller, start_notifications_stand_in, whole_family_payload,
)
from services.accounts.tests.conftest import STAFF, family_payload
from services.chassis.testing import refused

COUNTED = ("families", "guardians", "children", "users", "outbox")


@pytest.fixture
def sent_emails(container_factory, rabbit_config):
    return start_notifications_stand_in(container_factory, rabbit_config)


def counts(sql) -> dict:
    return {table: sql(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in COUNTED}


def test_the_whole_file_is_kept_and_returned(rpc):
    payload = whole_family_payload()
    family = rpc.create_family(STAFF, payload)
    file = rpc.get_family(STAFF, family["id"])

    assert {k: file[k] for k in ("caf_number", "allowance_scheme", "quotient", "quotient_valid_until",
                                 "bank_account_holder")} == {
        "caf_number": "1234567", "allowance_scheme": "caf", "quotient": 620, "quotient_valid_until": "2026-12-31",
        "bank_account_holder": "Hélène Lefèvre"}
    assert file["iban"] == IBAN  # staff see it whole
    [guardian] = file["guardians"]
    assert {k: v for k, v in guardian.items() if k != "id"} == payload["guardians"][0]
    [child] = file["children"]
    assert {k: v for k, v in child.items() if k != "id"} == payload["children"][0]


def test_parents_see_the_iban_masked(rpc):
    family = rpc.create_family(STAFF, whole_family_payload())
    parent = parent_caller(rpc, family)
    file = rpc.get_family(parent, family["id"])
    assert file["iban"] == IBAN_MASKED
    assert file["children"][0]["health"]["allergies"] == "arachide"  # their own child's health


def test_the_iban_is_stored_compact_and_health_is_not_stored_in_clear(rpc, sql):
    family = rpc.create_family(STAFF, whole_family_payload(iban="fr76 3000 6000 0112 3456 7890 189"))
    assert sql("SELECT iban FROM families") == [{"iban": IBAN_COMPACT}]
    [row] = sql("SELECT health_ciphertext FROM children")
    stored = row["health_ciphertext"]
    assert stored.startswith("gAAAAA")  # a Fernet token
    for secret in ("arachide", "adrénaline", "Dr Martin", "asthme"):
        assert secret not in stored
    assert rpc.get_family(STAFF, family["id"])["children"][0]["health"]["notes"] == "asthme léger"


def test_a_health_key_that_differs_cannot_read_the_stored_data(rpc, sql):
    from cryptography.fernet import Fernet, InvalidToken

    rpc.create_family(STAFF, whole_family_payload())
    [row] = sql("SELECT health_ciphertext FROM children")
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(row["health_ciphertext"].encode())


def test_events_carry_neither_health_nor_iban(rpc, accounts, event_log):
    events = event_log("accounts")
    family = rpc.create_family(STAFF, whole_family_payload())
    created, child_created = events.take(2)
    assert created["name"] == "family.created" and child_created["name"] == "child.created"
    assert created["data"]["consent_email"] is True
    assert created["data"]["children"] == [{
        "id": family["children"][0]["id"], "first_name": "Noé", "last_name": "Lefèvre", "birth_date": "2018-05-20",
        "sex": "M", "school": "École Jean Macé", "school_class": "CE1"}]
    text = json.dumps([created, child_created], ensure_ascii=False)
    for secret in ("arachide", "3000 6000", IBAN_COMPACT, "health", "Jeanne"):
        assert secret not in text


@pytest.mark.parametrize("overrides", [
    {"iban": "FR76 3000 6000 0112 3456 7890 188"},  # wrong check digits
    {"iban": "XX12 3456"},
    {"allowance_scheme": "cpam"},
    {"caf_number": "12 34"},
    {"quotient_valid_until": "31/12/2026"},
    {"children": [{"first_name": "Noé", "last_name": "Lefèvre", "birth_date": "2018-05-20", "sex": "X"}]},
    {"children": [{"first_name": "Noé", "last_name": "Lefèvre", "birth_date": "2018-05-20",
                   "authorised_pickups": [{"relationship": "voisin"}]}]},
    {"children": [{"first_name": "Noé", "last_name": "Lefèvre", "birth_date": "2018-05-20",
                   "health": {"blood_type": "O+"}}]},
    {"guardians": [{"civility": "Mme", "first_name": "A", "last_name": "B", "email": "a@example.org",
                    "address": {"country": "FR"}}]},
])
def test_a_bad_file_is_refused_and_creates_nothing(rpc, sql, overrides):
    with refused(422, "invalid_input"):
        rpc.create_family(STAFF, whole_family_payload(**overrides))
    assert counts(sql) == dict.fromkeys(COUNTED, 0)


def test_phone_is_still_accepted_as_the_mobile_phone(rpc):
    family = rpc.create_family(STAFF, family_payload())
    assert family["guardians"][0]["mobile_phone"] == "0601020304"
    assert family["guardians"][0]["consent_email"] is True and family["guardians"][0]["consent_sms"] is False


def test_without_a_temporary_password_the_parent_activates_the_account(rpc, sql, sent_emails):
    payload = family_payload()
    del payload["temporary_password"]
    family = rpc.create_family(STAFF, payload)
    [user] = sql("SELECT password_hash, must_change_password, email FROM users")
    assert user == {"password_hash": None, "must_change_password": False, "email": "marie.dupont@example.org"}
    assert [(email["kind"], email["to"]) for email in sent_emails] == [
        ("account_activation", "marie.dupont@example.org")]
    assert sent_emails[0]["context"]["login"] == family["login"]


def test_without_a_temporary_password_the_first_guardian_needs_an_email(rpc, sql):
    payload = family_payload(login="famille.sans.email", guardians=[
        {"civility": "M.", "first_name": "Jean", "last_name": "Durand"}])
    del payload["temporary_password"]
    with refused(422, "invalid_input") as info:
        rpc.create_family(STAFF, payload)
    assert "email" in info.value.details["fields"]["guardians"]["0"]
    assert counts(sql) == dict.fromkeys(COUNTED, 0)


# Search ------------------------------------------------------------------------------------------

@pytest.fixture
def three_families(rpc):
    return [
        rpc.create_family(STAFF, whole_family_payload()),
        rpc.create_family(STAFF, family_payload()),
        rpc.create_family(STAFF, family_payload(login="famille.garcia", guardians=[
            {"civility": "M.", "first_name": "José", "last_name": "García", "email": "jose@example.org"}],
            children=[{"first_name": "Zoé", "last_name": "García", "birth_date": "2016-01-09"}])),
    ]


@pytest.mark.parametrize("query, numbers", [
    ("helene", ["F000001"]),             # accents ignored
    ("LEFEVRE", ["F000001"]),            # case too
    ("noe", ["F000001"]),                # a child's name
    ("F000002", ["F000002"]),            # the number
    ("marie.dupont@example", ["F000002"]),
    ("garcia zoe", ["F000003"]),         # every word must match
    ("dupont zoe", []),
    ("e", ["F000001", "F000002", "F000003"]),
    ("100%", []),                        # LIKE's wildcards are plain characters
])
def test_staff_search_families(rpc, three_families, query, numbers):
    assert [found["number"] for found in rpc.search_families(STAFF, query)] == numbers


def test_search_results_name_guardians_and_children(rpc, three_families):
    [found] = rpc.search_families(STAFF, "José")
    assert found == {
        "id": three_families[2]["id"], "number": "F000003", "display_name": "Famille García",
        "guardians": [{"first_name": "José", "last_name": "García", "email": "jose@example.org"}],
        "children": [{"first_name": "Zoé", "last_name": "García"}],
    }
    assert len(rpc.search_families(STAFF, "e", limit=2)) == 2


def test_search_is_for_staff_and_needs_a_query(rpc, three_families):
    parent = parent_caller(rpc, three_families[0])
    with refused(403, "forbidden"):
        rpc.search_families(parent, "dupont")
    for query, limit in ((" ", 50), ("", 50), ("x" * 101, 50), ("dupont", 0), ("dupont", "10")):
        with refused(422, "invalid_input"):
            rpc.search_families(STAFF, query, limit)


def test_get_family_of_another_family_is_not_found(rpc, three_families):
    parent = parent_caller(rpc, three_families[0])
    for other in (three_families[1]["id"], str(uuid.uuid4())):
        with refused(404, "not_found"):
            rpc.get_family(parent, other)
