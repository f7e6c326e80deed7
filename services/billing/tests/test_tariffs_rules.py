"""Pricing plugins and the billable rule, without I/O; properties checked with hypothesis."""
from datetime import date, datetime, timedelta, timezone
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, strategies as st

from services.billing import pricing
from services.billing.consumptions import domain

DAY = date(2026, 12, 9)


def context(quotient=None, outing=None, day=DAY):
    return pricing.PricingContext(family_id="f", child_id="c", date=day, quotient=quotient, outing_price_cents=outing)


def test_every_rule_is_discovered_through_its_entry_point():
    rules = pricing.rules()
    assert {name: type(rule) for name, rule in rules.items()} == {
        "flat": pricing.FlatRate, "outing": pricing.OutingSupplement, "package": pricing.Package,
        "quotient": pricing.QuotientBrackets}


def test_flat_rate_is_the_tariff_amount_whatever_the_family():
    assert pricing.FlatRate().unit_price({"amount_cents": 350}, context(quotient=120)) == 350


brackets = st.lists(st.tuples(st.integers(1, 3000), st.integers(0, 20000)), min_size=1, max_size=8,
                    unique_by=lambda bracket: bracket[0]).map(
    lambda found: [{"up_to": up_to, "amount_cents": amount} for up_to, amount in sorted(found)])


@given(brackets, st.integers(0, 20000), st.integers(0, 5000))
def test_a_quotient_pays_the_first_bracket_whose_ceiling_it_does_not_pass(closed, top, quotient):
    tariff = {"amount_cents": None, "parameters": {"brackets": closed + [{"up_to": None, "amount_cents": top}]}}
    expected = next((b["amount_cents"] for b in closed if quotient <= b["up_to"]), top)
    assert pricing.QuotientBrackets().unit_price(tariff, context(quotient=quotient)) == expected


@given(brackets, st.integers(0, 20000), st.one_of(st.none(), st.integers(0, 20000)))
def test_without_a_quotient_the_highest_bracket_unless_staff_set_a_price(closed, top, staff_price):
    tariff = {"amount_cents": staff_price,
              "parameters": {"brackets": closed + [{"up_to": None, "amount_cents": top}]}}
    expected = top if staff_price is None else staff_price
    assert pricing.QuotientBrackets().unit_price(tariff, context(quotient=None)) == expected


@pytest.mark.parametrize("parameters, valid", [
    ({"brackets": [{"up_to": 500, "amount_cents": 100}, {"up_to": None, "amount_cents": 200}]}, True),
    ({"brackets": [{"up_to": 500, "amount_cents": 100}]}, False),  # no open bracket
    ({"brackets": [{"up_to": 900, "amount_cents": 1}, {"up_to": 500, "amount_cents": 2},
                   {"up_to": None, "amount_cents": 3}]}, False),  # not ascending
    ({"brackets": [{"up_to": None, "amount_cents": 1}, {"up_to": None, "amount_cents": 3}]}, False),
    ({"brackets": []}, False),
    ({}, False),
])
def test_quotient_parameters_are_checked(parameters, valid):
    errors = pricing.QuotientBrackets().parameters_schema().validate(parameters)
    assert (errors == {}) is valid


@given(st.integers(0, 1_000_000), st.lists(st.integers(0, 100), max_size=6), st.integers(1, 10))
def test_a_sibling_reduction_is_a_percent_rounded_half_up(price, reductions, rank):
    taken = pricing.sibling_reduction(price, reductions, rank)
    percent = reductions[min(rank, len(reductions)) - 1] if reductions else 0
    assert taken == int((Decimal(price) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    assert 0 <= taken <= price


@given(st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.sampled_from(["week", "month"]))
def test_a_package_period_holds_its_day(day, period):
    start, end = pricing.Package.period({"parameters": {"period": period}}, day)
    assert start <= day <= end
    if period == "week":
        assert (start.weekday(), (end - start).days) == (0, 6)
    else:
        assert start.day == 1 and end.month == start.month and (end + timedelta(days=1)).day == 1


def test_an_outing_costs_its_own_price_else_the_tariff():
    assert pricing.OutingSupplement().unit_price({"amount_cents": 500}, context(outing=1200)) == 1200
    assert pricing.OutingSupplement().unit_price({"amount_cents": 500}, context()) == 500
    assert pricing.OutingSupplement().unit_price({"amount_cents": None}, context()) == 0


# The billable rule: whatever the order the events of a consumption arrive in, the state is the same.

T0 = datetime(2026, 12, 1, tzinfo=timezone.utc)
booking_events = st.lists(st.sampled_from(["accepted", "cancelled", "cancelled_late"]), max_size=4)
roll_calls = st.lists(st.sampled_from(["present", "absent_excused", "absent_billed"]), max_size=3)


def fold(events):
    row = {"invoice_id": None, domain.BOOKING: None, domain.ATTENDANCE: None, "cancelled_at": None,
           "cancelled_late": False, "attendance": None}
    for stream, at, change in events:
        if domain.applies(row, stream, at):
            row.update(change, **{stream: at})
    return row, domain.is_billable(row)


def timed(bookings, calls):
    events = [(domain.BOOKING, T0 + timedelta(minutes=i),
               {"cancelled_at": None if kind == "accepted" else T0, "cancelled_late": kind == "cancelled_late"})
              for i, kind in enumerate(bookings)]
    events += [(domain.ATTENDANCE, T0 + timedelta(minutes=i), {"attendance": status})
               for i, status in enumerate(calls)]
    return events


@given(booking_events, roll_calls, st.randoms())
def test_the_billable_state_does_not_depend_on_the_order_of_arrival(bookings, calls, random):
    events = timed(bookings, calls)
    shuffled = events[:]
    random.shuffle(shuffled)
    assert fold(shuffled) == fold(events)


@given(booking_events, roll_calls)
def test_billable_is_booked_not_cancelled_in_time_and_not_excused(bookings, calls):
    _, billable = fold(timed(bookings, calls))
    last_booking = bookings[-1] if bookings else None
    last_call = calls[-1] if calls else None
    assert billable == (last_booking in ("accepted", "cancelled_late") and last_call != "absent_excused")


def test_redelivering_every_event_twice_changes_nothing():
    events = timed(["accepted", "cancelled_late"], ["absent_excused", "present"])
    assert fold(events + events) == fold(events) == fold(events + events[::-1])
