"""The prices a family pays per activity and unit (for the planning), and promoted bookings billed."""
import uuid

import pytest

from services.billing.tests.conftest import STAFF, booking, parent_of, status
from services.chassis.errors import ServiceError


def set_flat(api, activity_id, amount, valid_from, unit="matin"):
    regie = api.create_regie(STAFF, {"name": "Régie ALSH"})
    api.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": activity_id, "unit": unit,
                           "rule": "flat", "amount_cents": amount, "valid_from": valid_from})


def test_price_grid_gives_the_tariffs_that_apply_in_the_range(api, family):
    activity = family["activity_id"]
    for valid_from, amount in (("2030-01-01", 500), ("2030-03-01", 550), ("2030-06-01", 600)):
        set_flat(api, activity, amount, valid_from)
    grid = api.price_grid(STAFF, family["family_id"], [activity], "2030-02-15", "2030-04-30")
    assert grid == {activity: {"matin": [{"valid_from": "2030-01-01", "amount_cents": 500},
                                         {"valid_from": "2030-03-01", "amount_cents": 550}]}}
    assert api.price_grid(parent_of(family["family_id"]), family["family_id"], [activity], "2030-07-01",
                          "2030-07-31") == {activity: {"matin": [{"valid_from": "2030-06-01", "amount_cents": 600}]}}


def test_another_familys_prices_are_not_found(api, family):
    with pytest.raises(ServiceError) as refused:
        api.price_grid(parent_of(str(uuid.uuid4())), family["family_id"], [], "2030-01-01", "2030-01-31")
    assert (refused.value.code, status(refused)) == ("not_found", 404)


def test_a_promoted_booking_is_billed_and_an_outing_at_its_own_price(api, family, handle):
    set_flat(api, family["activity_id"], 700, "2030-01-01", unit="soir")
    handle("reservations", "booking.promoted", booking(family, "2030-03-13"))
    handle("reservations", "booking.accepted", {**booking(family, "2030-03-14", unit="sortie_zoo"),
                                                "price_cents": 1200})
    lines = api.list_consumptions(STAFF, family["family_id"], "2030-03")["lines"]
    assert [(line["date"], line["amount_cents"]) for line in lines] == [("2030-03-13", 700), ("2030-03-14", 1200)]
