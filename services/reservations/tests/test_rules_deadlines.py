"""Deadline rules: when a day locks for booking or cancelling, in Paris time."""
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from marshmallow import ValidationError

from services.reservations.rules import deadlines

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc
PROPERTY = settings(max_examples=200, deadline=None)

# Zone C, 2027: Easter Monday, Ascension Thursday, Armistice; the Toussaint holidays.
EASTER_MONDAY, ASCENSION, ARMISTICE = date(2027, 3, 29), date(2027, 5, 6), date(2027, 11, 11)
TOUSSAINT = (date(2027, 10, 23), date(2027, 11, 7))
CHRISTMAS = (date(2027, 12, 18), date(2028, 1, 2))


class FakeCalendar:
    """What the rules need of the school calendar: public holidays and holiday periods."""

    def __init__(self, public_holidays=(), periods=()):
        self.public_holidays = set(public_holidays)
        self.periods = list(periods)

    def is_public_holiday(self, day):
        return day in self.public_holidays

    def holiday_period_start(self, day):
        return next((first for first, last in self.periods if first <= day <= last), None)


CALENDAR = FakeCalendar([EASTER_MONDAY, ASCENSION, ARMISTICE], [TOUSSAINT, CHRISTMAS])


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def days_before(days, at="12:00", skip_weekends=False, skip_holidays=False):
    return {"kind": "days_before", "days": days, "time": at, "skip_weekends": skip_weekends,
            "skip_holidays": skip_holidays}


def previous_weekday(weekday, at="12:00"):
    return {"kind": "previous_weekday", "weekday": weekday, "time": at}


def before_holidays(days):
    return {"kind": "before_holidays", "days": days}


FRIDAY_NOON = previous_weekday(4, "12:00")


# --- previous_weekday ---------------------------------------------------------------------------

@pytest.mark.parametrize("day, expected", [
    (date(2027, 3, 10), paris(2027, 3, 5, 12)),   # Wednesday → the Friday of the week before
    (date(2027, 3, 8), paris(2027, 3, 5, 12)),    # Monday → three days before
    (date(2027, 3, 12), paris(2027, 3, 5, 12)),   # Friday → a week before, not the same day
    (date(2027, 3, 14), paris(2027, 3, 5, 12)),   # Sunday ends the same ISO week
    (date(2027, 3, 15), paris(2027, 3, 12, 12)),  # next Monday → next Friday
    (date(2027, 1, 4), paris(2027, 1, 1, 12)),    # across the new year
])
def test_before_friday_noon_for_the_following_week(day, expected):
    assert deadlines.deadline([FRIDAY_NOON], day, CALENDAR) == expected


@pytest.mark.parametrize("weekday, expected", [
    (0, paris(2027, 3, 1, 8, 30)), (2, paris(2027, 3, 3, 8, 30)), (6, paris(2027, 3, 7, 8, 30)),
])
def test_previous_weekday_takes_that_weekday_of_the_previous_iso_week(weekday, expected):
    assert deadlines.deadline([previous_weekday(weekday, "08:30")], date(2027, 3, 10), CALENDAR) == expected


def test_a_wednesday_booking_locks_at_friday_noon_paris():
    rules, day = [FRIDAY_NOON], date(2027, 3, 10)
    assert not deadlines.is_locked(rules, day, paris(2027, 3, 5, 11, 59, 59), CALENDAR)
    assert deadlines.is_locked(rules, day, paris(2027, 3, 5, 12), CALENDAR)
    assert deadlines.is_locked(rules, day, paris(2027, 3, 9, 9), CALENDAR)
    # 12:00 in Paris in winter is 11:00 UTC: the instant, not the wall clock, decides.
    assert deadlines.is_locked(rules, day, datetime(2027, 3, 5, 11, tzinfo=UTC), CALENDAR)
    assert not deadlines.is_locked(rules, day, datetime(2027, 3, 5, 10, 59, tzinfo=UTC), CALENDAR)


