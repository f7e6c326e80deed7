"""The staff's CSV import (all or nothing), the family's GDPR export and its anonymisation."""
import base64

import pytest

from services.accounts.family.testing import (
    ADMIN, IBAN_MASKED, parent_caller, start_notifications_stand_in, whole_family_payload,
)
from services.accounts.tests.conftest import STAFF, TEMPORARY_PASSWORD, family_payload
from services.chassis.testing import refused

COUNTED = ("families", "guardians", "children", "users", "outbox")

HEADER = ("family_ref;family_number;civility;first_name;last_name;email;mobile_phone;address_line1;address_line2;"
          "postcode;city;child_first_name;child_last_name;child_birth_date;child_sex;child_school;"
          "child_school_class;quotient")
GOOD_CSV = "\n".join([
    HEADER,
    "A;;Mme;Amélie;Roux;amelie.roux@example.org;0611111111;1 rue Haute;;69002;Lyon;Léo;Roux;2017-04-03;M;"
    "École Ampère;CE2;540",
    "A;;Mme;Amélie;Roux;amelie.roux@example.org;0611111111;1 rue Haute;;69002;Lyon;Mia;Roux;09/11/2019;F;"
    "École Ampère;GS;540",
    "B;F009000;M.;Karim;Benali;karim.benali@example.org;;;;;;Sami;Benali;2016-06-30;;;;",
]) + "\n"


@pytest.fixture
def sent_emails(container_factory, rabbit_config):
    return start_notifications_stand_in(container_factory, rabbit_config)


def counts(sql) -> dict:
    return {table: sql(f"SELECT count(*) AS n FROM {table}")[0]["n"] for table in COUNTED}


def test_import_creates_each_family_and_invites_its_parent(rpc, sql, sent_emails, accounts, event_log):
    events = event_log("accounts")
    assert rpc.import_families(STAFF, GOOD_CSV) == {"imported": 2}

    [roux] = rpc.search_families(STAFF, "Roux")
    file = rpc.get_family(STAFF, roux["id"])
    assert file["number"] == "F000001" and file["quotient"] == 540
    assert file["guardians"][0]["address"] == {"line1": "1 rue Haute", "line2": None, "postcode": "69002",
                                               "city": "Lyon"}
    assert [(c["first_name"], c["birth_date"], c["sex"], c["school_class"]) for c in file["children"]] == [
        ("Léo", "2017-04-03", "M", "CE2"), ("Mia", "2019-11-09", "F", "GS")]
    [benali] = rpc.search_families(STAFF, "benali")
    assert benali["number"] == "F009000"  # kept from the previous system

    users = sql("SELECT login, password_hash, must_change_password FROM users ORDER BY login")
    assert users == [
        {"login": "amelie.roux@example.org", "password_hash": None, "must_change_password": False},
        {"login": "karim.benali@example.org", "password_hash": None, "must_change_password": False}]
    assert sorted(email["to"] for email in sent_emails if email["kind"] == "account_activation") == [
        "amelie.roux@example.org", "karim.benali@example.org"]
    assert [event["name"] for event in events.take(5)] == [
        "family.created", "child.created", "child.created", "family.created", "child.created"]


def test_numbers_kept_by_an_import_are_skipped_later(rpc, sent_emails):
    rpc.import_families(STAFF, "\n".join([
        HEADER, "X;F000001;M.;Jean;Petit;jean.petit@example.org;;;;;;;;;;;;"]))
    assert rpc.create_family(STAFF, family_payload())["number"] == "F000002"


