"""Booking windows: which instants may book which days."""
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.reservations.rules import windows

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
PROPERTY = settings(max_examples=200, deadline=None)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def window(period_start, period_end, opens_at, closes_at, label="Été"):
    return {"label": label, "period_start": period_start, "period_end": period_end,
            "opens_at": opens_at, "closes_at": closes_at}


SUMMER = window(date(2027, 7, 7), date(2027, 8, 31), paris(2027, 5, 2, 8), paris(2027, 6, 20, 23, 59))
AUTUMN = window(date(2027, 10, 23), date(2027, 11, 7), paris(2027, 9, 1, 8), paris(2027, 10, 10, 23, 59),
                "Toussaint")
JULY_LATE = window(date(2027, 7, 1), date(2027, 7, 31), paris(2027, 6, 21), paris(2027, 6, 30), "Juillet")


@pytest.mark.parametrize("given_windows", [[], None])
def test_without_windows_booking_is_always_open(given_windows):
    assert windows.is_open(given_windows, date(2027, 7, 14), paris(2000, 1, 1))
    assert windows.is_open(given_windows, date(2027, 7, 14), paris(2099, 1, 1))


@pytest.mark.parametrize("now, expected", [
    (paris(2027, 5, 2, 7, 59, 59), False),
    (paris(2027, 5, 2, 8), True),                      # opens_at included
    (datetime(2027, 5, 2, 6, tzinfo=UTC), True),       # the same instant in UTC
    (paris(2027, 6, 1, 12), True),
    (paris(2027, 6, 20, 23, 58, 59), True),
    (paris(2027, 6, 20, 23, 59), False),               # closes_at excluded
    (paris(2027, 7, 10), False),
])
def test_a_day_of_the_period_is_open_only_between_opening_and_closing(now, expected):
    assert windows.is_open([SUMMER, AUTUMN], date(2027, 7, 14), now) is expected


@pytest.mark.parametrize("day, expected", [
    (date(2027, 7, 7), True), (date(2027, 8, 31), True),    # both ends of the period included
    (date(2027, 7, 6), False), (date(2027, 9, 1), False),   # days no window covers are closed
    (date(2027, 10, 25), False),                            # the autumn window is not open yet
])
def test_only_days_covered_by_an_open_window_are_open(day, expected):
    assert windows.is_open([SUMMER, AUTUMN], day, paris(2027, 6, 1)) is expected


def test_overlapping_windows_any_open_one_suffices():
    day = date(2027, 7, 20)  # covered by SUMMER and JULY_LATE
    both = [SUMMER, JULY_LATE]
    assert windows.is_open(both, day, paris(2027, 6, 1))        # SUMMER open
    assert windows.is_open(both, day, paris(2027, 6, 25))       # JULY_LATE open
    assert not windows.is_open(both, day, paris(2027, 7, 1))    # both closed
    assert not windows.is_open(both, date(2027, 8, 2), paris(2027, 6, 25))  # only SUMMER covers, closed


def test_window_for_lists_the_windows_covering_a_day():
    all_windows = [SUMMER, AUTUMN, JULY_LATE]
    assert windows.window_for(all_windows, date(2027, 7, 20)) == [SUMMER, JULY_LATE]
    assert windows.window_for(all_windows, date(2027, 11, 7)) == [AUTUMN]
    assert windows.window_for(all_windows, date(2027, 9, 15)) == []
    assert windows.window_for(None, date(2027, 9, 15)) == []


@pytest.mark.parametrize("opens_at, closes_at, sentence", [
    (paris(2027, 5, 2, 8), paris(2027, 6, 20, 23, 59),
     "Réservations ouvertes du 2 mai 2027 à 08:00 au 20 juin 2027 à 23:59"),
    (paris(2027, 5, 1, 0), paris(2027, 12, 31, 18, 30),
     "Réservations ouvertes du 1er mai 2027 à 00:00 au 31 décembre 2027 à 18:30"),
    # Instants given in UTC are shown in Paris time, summer (+2) and winter (+1).
    (datetime(2027, 5, 2, 6, tzinfo=UTC), datetime(2028, 1, 31, 22, 59, tzinfo=UTC),
     "Réservations ouvertes du 2 mai 2027 à 08:00 au 31 janvier 2028 à 23:59"),
    (datetime(2027, 2, 28, 23, 30, tzinfo=UTC), datetime(2027, 8, 1, 9, tzinfo=UTC),
     "Réservations ouvertes du 1er mars 2027 à 00:30 au 1er août 2027 à 11:00"),
])
def test_describe_window_in_french_and_paris_time(opens_at, closes_at, sentence):
    assert windows.describe_window(window(date(2027, 7, 1), date(2027, 7, 31), opens_at, closes_at)) == sentence