# --- days_before --------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, day, expected", [
    (days_before(2, skip_weekends=True), date(2027, 3, 15), paris(2027, 3, 11, 12)),  # Mon → Thu
    (days_before(1, skip_weekends=True), date(2027, 3, 15), paris(2027, 3, 12, 12)),  # Mon → Fri
    (days_before(1), date(2027, 3, 15), paris(2027, 3, 14, 12)),                      # Mon → Sun
    (days_before(2), date(2027, 3, 15), paris(2027, 3, 13, 12)),                      # Mon → Sat
    (days_before(5, skip_weekends=True), date(2027, 3, 15), paris(2027, 3, 8, 12)),   # a week
    (days_before(3, skip_weekends=True), date(2027, 3, 17), paris(2027, 3, 12, 12)),  # Wed → Fri
    (days_before(0, "09:15"), date(2027, 3, 17), paris(2027, 3, 17, 9, 15)),          # the day itself
    (days_before(0, skip_weekends=True), date(2027, 3, 13), paris(2027, 3, 13, 12)),  # even a Saturday
    (days_before(1, skip_weekends=True), date(2027, 3, 14), paris(2027, 3, 12, 12)),  # Sun → Fri
    (days_before(7, "18:00"), date(2027, 3, 10), paris(2027, 3, 3, 18)),
    (days_before(30), date(2027, 3, 1), paris(2027, 1, 30, 12)),
])
def test_days_before(rule, day, expected):
    assert deadlines.deadline([rule], day, CALENDAR) == expected


@pytest.mark.parametrize("rule, day, expected", [
    # Easter Monday 2027-03-29 does not count: one working day before Tuesday is the Friday.
    (days_before(1, skip_weekends=True, skip_holidays=True), date(2027, 3, 30), paris(2027, 3, 26, 12)),
    (days_before(1, skip_weekends=True), date(2027, 3, 30), paris(2027, 3, 29, 12)),
    (days_before(1, skip_holidays=True), date(2027, 3, 30), paris(2027, 3, 28, 12)),
    # Ascension Thursday 2027-05-06 skipped: one day before Friday is the Wednesday.
    (days_before(1, skip_holidays=True), date(2027, 5, 7), paris(2027, 5, 5, 12)),
    (days_before(2, skip_weekends=True, skip_holidays=True), date(2027, 5, 7), paris(2027, 5, 4, 12)),
    # Armistice 2027-11-11 is a Thursday; a Monday two working days later goes back to Wednesday.
    (days_before(2, skip_weekends=True, skip_holidays=True), date(2027, 11, 15), paris(2027, 11, 10, 12)),
    # A public holiday as the day itself does not matter: only the counted days before do.
    (days_before(0, skip_holidays=True), EASTER_MONDAY, paris(2027, 3, 29, 12)),
])
def test_days_before_skips_public_holidays(rule, day, expected):
    assert deadlines.deadline([rule], day, CALENDAR) == expected


def test_days_before_on_a_calendar_without_holidays_ignores_skip_holidays():
    rule = days_before(1, skip_holidays=True)
    assert deadlines.deadline([rule], date(2027, 3, 30), FakeCalendar()) == paris(2027, 3, 29, 12)


def test_a_calendar_that_skips_every_day_is_an_error_not_a_hang():
    class Everything(FakeCalendar):
        def is_public_holiday(self, day):
            return True

    with pytest.raises(ValueError):
        deadlines.deadline([days_before(1, skip_holidays=True)], date(2027, 3, 30), Everything())


# --- before_holidays ----------------------------------------------------------------------------

def test_holiday_freeze_15_days_before_the_toussaint():
    rules = [before_holidays(15)]
    for day in (date(2027, 10, 23), date(2027, 10, 27), date(2027, 11, 7)):
        assert deadlines.deadline(rules, day, CALENDAR) == paris(2027, 10, 8, 0, 0)
    assert not deadlines.is_locked(rules, date(2027, 10, 27), paris(2027, 10, 7, 23, 59), CALENDAR)
    assert deadlines.is_locked(rules, date(2027, 10, 27), paris(2027, 10, 8, 0, 0), CALENDAR)


def test_before_holidays_gives_no_deadline_outside_holidays():
    rules = [before_holidays(15)]
    for day in (date(2027, 10, 22), date(2027, 11, 8), date(2027, 10, 8)):
        assert deadlines.deadline(rules, day, CALENDAR) is None
        assert not deadlines.is_locked(rules, day, paris(2030, 1, 1), CALENDAR)


def test_before_holidays_zero_days_locks_at_the_first_day_midnight():
    assert deadlines.deadline([before_holidays(0)], date(2027, 12, 24), CALENDAR) == paris(2027, 12, 18)


def test_before_holidays_combined_with_a_daily_rule():
    rules = [days_before(2, skip_weekends=True), before_holidays(15)]
    # In the holidays, the freeze comes first; outside them only the daily rule applies.
    assert deadlines.deadline(rules, date(2027, 10, 27), CALENDAR) == paris(2027, 10, 8)
    assert deadlines.deadline(rules, date(2027, 10, 20), CALENDAR) == paris(2027, 10, 18, 12)


