"""update_family: what parents change at once, what needs a change request, what staff change, and
the events each change announces."""
import uuid

import pytest

from services.accounts.family.testing import IBAN_MASKED, parent_caller, whole_family_payload
from services.accounts.tests.conftest import STAFF, family_payload
from services.chassis.testing import refused

NEW_IBAN = "FR14 2004 1010 0505 0001 3M02 606"


@pytest.fixture
def events(accounts, event_log):
    """What accounts publishes once the family is created (its creation's events are taken)."""
    return event_log("accounts")


@pytest.fixture
def family(rpc, events):
    created = rpc.create_family(STAFF, whole_family_payload())
    assert [event["name"] for event in events.take(2)] == ["family.created", "child.created"]
    return created


@pytest.fixture
def parent(rpc, family):
    return parent_caller(rpc, family)


def file_state(rpc, family) -> dict:
    return rpc.get_family(STAFF, family["id"])


def test_a_parent_changes_at_once_what_the_policy_allows(rpc, family, parent, events, sql):
    guardian, child = family["guardians"][0], family["children"][0]
    result = rpc.update_family(parent, family["id"], {
        "guardians": [{"id": guardian["id"], "mobile_phone": "07 00 00 00 01", "work_phone": "01 00 00 00 02",
                       "profession": "Cadre de santé", "employer": "CHU", "consent_email": False,
                       "consent_sms": False}],
        "children": [{"id": child["id"], "image_consent": False, "authorised_pickups": [{"name": "Paul Voisin"}],
                      "health": {"allergies": "arachide, kiwi", "vaccinations_up_to_date": False}}],
    })
    changed_guardian, changed_child = result["guardians"][0], result["children"][0]
    assert (changed_guardian["mobile_phone"], changed_guardian["work_phone"], changed_guardian["profession"],
            changed_guardian["employer"], changed_guardian["consent_email"], changed_guardian["consent_sms"]) == (
        "07 00 00 00 01", "01 00 00 00 02", "Cadre de santé", "CHU", False, False)
    assert changed_guardian["home_phone"] == guardian["home_phone"]  # not sent, not changed
    assert changed_child["image_consent"] is False
    assert changed_child["authorised_pickups"] == [{"name": "Paul Voisin", "relationship": None, "phone": None}]
    # health is completed, not replaced: the fields not sent stay
    assert changed_child["health"] == {**child["health"], "allergies": "arachide, kiwi",
                                       "vaccinations_up_to_date": False}
    assert result["iban"] == IBAN_MASKED
    assert file_state(rpc, family)["children"][0]["health"]["allergies"] == "arachide, kiwi"
    assert "kiwi" not in sql("SELECT health_ciphertext FROM children")[0]["health_ciphertext"]

    [updated] = events.take(1)
    assert updated["name"] == "family.updated"
    assert updated["subject"] == family["id"]
    prefix = f"guardians.{guardian['id']}."
    assert updated["data"] == {
        "family_id": family["id"], "number": family["number"], "display_name": family["display_name"],
        "email": guardian["email"], "consent_email": False, "consent_sms": False,
        "changed": [prefix + name for name in ("mobile_phone", "work_phone", "profession", "employer",
                                                "consent_email", "consent_sms")],
    }
    events.assert_quiet()  # no child.updated for consents, pick-ups and health


def test_other_fields_need_a_change_request_and_nothing_changes(rpc, family, parent, events):
    guardian, child = family["guardians"][0], family["children"][0]
    before = file_state(rpc, family)
    with refused(422, "requires_change_request") as info:
        rpc.update_family(parent, family["id"], {
            "quotient": 300, "iban": NEW_IBAN,
            "guardians": [{"id": guardian["id"], "mobile_phone": "0700000001", "last_name": "Martin",
                           "address": {"city": "Villeurbanne"}, "email": "autre@example.org"}],
            "children": [{"id": child["id"], "school_class": "CE2", "image_consent": False}],
        })
    assert info.value.details == {"fields": [
        "iban", "quotient",
        f"guardians.{guardian['id']}.address", f"guardians.{guardian['id']}.email",
        f"guardians.{guardian['id']}.last_name",
        f"children.{child['id']}.school_class",
    ]}
    assert file_state(rpc, family) == before  # not even the allowed phone
    events.assert_quiet()


def test_unchanged_values_of_protected_fields_do_not_count(rpc, family, parent, events):
    guardian = family["guardians"][0]
    result = rpc.update_family(parent, family["id"], {
        "quotient": family["quotient"], "iban": "FR7630006000011234567890189",
        "guardians": [{"id": guardian["id"], "last_name": guardian["last_name"],
                       "address": {"city": guardian["address"]["city"]}, "mobile_phone": "0700000009"}],
    })
    assert result["guardians"][0]["mobile_phone"] == "0700000009"
    assert events.take(1)[0]["data"]["changed"] == [f"guardians.{guardian['id']}.mobile_phone"]


