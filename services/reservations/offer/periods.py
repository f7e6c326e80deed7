"""Opening days of a period from the school calendar: which days a pattern opens, and which of them
are public holidays (skipped, and recorded as closures)."""
from __future__ import annotations

from datetime import date, timedelta

MONDAY_TO_FRIDAY = (0, 1, 2, 3, 4)
SCHOOL_WEEKDAYS = (0, 1, 3, 4)  # no school on Wednesdays: the leisure centres open
WEDNESDAY = 2

# Patterns that need the school holidays (not only the public ones).
NEEDS_SCHOOL_HOLIDAYS = ("school_days", "wednesdays", "holidays")


def _matches(pattern: str, day: date, in_holidays: bool, weekdays) -> bool:
    weekday = day.weekday()
    if pattern == "school_days":
        return weekday in SCHOOL_WEEKDAYS and not in_holidays
    if pattern == "wednesdays":
        return weekday == WEDNESDAY and not in_holidays
    if pattern == "holidays":
        return weekday in MONDAY_TO_FRIDAY and in_holidays
    return weekday in (weekdays if weekdays is not None else MONDAY_TO_FRIDAY)


def generate(calendar, pattern: str, date_from: date, date_to: date, weekdays=None):
    """→ (days to open, [(date, name)] public holidays the pattern met), both in date order."""
    days, public = [], []
    day = date_from
    while day <= date_to:
        if _matches(pattern, day, calendar.is_school_holiday(day), weekdays):
            name = calendar.public_holiday(day)
            if name:
                public.append((day, name))
            else:
                days.append(day)
        day += timedelta(days=1)
    return days, public


def unknown_school_calendar(calendar, pattern: str, date_from: date, date_to: date) -> bool:
    return pattern in NEEDS_SCHOOL_HOLIDAYS and not (calendar.covers(date_from) and calendar.covers(date_to))