# --- several rules, none ------------------------------------------------------------------------

def test_the_earliest_rule_wins():
    day = date(2027, 3, 15)  # Monday
    rules = [days_before(1, "18:00"), FRIDAY_NOON, days_before(2, "09:00", skip_weekends=True)]
    assert deadlines.deadline(rules, day, CALENDAR) == paris(2027, 3, 11, 9)
    assert deadlines.deadline(rules[:2], day, CALENDAR) == paris(2027, 3, 12, 12)


@pytest.mark.parametrize("rules", [[], None, [before_holidays(10)]])
def test_no_applicable_rule_means_never_locked(rules):
    assert deadlines.deadline(rules, date(2027, 3, 15), CALENDAR) is None
    assert not deadlines.is_locked(rules, date(2027, 3, 15), paris(2099, 1, 1), CALENDAR)


def test_is_locked_at_the_exact_deadline_and_not_a_microsecond_before():
    rules, day = [days_before(1, "12:00")], date(2027, 6, 10)
    limit = paris(2027, 6, 9, 12)
    assert deadlines.is_locked(rules, day, limit, CALENDAR)
    assert not deadlines.is_locked(rules, day, limit - timedelta(microseconds=1), CALENDAR)


# --- daylight saving time -----------------------------------------------------------------------

@pytest.mark.parametrize("day, at, utc", [
    (date(2027, 3, 29), "12:00", datetime(2027, 3, 28, 10, tzinfo=UTC)),   # summer time from 28 March
    (date(2027, 3, 28), "12:00", datetime(2027, 3, 27, 11, tzinfo=UTC)),   # still winter time
    (date(2027, 11, 1), "12:00", datetime(2027, 10, 31, 11, tzinfo=UTC)),  # winter time from 31 Oct
    (date(2027, 10, 31), "12:00", datetime(2027, 10, 30, 10, tzinfo=UTC)),
    (date(2027, 3, 29), "00:00", datetime(2027, 3, 27, 23, tzinfo=UTC)),
    (date(2027, 11, 1), "23:59", datetime(2027, 10, 31, 22, 59, tzinfo=UTC)),
])
def test_local_time_is_right_across_the_clock_changes(day, at, utc):
    found = deadlines.deadline([days_before(1, at)], day, CALENDAR)
    assert found == utc
    assert found.strftime("%H:%M") == at
    assert found.tzinfo == PARIS


def test_a_time_in_the_spring_gap_is_the_instant_an_hour_later_on_the_wall():
    found = deadlines.deadline([days_before(1, "02:30")], date(2027, 3, 29), CALENDAR)
    assert found == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert found.strftime("%H:%M %z") == "03:30 +0200"


def test_an_ambiguous_autumn_time_is_its_first_occurrence():
    rules, day, first = [days_before(1, "02:30")], date(2027, 11, 1), datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    found = deadlines.deadline(rules, day, CALENDAR)
    # (`==` between zones is always False for an ambiguous wall time, PEP 495: compare in UTC.)
    assert found.astimezone(UTC) == first
    assert found.strftime("%H:%M %z") == "02:30 +0200"
    assert deadlines.is_locked(rules, day, first, CALENDAR)
    assert not deadlines.is_locked(rules, day, first - timedelta(seconds=1), CALENDAR)


def test_a_deadline_just_after_the_spring_gap_is_not_locked_a_second_before():
    rules, day = [days_before(1, "03:00")], date(2027, 3, 29)
    found = deadlines.deadline(rules, day, CALENDAR)
    assert found == datetime(2027, 3, 28, 1, tzinfo=UTC)
    assert not deadlines.is_locked(rules, day, datetime(2027, 3, 28, 0, 59, 59, tzinfo=UTC), CALENDAR)
    assert deadlines.is_locked(rules, day, paris(2027, 3, 28, 3), CALENDAR)


def test_before_holidays_midnight_in_summer_time():
    # 8 October 2027 00:00 in Paris is 7 October 22:00 UTC.
    found = deadlines.deadline([before_holidays(15)], date(2027, 10, 25), CALENDAR)
    assert found == datetime(2027, 10, 7, 22, tzinfo=UTC)


