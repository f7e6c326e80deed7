"""Billing rules without I/O: months, default validity."""
from datetime import date

import pytest

from services.billing import domain


@pytest.mark.parametrize("month, bounds", [
    ("2026-12", (date(2026, 12, 1), date(2027, 1, 1))),
    ("2027-02", (date(2027, 2, 1), date(2027, 3, 1))),
    ("2026-01", (date(2026, 1, 1), date(2026, 2, 1))),
])
def test_month_bounds(month, bounds):
    assert domain.month_bounds(month) == bounds


def test_a_tariff_without_date_applies_from_the_first_of_the_month():
    assert domain.default_valid_from(date(2026, 12, 17)) == date(2026, 12, 1)
