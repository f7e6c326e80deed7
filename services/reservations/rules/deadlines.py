"""Deadline rules of an activity (`booking_deadline`, `cancel_deadline`): when a day locks, in Paris time.

A rule is a dict already validated (see `validate_rules`); a day is locked once the earliest deadline
of its rules has passed. `calendar` is any object with `is_public_holiday(day) -> bool` and
`holiday_period_start(day) -> date | None` (in production `rules.calendar.SchoolCalendar`).
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from marshmallow import ValidationError, fields, post_load, validate, validates_schema

from services.chassis.schemas import StrictSchema

PARIS = ZoneInfo("Europe/Paris")

DAYS_BEFORE, PREVIOUS_WEEKDAY, BEFORE_HOLIDAYS = "days_before", "previous_weekday", "before_holidays"
KINDS = (DAYS_BEFORE, PREVIOUS_WEEKDAY, BEFORE_HOLIDAYS)
BOOK, CANCEL = "book", "cancel"

# The fields each kind requires, and those it may add (with their default).
REQUIRED = {DAYS_BEFORE: {"days", "time"}, PREVIOUS_WEEKDAY: {"weekday", "time"},
            BEFORE_HOLIDAYS: {"days"}}
OPTIONAL = {DAYS_BEFORE: {"skip_weekends": False, "skip_holidays": False}}
MAX_RULES = 20
# More skipped days in a row than any real calendar has: a calendar that skips everything is a bug.
MAX_SKIPPED_IN_A_ROW = 1000

WEEKDAYS_FR = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


# --- validation -------------------------------------------------------------------------------

class _StrictBoolean(fields.Boolean):
    """A JSON boolean only: neither 1 nor "true"."""

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):
            raise self.make_error("invalid")
        return value


def _integer(low: int, high: int) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(
        min=low, max=high, error=f"Nombre entier de {low} à {high} attendu."),
        error_messages={"invalid": "Nombre entier attendu."})


def _boolean() -> fields.Boolean:
    return _StrictBoolean(error_messages={"invalid": "Vrai ou faux attendu."})


class DeadlineRuleSchema(StrictSchema):
    """One deadline rule; `kind` says which other fields it takes."""

    error_messages = {"unknown": "Champ inconnu.", "type": "Une règle (objet) est attendue."}

    kind = fields.String(required=True, validate=validate.OneOf(
        KINDS, error="Type de règle inconnu (days_before, previous_weekday ou before_holidays)."),
        error_messages={"required": "Le type de règle est obligatoire.", "invalid": "Texte attendu."})
    days = _integer(0, 365)
    time = fields.String(validate=validate.Regexp(
        r"^([01]\d|2[0-3]):[0-5]\d$", error="Heure attendue au format HH:MM (de 00:00 à 23:59)."),
        error_messages={"invalid": "Heure attendue au format HH:MM."})
    weekday = _integer(0, 6)
    skip_weekends = _boolean()
    skip_holidays = _boolean()

    @validates_schema
    def fields_of_the_kind(self, data, **_):
        kind = data["kind"]
        allowed = REQUIRED[kind] | set(OPTIONAL.get(kind, ()))
        errors = {name: ["Champ obligatoire pour ce type de règle."]
                  for name in sorted(REQUIRED[kind] - set(data))}
        errors.update({name: ["Champ sans objet pour ce type de règle."]
                       for name in sorted(set(data) - allowed - {"kind"})})
        if errors:
            raise ValidationError(errors)

    @post_load
    def defaults(self, data, **_):
        return {**OPTIONAL.get(data["kind"], {}), **data}


def validate_rules(rules) -> list:
    """The rules as loaded by `DeadlineRuleSchema`; ValidationError (French messages) otherwise."""
    if not isinstance(rules, list):
        raise ValidationError("Une liste de règles est attendue.")
    if len(rules) > MAX_RULES:
        raise ValidationError(f"Au plus {MAX_RULES} règles.")
    return DeadlineRuleSchema(many=True).load(rules)


# --- deadlines --------------------------------------------------------------------------------

def paris_instant(day: date, hh_mm: str = "00:00") -> datetime:
    """`day` at the local wall time HH:MM in Paris. A wall time inside the spring-forward gap is the
    instant it would be without the change (02:30 becomes 03:30 CEST); an ambiguous autumn time is
    its first occurrence (the earlier deadline)."""
    hours, minutes = (int(part) for part in hh_mm.split(":"))
    local = datetime.combine(day, time(hours, minutes), tzinfo=PARIS)
    return local.astimezone(timezone.utc).astimezone(PARIS)


def _counted_days_before(day: date, days: int, skipped) -> date:
    current = day
    for _ in range(days):
        current -= timedelta(days=1)
        for _ in range(MAX_SKIPPED_IN_A_ROW):
            if not skipped(current):
                break
            current -= timedelta(days=1)
        else:
            raise ValueError("the calendar skips every day")
    return current


def _days_before(rule: dict, day: date, calendar) -> datetime:
    skip_weekends, skip_holidays = rule.get("skip_weekends", False), rule.get("skip_holidays", False)

    def skipped(candidate: date) -> bool:
        return ((skip_weekends and candidate.weekday() >= 5)
                or (skip_holidays and calendar.is_public_holiday(candidate)))

    return paris_instant(_counted_days_before(day, rule["days"], skipped), rule["time"])


def _previous_weekday(rule: dict, day: date, calendar) -> datetime:
    monday_before = day - timedelta(days=day.weekday() + 7)
    return paris_instant(monday_before + timedelta(days=rule["weekday"]), rule["time"])


def _before_holidays(rule: dict, day: date, calendar) -> datetime | None:
    first = calendar.holiday_period_start(day)
    if first is None:
        return None
    return paris_instant(first - timedelta(days=rule["days"]))


_DEADLINE_OF_KIND = {DAYS_BEFORE: _days_before, PREVIOUS_WEEKDAY: _previous_weekday,
                     BEFORE_HOLIDAYS: _before_holidays}


def rule_deadline(rule: dict, day: date, calendar) -> datetime | None:
    """The deadline of one rule for `day`, or None when the rule does not apply to that day."""
    return _DEADLINE_OF_KIND[rule["kind"]](rule, day, calendar)


def deadline(rules, day: date, calendar) -> datetime | None:
    """The earliest deadline of `rules` for `day` (aware, Europe/Paris), None when no rule applies."""
    found = [instant for rule in rules or ()
             if (instant := rule_deadline(rule, day, calendar)) is not None]
    return min(found, default=None)


def is_locked(rules, day: date, now: datetime, calendar) -> bool:
    """True once `now` (aware) has reached the day's deadline."""
    limit = deadline(rules, day, calendar)
    return limit is not None and now >= limit


