"""`tariffs.invoice_lines`: consumptions priced when invoiced, with the tariffs valid on their days and
the family's quotient, siblings and packages, against the real database of the service."""
import uuid
from datetime import date

import psycopg
import pytest
from psycopg.rows import dict_row

from services.billing import tariffs
from services.billing.tests.conftest import STAFF, booking
from services.chassis import config


@pytest.fixture
def conn(billing):
    with psycopg.connect(config.database_url("billing"), row_factory=dict_row) as connection:
        yield connection


@pytest.fixture
def regie(api):
    return api.create_regie(STAFF, {"name": "Régie périscolaire", "code": "PERI"})["id"]


@pytest.fixture
def home(handle):
    """A family with three children (born 2016, 2018, 2020) and a quotient of 450 valid until mid-2027."""
    family = {"family_id": str(uuid.uuid4()), "activity_id": str(uuid.uuid4()),
              "children": [str(uuid.uuid4()) for _ in range(3)]}
    handle("accounts", "family.created", {
        "family_id": family["family_id"], "number": "F000007", "display_name": "Famille Martin",
        "quotient": 450, "quotient_valid_until": "2027-06-30",
        "children": [{"id": child, "first_name": name, "last_name": "Martin", "birth_date": born}
                     for child, name, born in zip(family["children"], ("Léa", "Tom", "Zoé"),
                                                  ("2016-05-01", "2018-03-02", "2020-11-20"))]})
    return family


def tariff(api, regie, activity_id, unit="midi", **fields):
    return api.set_tariff(STAFF, {"regie_id": regie, "activity_id": activity_id, "unit": unit,
                                  "rule": "flat", "amount_cents": 350, "valid_from": "2026-09-01", **fields})


def consumption(home, day, child=0, unit="midi", **fields):
    return {"id": str(uuid.uuid4()), "date": day, "child_id": home["children"][child],
            "activity_id": home["activity_id"], "activity_name": "Restauration scolaire", "unit": unit,
            "quantity": 1, **fields}


def priced(lines):
    return [(line["date"], line["child_name"], line["unit_price_cents"], line["amount_cents"]) for line in lines]


def test_flat_lines_follow_the_tariff_valid_on_each_day(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], amount_cents=300, category="meal")
    tariff(api, regie, home["activity_id"], amount_cents=400, category="meal", valid_from="2027-01-01")
    december, january = consumption(home, "2026-12-31"), consumption(home, date(2027, 1, 4))

    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [january, december])

    assert lines == [
        {"consumption_id": december["id"], "date": "2026-12-31", "child_id": home["children"][0],
         "child_name": "Léa", "activity_id": home["activity_id"], "activity": "Restauration scolaire",
         "unit": "midi", "category": "meal", "quantity": 1, "unit_price_cents": 300, "amount_cents": 300},
        {"consumption_id": january["id"], "date": "2027-01-04", "child_id": home["children"][0],
         "child_name": "Léa", "activity_id": home["activity_id"], "activity": "Restauration scolaire",
         "unit": "midi", "category": "meal", "quantity": 1, "unit_price_cents": 400, "amount_cents": 400},
    ]


def test_without_tariff_a_consumption_is_zero_and_an_outing_keeps_its_price(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], unit="journee", category="care")
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, "2026-12-02", unit="matin"),
        consumption(home, "2026-12-03", unit="sortie_zoo", outing_price_cents=1200, quantity=2)])
    assert [(line["unit"], line["category"], line["unit_price_cents"], line["amount_cents"]) for line in lines] == [
        ("matin", "care", 0, 0), ("sortie_zoo", "care", 1200, 2400)]


def test_an_outing_tariff_adds_its_amount_when_the_booking_has_no_price(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], unit="sortie", rule="outing", amount_cents=500, category="other")
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, "2026-12-02", unit="sortie"),
        consumption(home, "2026-12-09", unit="sortie", outing_price_cents=800)])
    assert [(line["category"], line["amount_cents"]) for line in lines] == [("other", 500), ("other", 800)]


BRACKETS = {"brackets": [{"up_to": 400, "amount_cents": 100}, {"up_to": 800, "amount_cents": 250},
                         {"up_to": None, "amount_cents": 420}]}


def test_quotient_brackets_use_the_quotient_valid_on_the_day(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], rule="quotient", amount_cents=None, parameters=BRACKETS)
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, "2027-06-30"), consumption(home, "2027-07-01")])
    # 450 is in the second bracket until it expires; then the highest bracket
    assert [line["unit_price_cents"] for line in lines] == [250, 420]


