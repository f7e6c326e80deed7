"""The iCalendar (RFC 5545) text of a child's bookings, free of I/O."""
from __future__ import annotations

import re
import unicodedata
from datetime import datetime, timedelta, timezone

from icalendar import Calendar, Event

from services.chassis.clock import PARIS

PRODID = "-//Portail Famille//FR"
UID_DOMAIN = "portail-famille"


def filename(first_name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", first_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "enfant"
    return f"reservations-{slug}.ics"


def _event(booking: dict, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{booking['booking_id']}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", f"{booking['activity_name']} — {booking['unit_label']}")
    day, starts_at, ends_at = booking["date"], booking["starts_at"], booking["ends_at"]
    if starts_at is not None and ends_at is not None and starts_at < ends_at:
        event.add("dtstart", datetime.combine(day, starts_at, PARIS))
        event.add("dtend", datetime.combine(day, ends_at, PARIS))
    else:  # a unit without times is the whole day (DTEND is exclusive)
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))
    return event


def calendar(first_name: str, bookings: list[dict], now: datetime) -> str:
    """`bookings` [{booking_id, date, activity_name, unit_label, starts_at, ends_at}] → the calendar."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{first_name} — réservations")
    cal.add("x-wr-timezone", "Europe/Paris")
    stamp = now.astimezone(timezone.utc)
    for booking in bookings:
        cal.add_component(_event(booking, stamp))
    days = [booking["date"] for booking in bookings]
    if days:  # a VTIMEZONE for the TZID of timed events, covering just the span of the feed
        cal.add_missing_timezones(min(days) - timedelta(days=366), max(days) + timedelta(days=366))
    return cal.to_ical().decode()
