"""Emails rendered from Jinja2 templates: `templates/<kind>/subject.txt`, `body.txt`, `body.html` in
French, and the same names under `templates/en/` in English (each language its own tree, its own
`_layout.html` and partials (`_bookings.txt`...), no falling back from one to the other: a missing
English template is an error).

Every word people read lives in the templates; dates are written in the email's language.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import partial
from importlib import resources

from babel.dates import format_date
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

LOCALES = ("fr", "en")
DEFAULT_LOCALE = "fr"
# The language of an email → how Babel writes its dates and amounts.
BABEL_LOCALES = {"fr": "fr_FR", "en": "en_GB"}
_TEMPLATE_DIRS = {"fr": "templates", "en": "templates/en"}


def _day(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def long_date(value, locale: str = DEFAULT_LOCALE) -> str:
    """`2026-12-09` → `mercredi 9 décembre 2026` (`Wednesday, 9 December 2026` in English)."""
    return format_date(_day(value), format="full", locale=BABEL_LOCALES[locale])


def short_date(value, locale: str = DEFAULT_LOCALE) -> str:
    """`2026-12-09` → `mer. 9 déc.` (`Wed 9 Dec` in English): for a text message, which counts its
    characters."""
    return format_date(_day(value), format="EEE d MMM", locale=BABEL_LOCALES[locale])


def _environment(locale: str) -> Environment:
    environment = Environment(
        loader=PackageLoader("services.notifications", _TEMPLATE_DIRS[locale]),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
    )
    environment.filters["long_date"] = partial(long_date, locale=locale)
    environment.filters["short_date"] = partial(short_date, locale=locale)
    return environment


_environments = {locale: _environment(locale) for locale in LOCALES}


def kinds() -> list[str]:
    """Every kind of email there are templates for (the French tree's directories)."""
    root = resources.files("services.notifications") / "templates"
    return sorted(entry.name for entry in root.iterdir()
                  if entry.is_dir() and not entry.name.startswith("_") and entry.name not in LOCALES)


@dataclass(frozen=True)
class RenderedEmail:
    subject: str
    text: str
    html: str


def render(kind: str, context: dict, locale: str = DEFAULT_LOCALE) -> RenderedEmail:
    environment = _environments[locale]

    def part(name: str) -> str:
        return environment.get_template(f"{kind}/{name}").render(context)

    return RenderedEmail(subject=" ".join(part("subject.txt").split()), text=part("body.txt"), html=part("body.html"))


def render_sms(kind: str, context: dict, locale: str = DEFAULT_LOCALE) -> str:
    """`templates/<kind>/sms.txt` as one line (a text message has no subject, no HTML)."""
    return " ".join(_environments[locale].get_template(f"{kind}/sms.txt").render(context).split())