def test_nothing_different_changes_nothing_and_announces_nothing(rpc, family, parent, events):
    assert rpc.update_family(parent, family["id"], {}) == rpc.get_family(parent, family["id"])
    rpc.update_family(STAFF, family["id"], {"quotient": family["quotient"]})
    events.assert_quiet()


def test_staff_change_any_field_with_the_events_it_implies(rpc, family, events):
    guardian, child = family["guardians"][0], family["children"][0]
    result = rpc.update_family(STAFF, family["id"], {
        "quotient": 410, "quotient_valid_until": "2027-06-30", "iban": NEW_IBAN, "allowance_scheme": "msa",
        "guardians": [{"id": guardian["id"], "last_name": "Moreau", "address": {"line1": "8 place Bellecour"}}],
        "children": [{"id": child["id"], "school": "École Painlevé", "school_class": "CE2"}],
    })
    assert (result["quotient"], result["quotient_valid_until"], result["iban"], result["allowance_scheme"]) == (
        410, "2027-06-30", NEW_IBAN, "msa")
    assert result["display_name"] == "Famille Moreau"
    assert result["guardians"][0]["address"] == {**guardian["address"], "line1": "8 place Bellecour"}
    assert (result["children"][0]["school"], result["children"][0]["school_class"]) == ("École Painlevé", "CE2")

    published = {event["name"]: event for event in events.take(3)}
    assert set(published) == {"family.updated", "child.updated", "quotient.changed"}
    assert published["child.updated"]["data"] == {
        "child_id": child["id"], "family_id": family["id"], "first_name": "Noé", "last_name": "Lefèvre",
        "birth_date": "2018-05-20", "sex": "M", "school": "École Painlevé", "school_class": "CE2"}
    assert published["quotient.changed"]["data"] == {
        "family_id": family["id"], "quotient": 410, "quotient_valid_until": "2027-06-30"}
    family_updated = published["family.updated"]["data"]
    assert family_updated["display_name"] == "Famille Moreau"
    assert set(family_updated["changed"]) == {
        "quotient", "quotient_valid_until", "iban", "allowance_scheme", "display_name",
        f"guardians.{guardian['id']}.last_name", f"guardians.{guardian['id']}.address"}
    assert "FR14" not in str(family_updated) and "2004" not in str(family_updated)
    events.assert_quiet()


def test_a_parent_cannot_change_another_family(rpc, family, parent, sql, events):
    other = rpc.create_family(STAFF, family_payload())
    events.take(3)
    before = rpc.get_family(STAFF, other["id"])
    for target in (other["id"], str(uuid.uuid4()), "not-a-uuid"):
        with refused(404, "not_found"):
            rpc.update_family(parent, target, {"guardians": [{"id": other["guardians"][0]["id"],
                                                              "mobile_phone": "0700000000"}]})
    # ids of the other family inside a change of one's own family are not found either
    with refused(404, "not_found"):
        rpc.update_family(parent, family["id"], {"guardians": [{"id": other["guardians"][0]["id"],
                                                                "mobile_phone": "0700000000"}]})
    with refused(404, "not_found"):
        rpc.update_family(parent, family["id"], {"children": [{"id": other["children"][0]["id"],
                                                               "image_consent": True}]})
    assert rpc.get_family(STAFF, other["id"]) == before
    events.assert_quiet()


@pytest.mark.parametrize("changes", [
    {"iban": "FR76 0000"},
    {"quotient": -5},
    {"unknown": 1},
    {"guardians": [{"mobile_phone": "0700000000"}]},  # which guardian?
    {"children": [{"id": "CHILD", "sex": "X"}]},
    {"children": [{"id": "CHILD", "birth_date": "2999-01-01"}]},
    {"children": [{"id": "CHILD", "authorised_pickups": [{"name": " "}]}]},
    {"children": [{"id": "CHILD", "health": {"pai": "peut-être"}}]},
    [],
])
def test_bad_changes_are_refused_and_change_nothing(rpc, family, events, changes):
    if isinstance(changes, dict) and "children" in changes:
        changes = {"children": [{**changes["children"][0], "id": family["children"][0]["id"]}]}
    before = file_state(rpc, family)
    with refused(422, "invalid_input"):
        rpc.update_family(STAFF, family["id"], changes)
    assert file_state(rpc, family) == before
    events.assert_quiet()
