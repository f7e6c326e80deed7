"""Money is integer cents everywhere; it becomes `36,07 €` only when shown to people."""
from decimal import Decimal

from babel.numbers import format_currency


def format_cents(cents: int, locale: str = "fr_FR") -> str:
    return format_currency(Decimal(cents) / 100, "EUR", locale=locale)