@pytest.mark.parametrize("csv_text, errors", [
    (HEADER + "\nA;;Dr;Amélie;Roux;amelie@example.org;;;;;;Léo;Roux;2017-04-03;;;;\n",
     [{"line": 2, "field": "civility"}]),
    (HEADER + "\nA;;Mme;Amélie;Roux;;;;;;;Léo;Roux;2017-04-03;;;;\n", [{"line": 2, "field": "email"}]),
    (HEADER + "\nA;;Mme;Amélie;Roux;a@example.org;;;;;;Léo;Roux;03-04-2017;X;;;abc\n",
     [{"line": 2, "field": "quotient"}, {"line": 2, "field": "child_birth_date"}, {"line": 2, "field": "child_sex"}]),
    (HEADER + "\nA;;Mme;Amélie;Roux;a@example.org;;;;;;Léo;Roux;2999-01-01;;;;\n",
     [{"line": 2, "field": "child_birth_date"}]),
    (HEADER + "\nA;;Mme;Amélie;Roux;a@example.org;;;;;;Léo;Roux;2017-04-03;;;;\n"
     "A;;Mme;Amélie;Rousse;a@example.org;;;;;;Mia;Roux;2019-04-03;;;;\n", [{"line": 3, "field": "last_name"}]),
    (HEADER + "\nA;;Mme;Amélie;Roux;a@example.org;;;;;;Léo;Roux;2017-04-03;;;;\n"
     "B;;M.;Paul;Roux;A@example.org;;;;;;;;;;;;\n", [{"line": 3, "field": "email"}]),
    (HEADER + "\n;;Mme;Amélie;Roux;a@example.org;;;;;;Léo;Roux;2017-04-03;;;;\n",
     [{"line": 2, "field": "family_ref"}]),
    ("family_ref,civility,first_name,last_name,email,child_first_name,child_last_name,colour\n",
     [{"line": 1, "field": "child_birth_date"}, {"line": 1, "field": "colour"}]),
    (HEADER + "\n", [{"line": 1, "field": None}]),
])
def test_a_bad_file_imports_nothing_and_says_where(rpc, sql, csv_text, errors):
    with refused(422, "invalid_csv") as info:
        rpc.import_families(STAFF, csv_text)
    assert [{"line": e["line"], "field": e["field"]} for e in info.value.details["errors"]] == errors
    assert all(e["message"] for e in info.value.details["errors"])
    assert counts(sql) == dict.fromkeys(COUNTED, 0)


def test_an_import_clashing_with_the_database_imports_nothing(rpc, sql, sent_emails):
    rpc.create_family(STAFF, family_payload())
    before = counts(sql)
    csv_text = "\n".join([HEADER, "A;;Mme;Amélie;Roux;amelie.roux@example.org;;;;;;Léo;Roux;2017-04-03;;;;",
                          "B;F000001;Mme;Marie;Dupont;MARIE.DUPONT@example.org;;;;;;;;;;;;"])
    with refused(422, "invalid_csv") as info:
        rpc.import_families(STAFF, csv_text)
    assert [(e["line"], e["field"]) for e in info.value.details["errors"]] == [(3, "email"), (3, "family_number")]
    assert counts(sql) == before
    assert sent_emails == []


def test_import_is_for_staff_and_needs_text(rpc, sql):
    family = rpc.create_family(STAFF, family_payload())
    with refused(403, "forbidden"):
        rpc.import_families(parent_caller(rpc, family, TEMPORARY_PASSWORD), GOOD_CSV)
    for text in ("", None, 42):
        with refused(422, "invalid_input"):
            rpc.import_families(STAFF, text)
    assert sql("SELECT count(*) AS n FROM families") == [{"n": 1}]


# Export ------------------------------------------------------------------------------------------

def test_a_family_exports_its_whole_file(rpc):
    family = rpc.create_family(STAFF, whole_family_payload())
    parent = parent_caller(rpc, family)
    rpc.create_change_request(parent, {"target": "family", "target_id": family["id"], "changes": {"quotient": 1}})
    with refused(401):
        rpc.login(family["login"], "Mauvais-mot-2-passe")

    export = rpc.export_family(parent, family["id"])
    assert export["family"] == rpc.get_family(parent, family["id"])
    assert export["family"]["iban"] == IBAN_MASKED
    assert export["family"]["children"][0]["health"]["allergies"] == "arachide"
    assert [r["changes"] for r in export["change_requests"]] == [{"quotient": 1}]
    [user] = export["users"]
    assert (user["login"], user["role"], user["email"]) == ("helene.lefevre", "parent", "helene.lefevre@example.org")
    assert [entry["success"] for entry in user["logins"]] == [False, True]
    assert "password_hash" not in str(export) and "argon2" not in str(export)
    assert export["documents"] == []
    assert export["exported_at"]
    assert rpc.export_family(STAFF, family["id"])["family"]["iban"] == "FR76 3000 6000 0112 3456 7890 189"


