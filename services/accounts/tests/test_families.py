"""create_family and get_family through the running service: events, refusals, family isolation."""
import json
import uuid

import pytest

from services.accounts.family.schemas import ChildCreatedData, FamilyCreatedData
from services.chassis.testing import refused
from services.accounts.tests.conftest import STAFF, TEMPORARY_PASSWORD, family_payload, parent_of
from services.chassis.events import CloudEventSchema

TABLES = ("families", "guardians", "children", "users", "outbox")
SUMMARY = ("id", "first_name", "last_name", "birth_date", "sex", "school", "school_class")


def counts(sql) -> dict:
    return {table: sql(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in TABLES}


def test_create_family_returns_the_family_and_announces_it(create_family, rpc, accounts_events):
    family = create_family()

    assert family["number"] == "F000001"
    assert family["display_name"] == "Famille Dupont / Martin"
    assert family["login"] == "marie.dupont@example.org"
    assert family["quotient"] == 850
    assert [(g["civility"], g["first_name"], g["position"]) for g in family["guardians"]] == [
        ("Mme", "Marie", "mother"), ("M.", "Paul", None)]
    assert [(c["first_name"], c["birth_date"]) for c in family["children"]] == [
        ("Léa", "2017-03-14"), ("Hugo", "2019-11-02")]
    assert rpc.get_family(STAFF, family["id"]) == {k: v for k, v in family.items() if k != "login"}

    events = accounts_events(3)
    assert [key for key, _ in events] == ["family.created", "child.created", "child.created"]
    for _, event in events:
        assert CloudEventSchema().validate(event) == {}
    family_created = events[0][1]
    assert family_created["subject"] == family["id"]
    assert FamilyCreatedData().validate(family_created["data"]) == {}
    assert family_created["data"] == {
        "family_id": family["id"], "number": "F000001", "display_name": "Famille Dupont / Martin",
        "email": "marie.dupont@example.org", "consent_email": True, "login": "marie.dupont@example.org", "password_set": True,
        "guardians": family["guardians"], "quotient": 850,
        "children": [{key: child[key] for key in SUMMARY} for child in family["children"]],
    }
    assert "health" not in json.dumps(family_created["data"])
    children_created = [event["data"] for _, event in events[1:]]
    assert children_created == [
        {"child_id": child["id"], "family_id": family["id"], "first_name": child["first_name"],
         "last_name": child["last_name"], "birth_date": child["birth_date"]}
        for child in family["children"]
    ]
    assert all(ChildCreatedData().validate(data) == {} for data in children_created)
    for _, event in events:
        assert TEMPORARY_PASSWORD not in json.dumps(event) and "argon2" not in json.dumps(event)


def test_family_numbers_follow_each_other_and_login_can_be_chosen(create_family):
    first = create_family()
    second = create_family(login="famille.durand", guardians=[
        {"civility": "M.", "first_name": "Jean", "last_name": "Durand"}], children=[])
    assert (first["number"], second["number"]) == ("F000001", "F000002")
    assert second["login"] == "famille.durand"
    assert second["children"] == [] and second["quotient"] == 850


def test_parent_user_must_change_the_temporary_password(create_family, rpc, sql):
    family = create_family()
    [user] = sql("SELECT role, family_id::text, must_change_password, display_name, email, password_hash"
                 " FROM users")
    assert user["role"] == "parent" and user["family_id"] == family["id"]
    assert user["must_change_password"] is True
    assert (user["display_name"], user["email"]) == ("Marie Dupont", "marie.dupont@example.org")
    assert user["password_hash"].startswith("$argon2id$") and TEMPORARY_PASSWORD not in user["password_hash"]


def test_a_parent_cannot_create_a_family(create_family, rpc, sql):
    family = create_family()
    parent = parent_of(family, rpc.login(family["login"], TEMPORARY_PASSWORD)["user"]["id"])
    before = counts(sql)
    with refused(403, "forbidden"):
        rpc.create_family(parent, family_payload(login="autre.famille"))
    assert counts(sql) == before


@pytest.mark.parametrize("overrides, code", [
    ({"guardians": []}, "invalid_input"),
    ({"guardians": [{"civility": "Dr", "first_name": "A", "last_name": "B", "email": "a@example.org"}]},
     "invalid_input"),
    ({"children": [{"first_name": "Léa", "last_name": "Dupont", "birth_date": "14/03/2017"}]}, "invalid_input"),
    ({"children": [{"first_name": "Léa", "last_name": "Dupont", "birth_date": "2999-01-01"}]}, "invalid_input"),
    ({"children": [{"first_name": " ", "last_name": "Dupont", "birth_date": "2017-03-14"}]}, "invalid_input"),
    ({"quotient": -1}, "invalid_input"),
    ({"quotient": "850"}, "invalid_input"),
    ({"password": "Bienvenue2025"}, "invalid_input"),
    ({"guardians": [{"civility": "M.", "first_name": "Jean", "last_name": "Durand"}]}, "invalid_input"),
    ({"temporary_password": "bienvenue"}, "weak_password"),
])
def test_bad_payload_is_refused_and_creates_nothing(rpc, sql, accounts_events, overrides, code):
    with refused(422, code):
        rpc.create_family(STAFF, family_payload(**overrides))
    assert counts(sql) == dict.fromkeys(TABLES, 0)
    assert accounts_events(1, timeout=0.5) == []


def test_weak_temporary_password_says_why(rpc):
    with refused(422, "weak_password") as info:
        rpc.create_family(STAFF, family_payload(temporary_password="Bienvenue"))
    assert info.value.details == {"reason": "Le mot de passe doit contenir au moins un chiffre."}


def test_a_taken_login_is_refused_whatever_its_case(create_family, rpc, sql, accounts_events):
    create_family()
    assert len(accounts_events(3)) == 3
    before = counts(sql)
    with refused(409, "login_taken"):
        rpc.create_family(STAFF, family_payload(login="Marie.DUPONT@example.org"))
    assert counts(sql) == before
    assert len(accounts_events(4, timeout=0.5)) == 3


def test_a_parent_sees_only_their_own_family(create_family, rpc):
    family_a = create_family()
    family_b = create_family(login="famille.b")
    parent_a = parent_of(family_a, rpc.login(family_a["login"], TEMPORARY_PASSWORD)["user"]["id"])

    assert rpc.get_family(parent_a, family_a["id"])["number"] == family_a["number"]
    for other in (family_b["id"], str(uuid.uuid4()), "not-a-uuid", None):
        with refused(404, "not_found"):
            rpc.get_family(parent_a, other)
    # Staff reach every family, and an unknown id is a 404 for them too.
    assert rpc.get_family(STAFF, family_b["id"])["id"] == family_b["id"]
    for unknown in (str(uuid.uuid4()), "not-a-uuid"):
        with refused(404, "not_found"):
            rpc.get_family(STAFF, unknown)


def test_a_bad_caller_is_refused(rpc):
    with refused(422, "invalid_input"):
        rpc.create_family({"user_id": "x", "role": "mayor"}, family_payload())