# --- validation ---------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, loaded", [
    ({"kind": "days_before", "days": 2, "time": "12:00"}, days_before(2)),
    (days_before(0, "00:00", True, True), days_before(0, "00:00", True, True)),
    ({"kind": "days_before", "days": 365, "time": "23:59", "skip_weekends": True},
     days_before(365, "23:59", skip_weekends=True)),
    (previous_weekday(0, "07:05"), previous_weekday(0, "07:05")),
    (previous_weekday(6, "23:59"), previous_weekday(6, "23:59")),
    (before_holidays(0), before_holidays(0)),
    (before_holidays(365), before_holidays(365)),
])
def test_valid_rules(rule, loaded):
    assert deadlines.validate_rules([rule]) == [loaded]


def test_validate_rules_accepts_an_empty_list_and_several_rules():
    assert deadlines.validate_rules([]) == []
    rules = [days_before(2, skip_weekends=True), FRIDAY_NOON, before_holidays(15)]
    assert deadlines.validate_rules(rules) == rules


@pytest.mark.parametrize("rule, field, message", [
    ({"kind": "weekly"}, "kind", "Type de règle inconnu"),
    ({"days": 2, "time": "12:00"}, "kind", "Le type de règle est obligatoire."),
    ({"kind": "days_before", "days": 2}, "time", "Champ obligatoire pour ce type de règle."),
    ({"kind": "days_before", "time": "12:00"}, "days", "Champ obligatoire pour ce type de règle."),
    ({"kind": "previous_weekday", "time": "12:00"}, "weekday", "Champ obligatoire"),
    ({"kind": "previous_weekday", "weekday": 4}, "time", "Champ obligatoire"),
    ({"kind": "before_holidays"}, "days", "Champ obligatoire"),
    ({"kind": "before_holidays", "days": 3, "time": "12:00"}, "time", "Champ sans objet"),
    ({"kind": "previous_weekday", "weekday": 4, "time": "12:00", "skip_weekends": True},
     "skip_weekends", "Champ sans objet"),
    ({"kind": "previous_weekday", "weekday": 4, "time": "12:00", "days": 1}, "days", "Champ sans objet"),
    ({"kind": "days_before", "days": 2, "time": "12:00", "weekday": 1}, "weekday", "Champ sans objet"),
    ({"kind": "days_before", "days": 2, "time": "12:00", "colour": "red"}, "colour", "Champ inconnu."),
    ({"kind": "days_before", "days": -1, "time": "12:00"}, "days", "Nombre entier de 0 à 365 attendu."),
    ({"kind": "days_before", "days": 366, "time": "12:00"}, "days", "Nombre entier de 0 à 365"),
    ({"kind": "days_before", "days": 1.5, "time": "12:00"}, "days", "Nombre entier attendu."),
    ({"kind": "days_before", "days": "2", "time": "12:00"}, "days", "Nombre entier attendu."),
    ({"kind": "days_before", "days": 2, "time": "24:00"}, "time", "Heure attendue au format HH:MM"),
    ({"kind": "days_before", "days": 2, "time": "12:60"}, "time", "Heure attendue"),
    ({"kind": "days_before", "days": 2, "time": "9:00"}, "time", "Heure attendue"),
    ({"kind": "days_before", "days": 2, "time": "12:00:00"}, "time", "Heure attendue"),
    ({"kind": "days_before", "days": 2, "time": 1200}, "time", "Heure attendue"),
    ({"kind": "days_before", "days": 2, "time": "12:00", "skip_weekends": "true"},
     "skip_weekends", "Vrai ou faux attendu."),
    ({"kind": "days_before", "days": 2, "time": "12:00", "skip_holidays": 1}, "skip_holidays", "Vrai ou faux"),
    ({"kind": "previous_weekday", "weekday": 7, "time": "12:00"}, "weekday", "Nombre entier de 0 à 6 attendu."),
    ({"kind": "previous_weekday", "weekday": True, "time": "12:00"}, "weekday", "Nombre entier attendu."),
])
def test_invalid_rules_are_refused_in_french(rule, field, message):
    with pytest.raises(ValidationError) as refused:
        deadlines.validate_rules([days_before(1), rule])
    errors = refused.value.messages
    assert list(errors) == [1]
    assert any(text.startswith(message) for text in errors[1][field])


@pytest.mark.parametrize("rules, message", [
    ({"kind": "days_before"}, "Une liste de règles est attendue."),
    (None, "Une liste de règles est attendue."),
    ([days_before(1)] * 21, "Au plus 20 règles."),
])
def test_validate_rules_wants_a_short_list(rules, message):
    with pytest.raises(ValidationError) as refused:
        deadlines.validate_rules(rules)
    assert refused.value.messages == [message]


