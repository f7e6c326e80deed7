"""Billing rules without I/O shared by its areas: months and the default validity of a tariff."""
from __future__ import annotations

from datetime import date


def month_bounds(month: str) -> tuple[date, date]:
    """`2026-12` → (first day of the month, first day of the next month)."""
    year, number = (int(part) for part in month.split("-"))
    first = date(year, number, 1)
    after = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return first, after


def default_valid_from(today: date) -> date:
    """A tariff set without a date applies to the whole month being worked on (billing is monthly)."""
    return today.replace(day=1)
