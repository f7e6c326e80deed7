"""Billing through its real entrypoints: real PostgreSQL, real RabbitMQ, events injected as
reservations and accounts would publish them."""
import uuid

import pytest
from nameko.testing.services import entrypoint_waiter

from services.billing.tests.conftest import (STAFF, RecordedListener, booking, booking_event, parent_of, set_flat,
                                            status)
from services.chassis.errors import ServiceError

def test_accepted_booking_becomes_a_consumption_at_the_flat_tariff(start_service, api, handle, family):
    listener = start_service(RecordedListener)
    tariff = set_flat(api, family, 350, "2026-09-01")
    assert tariff["rule"] == "flat" and tariff["amount_cents"] == 350 and tariff["valid_from"] == "2026-09-01"
    handle("accounts", "child.created", {"child_id": family["child_id"], "family_id": family["family_id"],
                                         "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"})
    data = booking(family, "2026-12-09")
    with entrypoint_waiter(listener, "on_recorded"):
        handle("reservations", "booking.accepted", data)

    [event] = RecordedListener.received
    recorded = event["data"]
    assert uuid.UUID(recorded.pop("consumption_id"))
    assert recorded == {"booking_id": data["booking_id"], "family_id": family["family_id"],
                        "child_id": family["child_id"], "activity_id": family["activity_id"],
                        "date": "2026-12-09", "unit": "soir", "amount_cents": 350}
    assert api.list_consumptions(parent_of(family["family_id"]), family["family_id"], "2026-12") == {
        "lines": [{"date": "2026-12-09", "child": "Léa", "activity": "Accueil du soir", "unit": "soir",
                   "unit_price_cents": 350, "quantity": 1, "amount_cents": 350}],
        "total_cents": 350,
    }
    assert api.get_account(parent_of(family["family_id"]), family["family_id"]) == {
        "due_cents": 0, "credit_cents": 0, "balance_cents": 0, "uninvoiced_cents": 350}


def test_a_redelivered_booking_is_consumed_once(api, handle, family, sql):
    set_flat(api, family, 350, "2026-09-01")
    event = handle("reservations", "booking.accepted", booking(family, "2026-12-09"))
    handle("reservations", "booking.accepted", event=event)
    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 350
    assert sql("SELECT count(*) AS n FROM consumptions")[0]["n"] == 1
    assert sql("SELECT count(*) AS n FROM outbox WHERE type = 'consumption.recorded'")[0]["n"] == 1


def test_the_tariff_valid_on_the_day_prices_it_and_a_missing_tariff_prices_zero(api, handle, family):
    regie = set_flat(api, family, 300, "2026-09-01")["regie_id"]
    api.set_tariff(STAFF, {"regie_id": regie, "activity_id": family["activity_id"], "unit": "soir",
                           "rule": "flat", "amount_cents": 400, "valid_from": "2027-01-01"})
    handle("reservations", "booking.accepted", booking(family, "2026-12-31"))
    handle("reservations", "booking.accepted", booking(family, "2027-01-04"))
    handle("reservations", "booking.accepted", booking(family, "2027-01-05", unit="matin"))  # no tariff

    december = api.list_consumptions(STAFF, family["family_id"], "2026-12")
    january = api.list_consumptions(STAFF, family["family_id"], "2027-01")
    assert [line["unit_price_cents"] for line in december["lines"]] == [300]
    assert [(line["date"], line["unit"], line["amount_cents"]) for line in january["lines"]] == [
        ("2027-01-04", "soir", 400), ("2027-01-05", "matin", 0)]
    assert january["total_cents"] == 400
    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 700


def test_replacing_a_tariff_of_the_same_day_keeps_one(api, family, sql):
    regie = set_flat(api, family, 300, "2026-09-01")["regie_id"]
    again = api.set_tariff(STAFF, {"regie_id": regie, "activity_id": family["activity_id"], "unit": "soir",
                                   "rule": "flat", "amount_cents": 320, "valid_from": "2026-09-01"})
    assert again["amount_cents"] == 320
    assert sql("SELECT amount_cents FROM tariffs") == [{"amount_cents": 320}]


