"""One injectable clock: business rules ask it for "now", tests replace it to travel in time."""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from services.chassis import config

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    def now(self) -> datetime:
        return datetime.now(ZoneInfo(config.get("TIMEZONE")))

    def today(self) -> date:
        return self.now().date()


class FixedClock(Clock):
    """A clock stopped at one instant (tests, demos); `FIXED_NOW` sets it for a whole process."""

    def __init__(self, instant: datetime):
        if instant.tzinfo is None:
            raise ValueError("a fixed clock needs a timezone-aware instant")
        self.instant = instant

    def now(self) -> datetime:
        return self.instant


def from_environment() -> Clock:
    fixed = config.get("FIXED_NOW")
    return FixedClock(datetime.fromisoformat(fixed)) if fixed else Clock()
