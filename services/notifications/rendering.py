"""Emails rendered from Jinja2 templates: `templates/<kind>/subject.txt`, `body.txt`, `body.html`.

Every word people read lives in the templates; French now, other languages later beside them.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

LOCALE = "fr_FR"


def long_date(value) -> str:
    """`2026-12-09` → `mercredi 9 décembre 2026`."""
    day = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(day, format="full", locale=LOCALE)


_environment = Environment(
    loader=PackageLoader("services.notifications", "templates"),
    autoescape=select_autoescape(["html"]),
    undefined=StrictUndefined,
)
_environment.filters["long_date"] = long_date


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(kind: str, context: dict) -> RenderedEmail:
    def part(name: str) -> str:
        return _environment.get_template(f"{kind}/{name}").render(context)

    return RenderedEmail(subject=" ".join(part("subject.txt").split()), text=part("body.txt"), html=part("body.html"))
