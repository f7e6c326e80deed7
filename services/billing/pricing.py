"""Pricing rules are plugins: entry points of the group `portail.pricing`, one rule per name.

A rule turns a tariff (the row staff set for an activity and a unit) and the context of one
consumption into a unit price in cents; a rule of kind `package` instead charges one amount per child
and period for all the consumptions it covers. Each rule checks its own `parameters` (a marshmallow
schema) and says whether the tariff's `amount_cents` is required. Rules are pure: no I/O, no clock.

Sibling reductions are not a rule but an option of every tariff (`sibling_reductions`, percents by
rank), applied by `sibling_reduction` on top of whatever the rule priced.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Mapping, Protocol

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from services.chassis import plugins

ENTRY_POINT_GROUP = "portail.pricing"


@dataclass(frozen=True)
class PricingContext:
    """What a rule may look at besides the tariff: whose consumption, on which day, the family's
    quotient if it is valid that day, and the price reservations gives an outing."""

    family_id: str
    child_id: str | None
    date: date
    quotient: int | None = None
    outing_price_cents: int | None = None


class PricingRule(Protocol):
    kind: str  # "unit": a price per consumption; "package": one amount per child and period
    amount_required: bool

    def parameters_schema(self) -> Schema:
        """Validates the tariff's `parameters`."""

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        """The price of one unit in cents (never negative)."""


class _NoParameters(Schema):
    class Meta:
        unknown = "raise"


class FlatRate:
    """The same price for everyone: the tariff's amount."""

    kind = "unit"
    amount_required = True

    def parameters_schema(self) -> Schema:
        return _NoParameters()

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        return int(tariff["amount_cents"])


class _Bracket(Schema):
    class Meta:
        unknown = "raise"

    up_to = fields.Integer(required=True, allow_none=True, strict=True, validate=validate.Range(min=0))
    amount_cents = fields.Integer(required=True, strict=True, validate=validate.Range(min=0))


class _Brackets(Schema):
    class Meta:
        unknown = "raise"

    brackets = fields.List(fields.Nested(_Bracket), required=True, validate=validate.Length(min=1, max=30))

    @validates_schema
    def ascending_and_open_ended(self, data, **_):
        limits = [bracket["up_to"] for bracket in data["brackets"]]
        if limits[-1] is not None or None in limits[:-1]:
            raise ValidationError("Seule la dernière tranche est sans plafond, et elle est obligatoire.", "brackets")
        if any(low >= high for low, high in zip(limits[:-2], limits[1:-1])):
            raise ValidationError("Les plafonds des tranches doivent être croissants.", "brackets")


class QuotientBrackets:
    """The price of the family's quotient bracket (`up_to` inclusive, the last bracket open-ended).
    A family without a quotient valid on the day pays the tariff's `amount_cents` if staff set one,
    else the last (highest) bracket."""

    kind = "unit"
    amount_required = False

    def parameters_schema(self) -> Schema:
        return _Brackets()

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        brackets = tariff["parameters"]["brackets"]
        if context.quotient is None:
            fallback = tariff.get("amount_cents")
            return int(fallback if fallback is not None else brackets[-1]["amount_cents"])
        for bracket in brackets:
            if bracket["up_to"] is None or context.quotient <= bracket["up_to"]:
                return int(bracket["amount_cents"])
        return int(brackets[-1]["amount_cents"])


class OutingSupplement:
    """An outing costs the price reservations gives it; the tariff's amount (0 if none) when the
    booking carries no price."""

    kind = "unit"
    amount_required = False

    def parameters_schema(self) -> Schema:
        return _NoParameters()

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        if context.outing_price_cents is not None:
            return int(context.outing_price_cents)
        return int(tariff.get("amount_cents") or 0)


class _PackagePeriod(Schema):
    class Meta:
        unknown = "raise"

    period = fields.String(required=True, validate=validate.OneOf(["week", "month"]))


class Package:
    """A forfait: `amount_cents` once per child and period (ISO week or calendar month) replaces the
    unit prices of the consumptions the tariff covers in that period."""

    kind = "package"
    amount_required = True

    def parameters_schema(self) -> Schema:
        return _PackagePeriod()

    def unit_price(self, tariff: Mapping, context: PricingContext) -> int:
        return 0

    @staticmethod
    def period(tariff: Mapping, day: date) -> tuple[date, date]:
        """The period of `day` as [first day, last day]."""
        if tariff["parameters"]["period"] == "week":
            monday = day - timedelta(days=day.weekday())
            return monday, monday + timedelta(days=6)
        first = day.replace(day=1)
        after = (first + timedelta(days=32)).replace(day=1)
        return first, after - timedelta(days=1)


def sibling_reduction(unit_price: int, reductions, rank: int) -> int:
    """The cents taken off a unit price for the child of `rank` (1 = eldest) among siblings:
    `reductions[rank - 1]` percent (the last percent for every further rank), rounded half up."""
    if not reductions or rank < 1:
        return 0
    percent = reductions[min(rank, len(reductions)) - 1]
    return (unit_price * percent + 50) // 100


@lru_cache(maxsize=1)
def rules() -> dict[str, PricingRule]:
    """Every installed rule by name, discovered once per process."""
    return plugins.installed(ENTRY_POINT_GROUP)