# --- descriptions for parents -----------------------------------------------------------------

def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' if count > 1 else ''}"


def _counted_days(rule: dict) -> str:
    days = rule["days"]
    if days == 0:
        return "le jour même"
    weekends, holidays = rule.get("skip_weekends", False), rule.get("skip_holidays", False)
    if weekends and holidays:
        return f"{days} jours ouvrés avant" if days > 1 else "1 jour ouvré avant"
    if weekends:
        return f"{_plural(days, 'jour')} avant, hors week-ends"
    if holidays:
        return f"{_plural(days, 'jour')} avant, hors jours fériés"
    return f"{_plural(days, 'jour')} avant"


def _before_holidays_span(days: int) -> str:
    if days == 0:
        return "une fois celles-ci commencées"
    if days == 1:
        return "à partir de la veille de leur début"
    return f"dans les {days} jours précédant leur début"


def describe_rule(rule: dict, action: str = BOOK) -> str:
    """One French sentence for parents; `action` is `book` or `cancel` (the list the rule is in)."""
    noun = "Réservation" if action == BOOK else "Annulation"
    if rule["kind"] == DAYS_BEFORE:
        return f"{noun} au plus tard {_counted_days(rule)}, à {rule['time']}"
    if rule["kind"] == PREVIOUS_WEEKDAY:
        weekday = WEEKDAYS_FR[rule["weekday"]]
        return f"{noun} au plus tard le {weekday} de la semaine précédente, à {rule['time']}"
    none = "Pas de réservation" if action == BOOK else "Pas d'annulation"
    return f"{none} pour les vacances scolaires {_before_holidays_span(rule['days'])}"


def describe(rules, action: str = BOOK) -> list[str]:
    return [describe_rule(rule, action) for rule in rules or ()]
