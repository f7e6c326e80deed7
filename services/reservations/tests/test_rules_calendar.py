"""The school calendar: public holidays and school holidays of a zone, from the packages."""
from datetime import date

import pytest

from services.reservations.rules.calendar import SchoolCalendar, school_zone


def test_public_holidays_have_their_french_name():
    calendar = SchoolCalendar("C")
    assert calendar.public_holiday(date(2026, 4, 6)) == "Lundi de Pâques"
    assert calendar.public_holiday(date(2030, 7, 14)) == "Fête nationale"
    assert calendar.is_public_holiday(date(2026, 5, 14))  # Ascension
    assert calendar.public_holiday(date(2026, 4, 7)) is None and not calendar.is_public_holiday(date(2026, 4, 7))


def test_a_holiday_period_runs_over_new_year_whole():
    calendar = SchoolCalendar("C")
    christmas = (date(2025, 12, 20), date(2026, 1, 4), "Vacances de Noël")
    assert calendar.holiday_period(date(2025, 12, 24)) == christmas
    assert calendar.holiday_period(date(2026, 1, 2)) == christmas
    assert calendar.holiday_period_start(date(2026, 1, 4)) == date(2025, 12, 20)
    assert calendar.holiday_period(date(2026, 1, 5)) is None
    assert calendar.holiday_period_start(date(2026, 1, 5)) is None


def test_zones_have_their_own_winter_holidays():
    day = date(2026, 2, 9)  # zone A on holiday, zone C back at school
    assert SchoolCalendar("A").holiday_period(day)[2] == "Vacances d'hiver"
    assert SchoolCalendar("C").holiday_period(day) is None


@pytest.mark.parametrize("day, school", [
    (date(2026, 3, 9), True),     # a Monday of term
    (date(2026, 3, 11), True),    # a Wednesday is a weekday of term (patterns choose which days open)
    (date(2026, 3, 14), False),   # Saturday
    (date(2026, 3, 15), False),   # Sunday
    (date(2026, 4, 6), False),    # Easter Monday, a public holiday in term
    (date(2026, 2, 23), False),   # winter holidays of zone C
    (date(2026, 7, 6), False),    # summer
])
def test_school_days(day, school):
    assert SchoolCalendar("C").is_school_day(day) is school


def test_coverage_ends_with_the_packages_data():
    calendar = SchoolCalendar("C")
    assert calendar.covers(date(2026, 9, 1))
    assert not calendar.covers(date(2035, 3, 13))
    # beyond the data: no known school holidays, public holidays still known
    assert calendar.holiday_period(date(2035, 8, 1)) is None
    assert calendar.public_holiday(date(2035, 12, 25)) == "Noël"


def test_the_zone_comes_from_the_configuration(monkeypatch):
    monkeypatch.delenv("SCHOOL_ZONE", raising=False)
    assert school_zone() == "C" and SchoolCalendar().zone == "C"
    monkeypatch.setenv("SCHOOL_ZONE", "A")
    assert SchoolCalendar().zone == "A"
    with pytest.raises(ValueError):
        SchoolCalendar("Z")