def test_valid_windows_pass_unchanged():
    given_windows = [SUMMER, AUTUMN, JULY_LATE]
    assert windows.validate_windows(given_windows) is given_windows
    assert windows.validate_windows([]) == []
    one_day = window(date(2027, 7, 1), date(2027, 7, 1), paris(2027, 6, 1), paris(2027, 6, 1, 0, 1))
    assert windows.validate_windows([one_day]) == [one_day]


@pytest.mark.parametrize("bad, errors", [
    (window(date(2027, 8, 1), date(2027, 7, 31), paris(2027, 6, 1), paris(2027, 6, 30)),
     {"period_end": ["La fin de la période précède son début."]}),
    (window(date(2027, 7, 1), date(2027, 7, 31), paris(2027, 6, 30), paris(2027, 6, 30)),
     {"closes_at": ["La fermeture des réservations doit suivre leur ouverture."]}),
    (window(date(2027, 7, 1), date(2027, 7, 31), paris(2027, 6, 30), paris(2027, 6, 1)),
     {"closes_at": ["La fermeture des réservations doit suivre leur ouverture."]}),
    (window(date(2027, 8, 1), date(2027, 7, 1), paris(2027, 6, 30), paris(2027, 6, 1)),
     {"period_end": ["La fin de la période précède son début."],
      "closes_at": ["La fermeture des réservations doit suivre leur ouverture."]}),
    (window(date(2027, 7, 1), date(2027, 7, 31), datetime(2027, 6, 1), paris(2027, 6, 30)),
     {"opens_at": ["L'instant doit préciser son décalage horaire."]}),
    ({"label": "Été", "period_start": date(2027, 7, 1)},
     {key: ["Champ obligatoire."] for key in ("period_end", "opens_at", "closes_at")}),
    ("été", {"_schema": ["Une fenêtre (objet) est attendue."]}),
])
def test_invalid_windows_are_refused_in_french(bad, errors):
    with pytest.raises(ValidationError) as refused:
        windows.validate_windows([SUMMER, bad])
    assert refused.value.messages == {1: errors}


def test_validate_windows_wants_a_list():
    with pytest.raises(ValidationError) as refused:
        windows.validate_windows(SUMMER)
    assert refused.value.messages == ["Une liste de fenêtres est attendue."]


# --- properties ---------------------------------------------------------------------------------

# In UTC: arithmetic on Paris wall times would not be monotonic across the clock changes.
instants = st.datetimes(datetime(2025, 1, 1), datetime(2030, 12, 31), timezones=st.just(UTC))
days = st.dates(date(2025, 1, 1), date(2030, 12, 31))


@st.composite
def windows_st(draw):
    start = draw(days)
    opens_at = draw(instants)
    return window(start, start + timedelta(days=draw(st.integers(0, 120))), opens_at,
                  opens_at + timedelta(minutes=draw(st.integers(1, 200 * 24 * 60))))


@PROPERTY
@given(windows_st(), st.integers(0, 120), st.integers(1, 10 ** 7))
def test_closed_before_opening_and_from_closing_on(a_window, offset, seconds):
    day = min(a_window["period_start"] + timedelta(days=offset), a_window["period_end"])
    assert not windows.is_open([a_window], day, a_window["opens_at"] - timedelta(seconds=seconds))
    assert not windows.is_open([a_window], day, a_window["closes_at"])
    assert not windows.is_open([a_window], day, a_window["closes_at"] + timedelta(seconds=seconds))
    assert windows.is_open([a_window], day, a_window["opens_at"])


@PROPERTY
@given(st.lists(windows_st(), min_size=1, max_size=4), days, instants)
def test_open_iff_some_covering_window_is_open(given_windows, day, now):
    expected = any(w["period_start"] <= day <= w["period_end"] and w["opens_at"] <= now < w["closes_at"]
                   for w in given_windows)
    assert windows.is_open(given_windows, day, now) is expected
    assert windows.is_open(list(reversed(given_windows)), day, now) is expected
    assert expected == any(windows.is_open([w], day, now) for w in windows.window_for(given_windows, day))


@PROPERTY
@given(windows_st())
def test_every_generated_window_validates_and_is_described(a_window):
    assert windows.validate_windows([a_window]) == [a_window]
    assert windows.describe_window(a_window).startswith("Réservations ouvertes du ")
