"""Throttling of failed logins, per login and per client address, replayed from the login history.

A policy locks its key (a login, an address) once `max_failures` failures fall within `window`; each
new lock within the look-back lasts longer than the one before (`delays`, the last one repeating).
Attempts refused while locked are not failures of a password, so they are not replayed. No I/O.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from services.chassis.errors import ServiceError

LOOKBACK = timedelta(hours=24)


@dataclass(frozen=True)
class Policy:
    max_failures: int
    window: timedelta
    delays: tuple[timedelta, ...]


PER_LOGIN = Policy(5, timedelta(minutes=15),
                   (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15), timedelta(hours=1)))
PER_ADDRESS = Policy(20, timedelta(minutes=15), (timedelta(minutes=15), timedelta(hours=1)))


def locked_until(failures: list[datetime], policy: Policy) -> datetime | None:
    """When the last lock earned by these failures (in time order) ends, or None if none was earned."""
    streak: list[datetime] = []
    locks = 0
    until = None
    for at in failures:
        if until is not None and at < until:
            continue  # refused while locked: not a failed password (kept out of the streak)
        streak = [earlier for earlier in streak if earlier > at - policy.window] + [at]
        if len(streak) >= policy.max_failures:
            until = at + policy.delays[min(locks, len(policy.delays) - 1)]
            locks += 1
            streak = []
    return until


def retry_after_seconds(login_failures: list[datetime], address_failures: list[datetime],
                        now: datetime) -> int | None:
    """Seconds to wait before the next attempt, or None when neither the login nor the address is locked."""
    ends = [end for end in (locked_until(login_failures, PER_LOGIN), locked_until(address_failures, PER_ADDRESS))
            if end is not None and end > now]
    if not ends:
        return None
    return math.ceil((max(ends) - now).total_seconds())


def wait_in_words(seconds: int) -> str:
    """`300` → `5 minutes`; whole minutes rounded up, whole hours from one hour on."""
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes > 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} heure{'s' if hours > 1 else ''}"


def too_many_attempts(seconds: int) -> ServiceError:
    return ServiceError("too_many_attempts", f"Trop de tentatives. Réessayez dans {wait_in_words(seconds)}.",
                        {"retry_after_seconds": seconds}, 429)