def test_a_rule_must_be_an_object():
    with pytest.raises(ValidationError) as refused:
        deadlines.validate_rules(["days_before"])
    assert refused.value.messages == {0: {"_schema": ["Une règle (objet) est attendue."]}}


def test_the_schema_nests_in_other_schemas():
    from marshmallow import fields

    from services.chassis.schemas import StrictSchema

    class ActivityDeadlines(StrictSchema):
        booking_deadline = fields.List(fields.Nested(deadlines.DeadlineRuleSchema))

    loaded = ActivityDeadlines().load({"booking_deadline": [{"kind": "days_before", "days": 1, "time": "10:00"}]})
    assert loaded == {"booking_deadline": [days_before(1, "10:00")]}


# --- descriptions -------------------------------------------------------------------------------

@pytest.mark.parametrize("rule, action, sentence", [
    (days_before(2, skip_weekends=True, skip_holidays=True), "book",
     "Réservation au plus tard 2 jours ouvrés avant, à 12:00"),
    (days_before(1, "18:00", True, True), "cancel", "Annulation au plus tard 1 jour ouvré avant, à 18:00"),
    (days_before(3), "book", "Réservation au plus tard 3 jours avant, à 12:00"),
    (days_before(1), "book", "Réservation au plus tard 1 jour avant, à 12:00"),
    (days_before(2, skip_weekends=True), "book", "Réservation au plus tard 2 jours avant, hors week-ends, à 12:00"),
    (days_before(2, skip_holidays=True), "book",
     "Réservation au plus tard 2 jours avant, hors jours fériés, à 12:00"),
    (days_before(0, "08:00"), "cancel", "Annulation au plus tard le jour même, à 08:00"),
    (FRIDAY_NOON, "book", "Réservation au plus tard le vendredi de la semaine précédente, à 12:00"),
    (previous_weekday(0, "09:30"), "cancel", "Annulation au plus tard le lundi de la semaine précédente, à 09:30"),
    (before_holidays(15), "cancel",
     "Pas d'annulation pour les vacances scolaires dans les 15 jours précédant leur début"),
    (before_holidays(15), "book",
     "Pas de réservation pour les vacances scolaires dans les 15 jours précédant leur début"),
    (before_holidays(1), "cancel", "Pas d'annulation pour les vacances scolaires à partir de la veille de leur début"),
    (before_holidays(0), "cancel", "Pas d'annulation pour les vacances scolaires une fois celles-ci commencées"),
])
def test_describe_in_french(rule, action, sentence):
    assert deadlines.describe([rule], action) == [sentence]


def test_describe_keeps_the_order_and_defaults_to_booking():
    assert deadlines.describe([FRIDAY_NOON, days_before(1)]) == [
        "Réservation au plus tard le vendredi de la semaine précédente, à 12:00",
        "Réservation au plus tard 1 jour avant, à 12:00"]
    assert deadlines.describe([]) == [] and deadlines.describe(None) == []


# --- properties ---------------------------------------------------------------------------------

times = st.builds(lambda hours, minutes: f"{hours:02d}:{minutes:02d}", st.integers(0, 23), st.integers(0, 59))
days_before_rules = st.builds(days_before, st.integers(0, 40), times, st.booleans(), st.booleans())
previous_weekday_rules = st.builds(previous_weekday, st.integers(0, 6), times)
before_holidays_rules = st.builds(before_holidays, st.integers(0, 60))
daily_rules = st.one_of(days_before_rules, previous_weekday_rules)
any_rules = st.one_of(days_before_rules, previous_weekday_rules, before_holidays_rules)
days = st.dates(date(2020, 1, 1), date(2035, 12, 31))


@st.composite
def situations(draw):
    """A day and a calendar around it: public holidays in the weeks before, maybe a holiday period."""
    day = draw(days)
    offsets = draw(st.sets(st.integers(0, 80), max_size=15))
    periods = []
    if draw(st.booleans()):
        first = day - timedelta(days=draw(st.integers(0, 20)))
        periods.append((first, first + timedelta(days=draw(st.integers(20, 40)))))
    return day, FakeCalendar({day - timedelta(days=offset) for offset in offsets}, periods)


def end_of(day):
    return datetime.combine(day + timedelta(days=1), time(0), tzinfo=PARIS)


@PROPERTY
@given(situations(), any_rules)
def test_the_deadline_is_never_after_the_days_end(situation, rule):
    day, calendar = situation
    found = deadlines.deadline([rule], day, calendar)
    if rule["kind"] != "before_holidays":
        assert found is not None
    if found is not None:
        assert found < end_of(day)
        assert found.tzinfo == PARIS


