"""Régies and tariffs set by staff through the RPCs: settings, rules and their parameters, updates."""
import uuid

import pytest

from services.billing.tests.conftest import STAFF, parent_of, status
from services.chassis.errors import ServiceError

BRACKETS = {"brackets": [{"up_to": 500, "amount_cents": 120}, {"up_to": None, "amount_cents": 380}]}


@pytest.fixture
def regie(api):
    return api.create_regie(STAFF, {"name": "Régie restauration", "code": "REST", "due_days": 15,
                                    "minimum_payment_cents": 3000, "payfip_numcli": "012345",
                                    "payment_instructions": "Chèque à l'ordre du Trésor public."})


def refused(call) -> ServiceError:
    with pytest.raises(ServiceError) as error:
        call()
    return error


def test_a_regie_keeps_its_settings_and_staff_change_them(api, regie):
    assert {key: value for key, value in regie.items() if key != "id"} == {
        "name": "Régie restauration", "code": "REST", "due_days": 15, "minimum_payment_cents": 3000,
        "prepaid": False, "payfip_numcli": "012345", "payment_instructions": "Chèque à l'ordre du Trésor public."}
    changed = api.update_regie(STAFF, regie["id"], {"prepaid": True, "due_days": 30, "payfip_numcli": None})
    assert (changed["prepaid"], changed["due_days"], changed["payfip_numcli"], changed["code"]) == (
        True, 30, None, "REST")
    assert api.list_regies(STAFF) == [changed]


@pytest.mark.parametrize("change, field", [
    ({"code": "rest"}, "code"), ({"due_days": -1}, "due_days"), ({"minimum_payment_cents": -5}, "minimum_payment_cents"),
    ({"payfip_numcli": "12AB"}, "payfip_numcli"), ({"name": " "}, "name"), ({"colour": "red"}, "colour"),
])
def test_bad_regie_settings_are_refused_and_change_nothing(api, regie, change, field):
    error = refused(lambda: api.update_regie(STAFF, regie["id"], change))
    assert status(error) == 422 and field in error.value.details["fields"]
    assert api.list_regies(STAFF) == [regie]


def test_a_regie_code_is_unique(api, regie):
    error = refused(lambda: api.create_regie(STAFF, {"name": "Autre", "code": "REST"}))
    assert status(error) == 422 and "code" in error.value.details["fields"]
    assert api.update_regie(STAFF, regie["id"], {"code": "REST"})["code"] == "REST"  # its own code


def test_an_unknown_regie_is_not_found(api):
    for regie_id in (str(uuid.uuid4()), "nope"):
        assert status(refused(lambda: api.update_regie(STAFF, regie_id, {"due_days": 3}))) == 404


def test_only_staff_see_and_change_regies(api, regie):
    parent = parent_of(str(uuid.uuid4()))
    for call in (lambda: api.list_regies(parent), lambda: api.update_regie(parent, regie["id"], {"due_days": 1}),
                 lambda: api.list_tariffs(parent), lambda: api.update_tariff(parent, str(uuid.uuid4()), {})):
        assert status(refused(call)) == 403


def test_a_quotient_tariff_with_category_and_sibling_reductions(api, regie):
    activity = str(uuid.uuid4())
    tariff = api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": activity, "unit": "midi",
                                    "rule": "quotient", "category": "meal", "parameters": BRACKETS,
                                    "sibling_reductions": [0, 10, 20], "valid_from": "2026-09-01"})
    assert {key: value for key, value in tariff.items() if key != "id"} == {
        "regie_id": regie["id"], "activity_id": activity, "unit": "midi", "rule": "quotient", "category": "meal",
        "amount_cents": None, "parameters": BRACKETS, "sibling_reductions": [0, 10, 20], "valid_from": "2026-09-01"}
    assert api.list_tariffs(STAFF, regie_id=regie["id"]) == [tariff]
    assert api.list_tariffs(STAFF, activity_id=str(uuid.uuid4())) == []


@pytest.mark.parametrize("change, field", [
    ({"rule": "flat", "amount_cents": None}, "amount_cents"),
    ({"rule": "flat", "amount_cents": 100, "parameters": {"brackets": []}}, "parameters"),
    ({"parameters": {"brackets": [{"up_to": 500, "amount_cents": 120}]}}, "parameters"),
    ({"rule": "package", "amount_cents": 5000, "parameters": {"period": "year"}}, "parameters"),
    ({"category": "leisure"}, "category"),
    ({"sibling_reductions": [0, 120]}, "sibling_reductions"),
    ({"rule": "lottery"}, "rule"),
])
def test_a_tariff_must_fit_its_rule(api, regie, sql, change, field):
    payload = {"regie_id": regie["id"], "activity_id": str(uuid.uuid4()), "unit": "midi", "rule": "quotient",
               "parameters": BRACKETS, **change}
    error = refused(lambda: api.set_tariff(STAFF, payload))
    assert status(error) == 422 and field in error.value.details["fields"]
    assert sql("SELECT count(*) AS n FROM tariffs")[0]["n"] == 0


def test_staff_update_a_tariff(api, regie):
    other = api.create_regie(STAFF, {"name": "Régie ALSH"})
    tariff = api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": str(uuid.uuid4()), "unit": "journee",
                                    "rule": "flat", "amount_cents": 1500, "valid_from": "2026-09-01"})
    changed = api.update_tariff(STAFF, tariff["id"], {"rule": "package", "parameters": {"period": "month"},
                                                      "amount_cents": 12000, "regie_id": other["id"]})
    assert changed == {**tariff, "rule": "package", "parameters": {"period": "month"}, "amount_cents": 12000,
                       "regie_id": other["id"]}
    assert status(refused(lambda: api.update_tariff(STAFF, tariff["id"], {"rule": "flat"}))) == 422  # parameters
    assert status(refused(lambda: api.update_tariff(STAFF, str(uuid.uuid4()), {"amount_cents": 1}))) == 404
    assert api.list_tariffs(STAFF) == [changed]


def test_two_tariffs_cannot_start_the_same_day(api, regie):
    base = {"regie_id": regie["id"], "activity_id": str(uuid.uuid4()), "unit": "soir", "rule": "flat",
            "amount_cents": 200}
    api.set_tariff(STAFF, {**base, "valid_from": "2026-09-01"})
    later = api.set_tariff(STAFF, {**base, "valid_from": "2027-01-01"})
    error = refused(lambda: api.update_tariff(STAFF, later["id"], {"valid_from": "2026-09-01"}))
    assert (status(error), error.value.code) == (409, "tariff_exists")


def test_the_pricing_rules_are_listed_for_staff(api):
    assert [rule["name"] for rule in api.list_pricing_rules(STAFF)] == ["flat", "outing", "package", "quotient"]


def test_the_price_grid_shows_the_familys_bracket(api, regie, handle):
    family_id, activity = str(uuid.uuid4()), str(uuid.uuid4())
    handle("accounts", "quotient.changed", {"family_id": family_id, "quotient": 300, "quotient_valid_until": None})
    api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": activity, "unit": "midi", "rule": "quotient",
                           "parameters": BRACKETS, "valid_from": "2026-09-01"})
    grid = api.price_grid(parent_of(family_id), family_id, [activity], "2026-12-01", "2026-12-31")
    assert grid == {activity: {"midi": [{"valid_from": "2026-09-01", "amount_cents": 120}]}}
