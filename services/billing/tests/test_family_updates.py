"""Billing's read models follow accounts: quotients from `quotient.changed`, names from
`family.updated` and `child.updated`, and `family.anonymised` erases names but keeps numbers and amounts."""
from datetime import datetime, timedelta, timezone

import pytest

from services.billing.tests.conftest import STAFF, booking, event_of, set_flat


@pytest.fixture
def deliver(handle):
    """`deliver(source, name, data, age=None)`: `handle` an event, dated `age` ago if given."""
    def run(source, name, data, age: timedelta | None = None):
        event = event_of(source, name, data)
        if age is not None:
            event["time"] = (datetime.now(timezone.utc) - age).isoformat()
        return handle(source, name, event=event)
    return run


@pytest.fixture
def known(deliver, family):
    deliver("accounts", "family.created", {"family_id": family["family_id"], "number": "F000042",
                                           "display_name": "Famille Martin", "quotient": 850})
    deliver("accounts", "child.created", {"child_id": family["child_id"], "family_id": family["family_id"],
                                          "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"})
    return family


def families(sql):
    return sql("SELECT number, display_name, quotient, quotient_valid_until::text FROM families")


def test_quotient_changed_updates_the_quotient(deliver, known, sql):
    deliver("accounts", "quotient.changed", {"family_id": known["family_id"], "quotient": 420,
                                             "quotient_valid_until": "2027-06-30"})
    assert families(sql) == [{"number": "F000042", "display_name": "Famille Martin", "quotient": 420,
                              "quotient_valid_until": "2027-06-30"}]


def test_an_older_quotient_arriving_late_changes_nothing(deliver, known, sql):
    deliver("accounts", "quotient.changed", {"family_id": known["family_id"], "quotient": 420,
                                             "quotient_valid_until": None})
    deliver("accounts", "quotient.changed", {"family_id": known["family_id"], "quotient": 999,
                                             "quotient_valid_until": None}, age=timedelta(hours=1))
    assert families(sql)[0]["quotient"] == 420


def test_a_quotient_before_the_family_is_kept_for_it(deliver, family, sql):
    deliver("accounts", "quotient.changed", {"family_id": family["family_id"], "quotient": 300,
                                             "quotient_valid_until": None})
    deliver("accounts", "family.created", {"family_id": family["family_id"], "number": "F000042",
                                           "display_name": "Famille Martin", "quotient": 850},
            age=timedelta(minutes=1))
    assert families(sql) == [{"number": "F000042", "display_name": "Famille Martin", "quotient": 300,
                              "quotient_valid_until": None}]


def test_family_and_child_updates_rename_them(deliver, known, sql, api):
    set_flat(api, known, 350, "2026-09-01")
    deliver("reservations", "booking.accepted", booking(known, "2026-12-09"))
    deliver("accounts", "family.updated", {
        "family_id": known["family_id"], "number": "F000042", "display_name": "Famille Moreau", "email": None,
        "consent_email": True, "consent_sms": False, "changed": ["display_name"]})
    deliver("accounts", "child.updated", {
        "child_id": known["child_id"], "family_id": known["family_id"], "first_name": "Léane",
        "last_name": "Moreau", "birth_date": "2018-03-02", "sex": "F", "school": None, "school_class": None})
    assert families(sql)[0]["display_name"] == "Famille Moreau"
    assert families(sql)[0]["quotient"] == 850  # family.updated carries no quotient: it stays
    lines = api.list_consumptions(STAFF, known["family_id"], "2026-12")["lines"]
    assert [line["child"] for line in lines] == ["Léane"]


def test_family_anonymised_erases_names_and_keeps_numbers_and_amounts(deliver, known, sql, api):
    set_flat(api, known, 350, "2026-09-01")
    deliver("reservations", "booking.accepted", booking(known, "2026-12-09"))
    deliver("accounts", "family.anonymised", {"family_id": known["family_id"], "number": "F000042"})

    assert families(sql) == [{"number": "F000042", "display_name": "Famille Anonyme", "quotient": 850,
                              "quotient_valid_until": None}]
    assert sql("SELECT first_name, last_name FROM children") == [{"first_name": "Anonyme", "last_name": "Anonyme"}]
    consumption = api.list_consumptions(STAFF, known["family_id"], "2026-12")
    assert consumption["total_cents"] == 350 and consumption["lines"][0]["child"] == "Anonyme"
    # names published before the anonymisation and arriving after it restore nothing
    deliver("accounts", "child.updated", {
        "child_id": known["child_id"], "family_id": known["family_id"], "first_name": "Léa",
        "last_name": "Martin", "birth_date": "2018-03-02", "sex": None, "school": None, "school_class": None},
        age=timedelta(minutes=5))
    deliver("accounts", "family.updated", {
        "family_id": known["family_id"], "number": "F000042", "display_name": "Famille Martin", "email": None,
        "consent_email": True, "consent_sms": False, "changed": []}, age=timedelta(minutes=5))
    assert sql("SELECT first_name FROM children") == [{"first_name": "Anonyme"}]
    assert families(sql)[0]["display_name"] == "Famille Anonyme"


def test_a_malformed_quotient_event_is_dropped(deliver, known, sql):
    deliver("accounts", "quotient.changed", {"family_id": known["family_id"], "quotient": "beaucoup"})
    assert families(sql)[0]["quotient"] == 850