def test_a_cancelled_booking_is_not_billed(api, handle, family):
    set_flat(api, family, 350, "2026-09-01")
    data = booking(family, "2026-12-09")
    kept = booking(family, "2026-12-10")
    handle("reservations", "booking.accepted", data)
    handle("reservations", "booking.accepted", kept)
    handle("reservations", "booking.cancelled", data)

    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 350
    assert [line["date"] for line in api.list_consumptions(STAFF, family["family_id"], "2026-12")["lines"]] == [
        "2026-12-10"]


def test_a_cancellation_that_overtakes_its_acceptance_still_wins(api, handle, family):
    set_flat(api, family, 350, "2026-09-01")
    data = booking(family, "2026-12-09")
    accepted = booking_event("booking.accepted", data)
    cancelled = booking_event("booking.cancelled", data)
    handle("reservations", "booking.cancelled", event=cancelled)
    handle("reservations", "booking.accepted", event=accepted)
    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 0

    handle("reservations", "booking.accepted", data)  # booked again later: billed again
    assert api.get_account(STAFF, family["family_id"])["uninvoiced_cents"] == 350


def test_a_parent_sees_only_their_family(api, handle, family):
    set_flat(api, family, 350, "2026-09-01")
    handle("reservations", "booking.accepted", booking(family, "2026-12-09"))
    other = str(uuid.uuid4())
    for call in (lambda: api.get_account(parent_of(other), family["family_id"]),
                 lambda: api.list_consumptions(parent_of(other), family["family_id"], "2026-12"),
                 lambda: api.get_account(STAFF, "not-a-uuid")):
        with pytest.raises(ServiceError) as refused:
            call()
        assert status(refused) == 404
    assert api.get_account(parent_of(other), other)["uninvoiced_cents"] == 0


def test_only_staff_manage_regies_and_tariffs(api, family, sql):
    regie = api.create_regie(STAFF, {"name": "Régie restauration"})
    parent = parent_of(family["family_id"])
    for call in (lambda: api.create_regie(parent, {"name": "Ma régie"}),
                 lambda: api.set_tariff(parent, {"regie_id": regie["id"], "activity_id": family["activity_id"],
                                                 "unit": "soir", "rule": "flat", "amount_cents": 1})):
        with pytest.raises(ServiceError) as refused:
            call()
        assert status(refused) == 403
    assert sql("SELECT name FROM regies") == [{"name": "Régie restauration"}]
    assert sql("SELECT count(*) AS n FROM tariffs")[0]["n"] == 0


@pytest.mark.parametrize("change, field", [
    ({"amount_cents": -1}, "amount_cents"),
    ({"rule": "lottery"}, "rule"),
    ({"regie_id": str(uuid.uuid4())}, "regie_id"),
    ({"activity_id": "not-a-uuid"}, "activity_id"),
    ({"surprise": 1}, "surprise"),
])
def test_bad_tariffs_are_refused_and_change_nothing(api, family, sql, change, field):
    regie = api.create_regie(STAFF, {"name": "Régie périscolaire"})
    payload = {"regie_id": regie["id"], "activity_id": family["activity_id"], "unit": "soir", "rule": "flat",
               "amount_cents": 350, **change}
    with pytest.raises(ServiceError) as refused:
        api.set_tariff(STAFF, payload)
    assert status(refused) == 422
    assert field in refused.value.details["fields"]
    assert sql("SELECT count(*) AS n FROM tariffs")[0]["n"] == 0


@pytest.mark.parametrize("month", ["2026-13", "2026-1", "décembre", None])
def test_a_bad_month_is_refused(api, family, month):
    with pytest.raises(ServiceError) as refused:
        api.list_consumptions(STAFF, family["family_id"], month)
    assert status(refused) == 422


def test_an_empty_regie_name_is_refused(api, sql):
    with pytest.raises(ServiceError) as refused:
        api.create_regie(STAFF, {"name": "  "})
    assert status(refused) == 422
    assert sql("SELECT count(*) AS n FROM regies")[0]["n"] == 0


def test_family_created_feeds_the_quotient_read_model(handle, family, sql):
    data = {"family_id": family["family_id"], "number": "F-0042", "display_name": "Famille Martin",
            "email": "martin@example.org", "login": "martin@example.org", "guardians": [], "children": [],
            "quotient": 850}
    event = handle("accounts", "family.created", data)
    handle("accounts", "family.created", event=event)
    assert sql("SELECT number, display_name, quotient FROM families") == [
        {"number": "F-0042", "display_name": "Famille Martin", "quotient": 850}]
