"""Billing rules without I/O: months, default validity, pricing plugins."""
from datetime import date

import pytest

from services.billing import domain, pricing

CONTEXT = pricing.PricingContext(family_id="f", child_id="c", date=date(2026, 12, 9), quotient=850)


@pytest.mark.parametrize("month, bounds", [
    ("2026-12", (date(2026, 12, 1), date(2027, 1, 1))),
    ("2027-02", (date(2027, 2, 1), date(2027, 3, 1))),
    ("2026-01", (date(2026, 1, 1), date(2026, 2, 1))),
])
def test_month_bounds(month, bounds):
    assert domain.month_bounds(month) == bounds


def test_a_tariff_without_date_applies_from_the_first_of_the_month():
    assert domain.default_valid_from(date(2026, 12, 17)) == date(2026, 12, 1)


def test_flat_rule_is_discovered_through_its_entry_point():
    assert isinstance(pricing.rules()["flat"], pricing.FlatRate)


def test_flat_rate_is_the_tariff_amount_whatever_the_family():
    assert domain.unit_price({"rule": "flat", "amount_cents": 350}, pricing.rules(), CONTEXT) == 350


def test_no_tariff_means_a_zero_price():
    assert domain.unit_price(None, pricing.rules(), CONTEXT) == 0


def test_account_without_invoices_owes_nothing_yet():
    assert domain.account(1250) == {"due_cents": 0, "credit_cents": 0, "balance_cents": 0, "uninvoiced_cents": 1250}