@PROPERTY
@given(situations(), daily_rules)
def test_the_deadline_is_at_the_rules_wall_time_unless_the_clock_skips_it(situation, rule):
    day, calendar = situation
    found = deadlines.deadline([rule], day, calendar)
    local_day = found.date()
    if found.strftime("%H:%M") != rule["time"]:
        # Only the spring-forward hour (02:00–02:59 on the last Sunday of March) does not exist.
        assert local_day.month == 3 and local_day.weekday() == 6 and local_day.day >= 25
        assert rule["time"].startswith("02:")
        assert found.strftime("%H") == "03"


@PROPERTY
@given(situations(), days_before_rules)
def test_days_before_counts_exactly_n_days_not_skipped(situation, rule):
    day, calendar = situation
    found = deadlines.deadline([rule], day, calendar).date()

    def counted(candidate):
        return not ((rule["skip_weekends"] and candidate.weekday() >= 5)
                    or (rule["skip_holidays"] and calendar.is_public_holiday(candidate)))

    between = [found + timedelta(days=offset) for offset in range((day - found).days)]
    assert sum(1 for candidate in between if counted(candidate)) == rule["days"]
    if rule["days"]:
        assert counted(found)  # the deadline's own day is a counted one


@PROPERTY
@given(situations(), days_before_rules.filter(lambda rule: rule["days"] > 0 and rule["skip_weekends"]))
def test_with_skip_weekends_the_deadline_never_falls_on_a_weekend(situation, rule):
    day, calendar = situation
    found = deadlines.deadline([rule], day, calendar)
    assert found.weekday() < 5
    if rule["skip_holidays"]:
        assert not calendar.is_public_holiday(found.date())


@PROPERTY
@given(situations(), st.lists(any_rules, max_size=5))
def test_the_earliest_of_several_rules_wins(situation, rules):
    day, calendar = situation
    singles = [found for rule in rules if (found := deadlines.deadline([rule], day, calendar)) is not None]
    assert deadlines.deadline(rules, day, calendar) == min(singles, default=None)
    assert deadlines.deadline(list(reversed(rules)), day, calendar) == min(singles, default=None)


@PROPERTY
@given(situations(), st.lists(any_rules, max_size=4),
       st.lists(st.integers(-90 * 24 * 60, 2 * 24 * 60), min_size=2, max_size=2))
def test_is_locked_is_monotonic_in_now(situation, rules, minutes):
    day, calendar = situation
    # Arithmetic in UTC: wall-clock arithmetic on Paris times is not monotonic across clock changes.
    midnight = datetime.combine(day, time(0), tzinfo=PARIS).astimezone(UTC)
    earlier, later = (midnight + timedelta(minutes=offset) for offset in sorted(minutes))
    if deadlines.is_locked(rules, day, earlier, calendar):
        assert deadlines.is_locked(rules, day, later, calendar)
    # Once the day is over, every daily rule has locked it.
    if any(rule["kind"] != "before_holidays" for rule in rules):
        assert deadlines.is_locked(rules, day, end_of(day), calendar)


@PROPERTY
@given(situations(), st.lists(any_rules, min_size=1, max_size=4))
def test_is_locked_agrees_with_the_deadline(situation, rules):
    day, calendar = situation
    found = deadlines.deadline(rules, day, calendar)
    if found is not None:
        assert deadlines.is_locked(rules, day, found, calendar)
        assert deadlines.is_locked(rules, day, found.astimezone(UTC), calendar)
        assert not deadlines.is_locked(rules, day, found.astimezone(UTC) - timedelta(seconds=1), calendar)


@PROPERTY
@given(st.lists(any_rules, max_size=6), st.sampled_from(["book", "cancel"]))
def test_every_generated_rule_validates_and_is_described(rules, action):
    assert deadlines.validate_rules(rules) == rules
    sentences = deadlines.describe(rules, action)
    assert len(sentences) == len(rules)
    assert all(sentence and sentence[0].isupper() for sentence in sentences)


@PROPERTY
@given(st.integers().filter(lambda days: not 0 <= days <= 365), st.sampled_from(["days_before", "before_holidays"]))
def test_days_out_of_range_are_refused(days, kind):
    rule = {"kind": kind, "days": days, **({"time": "12:00"} if kind == "days_before" else {})}
    with pytest.raises(ValidationError):
        deadlines.validate_rules([rule])
