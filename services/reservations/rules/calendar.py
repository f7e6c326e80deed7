"""The French school calendar of a zone: public holidays (`holidays`) and school holidays
(`vacances-scolaires-france`), both from maintained packages rather than tables of our own."""
from __future__ import annotations

import functools
from datetime import date, timedelta

import holidays
from vacances_scolaires_france import SchoolHolidayDates

from services.chassis import config

ZONES = ("A", "B", "C")


def school_zone() -> str:
    return config.get("SCHOOL_ZONE") or "C"


@functools.lru_cache(maxsize=1)
def _school_data() -> SchoolHolidayDates:
    return SchoolHolidayDates()


@functools.lru_cache(maxsize=1)
def _last_known_day() -> date:
    return max(_school_data().data)


@functools.lru_cache(maxsize=64)
def _public_holidays(year: int) -> dict:
    return dict(holidays.France(years=year, language="fr"))


@functools.lru_cache(maxsize=64)
def _holiday_periods(zone: str, year: int) -> dict:
    """{day of `year`: (first, last, name)} for the school holidays of `zone`; a period running over
    New Year is whole on both sides."""
    data, key = _school_data(), _school_data().zone_key(zone)
    days = sorted((day, row["nom_vacances"]) for day, row in data.data.items()
                  if year - 1 <= day.year <= year + 1 and row[key])
    periods, runs = {}, []
    for day, name in days:
        if runs and runs[-1][2] == name and runs[-1][1] + timedelta(days=1) == day:
            runs[-1][1] = day
        else:
            runs.append([day, day, name])
    for first, last, name in runs:
        day = max(first, date(year, 1, 1))
        while day <= min(last, date(year, 12, 31)):
            periods[day] = (first, last, name)
            day += timedelta(days=1)
    return periods


class SchoolCalendar:
    def __init__(self, zone: str | None = None):
        zone = (zone or school_zone()).upper()
        if zone not in ZONES:
            raise ValueError(f"unknown school zone: {zone}")
        self.zone = zone

    def public_holiday(self, day: date) -> str | None:
        """The French name of the public holiday on `day`, if it is one."""
        return _public_holidays(day.year).get(day)

    def is_public_holiday(self, day: date) -> bool:
        return self.public_holiday(day) is not None

    def covers(self, day: date) -> bool:
        """Whether the school holidays of `day`'s school year are known (the package's data end)."""
        return date(_school_data().min_year, 1, 1) <= day <= _last_known_day()

    def holiday_period(self, day: date) -> tuple[date, date, str] | None:
        """The school-holiday period holding `day` (first and last day, name), or None (also when the
        school calendar of that day is not known)."""
        return _holiday_periods(self.zone, day.year).get(day)

    def holiday_period_start(self, day: date) -> date | None:
        period = self.holiday_period(day)
        return period[0] if period else None

    def is_school_holiday(self, day: date) -> bool:
        return self.holiday_period(day) is not None

    def is_school_day(self, day: date) -> bool:
        """A weekday that is neither a public holiday nor in school holidays."""
        return day.weekday() < 5 and not self.is_public_holiday(day) and not self.is_school_holiday(day)