def test_a_parent_exports_only_their_family(rpc):
    family = rpc.create_family(STAFF, whole_family_payload())
    other = rpc.create_family(STAFF, family_payload())
    with refused(404, "not_found"):
        rpc.export_family(parent_caller(rpc, family), other["id"])


# Anonymisation -----------------------------------------------------------------------------------

def test_an_admin_anonymises_a_family(rpc, sql, accounts, event_log):
    family = rpc.create_family(STAFF, whole_family_payload())
    parent = parent_caller(rpc, family)
    rpc.create_change_request(parent, {"target": "guardian", "target_id": family["guardians"][0]["id"],
                                       "changes": {"last_name": "Secret"}})
    rpc.upload_document(parent, family["id"], {
        "type": "attestation_caf", "filename": "caf-lefevre.pdf",
        "content_base64": base64.b64encode(b"%PDF-1.4 Lefevre secret").decode()})
    # the upload's own event may still be on its way to the broker: read the anonymisation's only
    events = event_log("accounts", "family.anonymised")

    assert rpc.anonymise_family(ADMIN, family["id"]) == {"family_id": family["id"], "number": "F000001"}

    file = rpc.get_family(STAFF, family["id"])
    assert (file["id"], file["number"], file["quotient"]) == (family["id"], "F000001", 620)
    assert file["display_name"] == "Famille Anonyme"
    assert (file["iban"], file["bank_account_holder"], file["caf_number"]) == (None, None, None)
    [guardian] = file["guardians"]
    assert (guardian["first_name"], guardian["last_name"]) == ("Anonyme", "Anonyme")
    assert all(guardian[k] is None for k in ("email", "mobile_phone", "home_phone", "profession", "employer"))
    assert guardian["address"] == {"line1": None, "line2": None, "postcode": None, "city": None}
    [child] = file["children"]
    assert (child["first_name"], child["last_name"], child["school"], child["authorised_pickups"]) == (
        "Anonyme", "Anonyme", None, [])
    assert child["health"] == {"allergies": None, "diet": None, "pai": False, "pai_details": None,
                               "doctor_name": None, "doctor_phone": None, "vaccinations_up_to_date": None,
                               "notes": None}
    assert sql("SELECT health_ciphertext, authorised_pickups FROM children") == [
        {"health_ciphertext": None, "authorised_pickups": []}]
    assert "Secret" not in str(sql("SELECT changes, reason FROM change_requests"))
    assert "Lefèvre" not in str(sql("SELECT login, display_name, email FROM users"))
    assert sql("SELECT filename, size, content FROM documents") == [
        {"filename": "effacé", "size": 0, "content": b""}]
    with refused(401, "invalid_credentials"):
        rpc.login(family["login"], "Bienvenue2025")

    [event] = events.take(1)
    assert (event["name"], event["data"]) == ("family.anonymised", {"family_id": family["id"], "number": "F000001"})
    with refused(409, "already_anonymised"):
        rpc.anonymise_family(ADMIN, family["id"])


def test_only_an_admin_anonymises(rpc, sql):
    family = rpc.create_family(STAFF, whole_family_payload())
    for caller in (STAFF, parent_caller(rpc, family)):
        with refused(403, "forbidden"):
            rpc.anonymise_family(caller, family["id"])
    assert rpc.get_family(STAFF, family["id"])["guardians"][0]["first_name"] == "Hélène"
    with refused(404, "not_found"):
        rpc.anonymise_family(ADMIN, "not-a-uuid")
