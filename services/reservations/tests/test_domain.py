"""Booking rules without I/O."""
import uuid
from datetime import date

import pytest

from services.reservations.booking import domain


@pytest.mark.parametrize("mode, accepted, capacity, by, status", [
    ("automatic", 0, 1, "family", "accepted"),
    ("automatic", 4, 5, "family", "accepted"),
    ("automatic", 5, 5, "family", "waiting_list"),
    ("automatic", 6, 5, "family", "waiting_list"),  # capacity lowered below the accepted count
    ("automatic", 0, 0, "staff", "waiting_list"),
    ("validation", 0, 5, "family", "pending"),
    ("validation", 5, 5, "family", "pending"),
    ("validation", 0, 5, "staff", "accepted"),  # staff booking is their own decision
    ("validation", 5, 5, "staff", "waiting_list"),
])
def test_status_of_a_new_booking(mode, accepted, capacity, by, status):
    assert domain.status_for_new_booking(mode, accepted, capacity, by) == status


@pytest.mark.parametrize("booking_status, attendance, accepted, capacity, state", [
    ("accepted", None, 5, 5, "booked"),
    ("pending", None, 0, 5, "pending"),
    ("waiting_list", None, 5, 5, "waiting_list"),
    ("refused", None, 0, 5, "refused"),
    (None, None, 5, 5, "full"),
    (None, None, 4, 5, "available"),
    ("cancelled", None, 4, 5, "available"),
    ("accepted", "present", 5, 5, "present"),
    ("accepted", "absent_excused", 5, 5, "absent_excused"),
    ("accepted", "absent_billed", 5, 5, "absent_billed"),
])
def test_planning_state(booking_status, attendance, accepted, capacity, state):
    assert domain.planning_state(booking_status, attendance, accepted, capacity) == state


@pytest.mark.parametrize("existing, books, cancels, final", [
    (set(), {"matin"}, set(), {"matin"}),
    ({"matin", "midi"}, set(), {"midi"}, {"matin"}),
    ({"matin"}, {"midi"}, {"matin"}, {"midi"}),
    ({"matin"}, {"matin"}, set(), {"matin"}),
])
def test_final_units_of_a_day(existing, books, cancels, final):
    assert domain.final_units(existing, books, cancels) == final


def test_lock_order_is_postgres_order_without_duplicates():
    low, high = "0000000f-0000-0000-0000-000000000000", "00000010-0000-0000-0000-000000000000"
    keys = [(high, date(2030, 1, 1), "matin"), (low, date(2030, 1, 2), "midi"),
            (low, date(2030, 1, 2), "apres_midi"), (low, date(2030, 1, 1), "midi"),
            (high, date(2030, 1, 1), "matin")]
    assert domain.lock_order(keys) == [
        (low, date(2030, 1, 1), "midi"), (low, date(2030, 1, 2), "apres_midi"),
        (low, date(2030, 1, 2), "midi"), (high, date(2030, 1, 1), "matin")]


def test_request_fingerprint_tells_requests_apart():
    activity, child = uuid.uuid4(), uuid.uuid4()
    book = {"activity_id": activity, "date": date(2030, 3, 13), "unit": "matin", "action": "book"}
    same = domain.request_fingerprint(child, [book])
    assert same == domain.request_fingerprint(child, [dict(book)])
    assert same != domain.request_fingerprint(child, [{**book, "action": "cancel"}])
    assert same != domain.request_fingerprint(uuid.uuid4(), [book])
