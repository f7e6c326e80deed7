"""Billing rules without I/O: months, default validity, pricing of one consumption."""
from __future__ import annotations

from datetime import date
from typing import Mapping

from services.billing.pricing import PricingContext, PricingRule


def month_bounds(month: str) -> tuple[date, date]:
    """`2026-12` → (first day of the month, first day of the next month)."""
    year, number = (int(part) for part in month.split("-"))
    first = date(year, number, 1)
    after = date(year + 1, 1, 1) if number == 12 else date(year, number + 1, 1)
    return first, after


def default_valid_from(today: date) -> date:
    """A tariff set without a date applies to the whole month being worked on (billing is monthly)."""
    return today.replace(day=1)


def unit_price(tariff: Mapping | None, rules: Mapping[str, PricingRule], context: PricingContext) -> int:
    """The unit price of a consumption; 0 when no tariff applies (staff set it, then correct)."""
    if tariff is None:
        return 0
    return rules[tariff["rule"]].unit_price(tariff, context)


def account(uninvoiced_cents: int) -> dict:
    """The account of a family. No invoices yet in this milestone: nothing due, no credit."""
    due_cents = credit_cents = 0
    return {
        "due_cents": due_cents,
        "credit_cents": credit_cents,
        "balance_cents": due_cents - credit_cents,
        "uninvoiced_cents": uninvoiced_cents,
    }
