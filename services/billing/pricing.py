"""Pricing rules are plugins: entry points of the group `portail.pricing`, one rule per name.

A rule turns a tariff (the row staff set for an activity and a unit) and the context of one
consumption into a unit price in cents. Rules are pure: no I/O, no clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Mapping, Protocol

from services.chassis import plugins

ENTRY_POINT_GROUP = "portail.pricing"


@dataclass(frozen=True)
class PricingContext:
    """What a rule may look at besides the tariff: whose consumption, on which day."""

    family_id: str
    child_id: str
    date: date
    quotient: int | None = None


class PricingRule(Protocol):
    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        """The price of one unit in cents (never negative)."""


class FlatRate:
    """The same price for everyone: the tariff's amount."""

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        return int(tariff["amount_cents"])


@lru_cache(maxsize=1)
def rules() -> dict[str, PricingRule]:
    """Every installed rule by name, discovered once per process."""
    return plugins.installed(ENTRY_POINT_GROUP)