def test_without_quotient_staff_may_set_the_price(api, conn, regie, handle, home):
    tariff(api, regie, home["activity_id"], rule="quotient", amount_cents=300, parameters=BRACKETS)
    handle("accounts", "quotient.changed", {"family_id": home["family_id"], "quotient": None,
                                            "quotient_valid_until": None})
    [line] = tariffs.invoice_lines(conn, home["family_id"], regie, [consumption(home, "2026-12-01")])
    assert line["unit_price_cents"] == 300


def test_siblings_on_the_same_day_get_their_rank_reduction(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], amount_cents=355, sibling_reductions=[0, 10, 20])
    day, other_day = "2026-12-01", "2026-12-02"
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, day, child=2), consumption(home, day, child=1), consumption(home, day, child=0),
        consumption(home, other_day, child=2)])  # alone that day: first rank, no reduction

    assert priced(lines) == [
        ("2026-12-01", "Léa", 355, 355), ("2026-12-01", "Tom", 355, 355), ("2026-12-01", "Zoé", 355, 355),
        ("2026-12-02", "Zoé", 355, 355),
        # 10 % of 355 = 35.5 → 36 (half up); 20 % = 71
        ("2026-12-01", "Tom", -36, -36), ("2026-12-01", "Zoé", -71, -71)]
    reductions = lines[4:]
    assert all(line["consumption_id"] is None for line in reductions)
    assert [line["activity"] for line in reductions] == [
        "Restauration scolaire — réduction 2e enfant (−10 %)", "Restauration scolaire — réduction 3e enfant (−20 %)"]
    assert sum(line["amount_cents"] for line in lines) == 4 * 355 - 36 - 71


def test_reductions_of_several_days_make_one_line(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], amount_cents=300, sibling_reductions=[0, 50])
    days = ["2026-12-01", "2026-12-03", "2026-12-04"]
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, day, child=child) for day in days for child in (0, 1)])
    [reduction] = [line for line in lines if line["consumption_id"] is None]
    assert (reduction["child_name"], reduction["date"], reduction["quantity"], reduction["unit_price_cents"],
            reduction["amount_cents"]) == ("Tom", "2026-12-01", 3, -150, -450)


def test_a_weekly_package_replaces_the_unit_prices_once_per_child_and_week(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], unit="journee", rule="package", amount_cents=6000,
           parameters={"period": "week"})
    # Monday 30 November 2026 to Wednesday 2 December, and Monday 7 December
    days = ["2026-11-30", "2026-12-01", "2026-12-02", "2026-12-07"]
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, day, unit="journee", activity_name="Centre de loisirs") for day in days])

    assert [line["amount_cents"] for line in lines] == [0, 0, 0, 0, 6000, 6000]
    assert [(line["date"], line["activity"], line["consumption_id"]) for line in lines[4:]] == [
        ("2026-11-30", "Centre de loisirs — forfait semaine du 30/11/2026", None),
        ("2026-12-07", "Centre de loisirs — forfait semaine du 07/12/2026", None)]


def test_a_package_already_charged_on_an_earlier_invoice_is_not_charged_again(api, conn, regie, home, handle,
                                                                               sql):
    tariff(api, regie, home["activity_id"], unit="journee", rule="package", amount_cents=6000,
           parameters={"period": "week"})
    first = booking({"family_id": home["family_id"], "child_id": home["children"][0],
                     "activity_id": home["activity_id"]}, "2026-11-30", unit="journee")
    handle("reservations", "booking.accepted", first)
    sql("UPDATE consumptions SET invoice_id = %s", (str(uuid.uuid4()),))  # invoiced with November
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [consumption(home, "2026-12-01", unit="journee")])
    assert [line["amount_cents"] for line in lines] == [0]


def test_a_monthly_package_with_sibling_reduction(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], unit="journee", rule="package", amount_cents=10000,
           parameters={"period": "month"}, sibling_reductions=[0, 25])
    lines = tariffs.invoice_lines(conn, home["family_id"], regie, [
        consumption(home, "2026-12-01", child=0, unit="journee"),
        consumption(home, "2026-12-15", child=1, unit="journee")])
    assert priced(lines) == [("2026-12-01", "Léa", 0, 0), ("2026-12-15", "Tom", 0, 0),
                             ("2026-12-01", "Léa", 10000, 10000), ("2026-12-01", "Tom", 10000, 10000),
                             ("2026-12-01", "Tom", -2500, -2500)]


def test_a_preloaded_book_gives_the_same_lines(api, conn, regie, home):
    tariff(api, regie, home["activity_id"], rule="quotient", amount_cents=None, parameters=BRACKETS,
           sibling_reductions=[0, 10])
    consumptions = [consumption(home, "2026-12-01", child=0), consumption(home, "2026-12-01", child=1)]
    book = tariffs.TariffBook.load(conn, family_ids=[home["family_id"]])
    assert (tariffs.invoice_lines(conn, home["family_id"], regie, consumptions, book)
            == tariffs.invoice_lines(conn, home["family_id"], regie, consumptions))
