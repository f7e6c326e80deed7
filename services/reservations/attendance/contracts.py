"""Crèche contracts, free of I/O: the weekly schedule (weekday "0" = Monday … "6" = Sunday → time
ranges "HH:MM"), its minutes per week, and what a contract looks like on the wire."""
from __future__ import annotations

import re
from datetime import date

WEEKDAYS = tuple(str(day) for day in range(7))
MAX_RANGES_PER_DAY = 3
ACTIVE, ENDED = "active", "ended"

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def minutes_of(hhmm: str) -> int:
    hours, minutes = hhmm.split(":")
    return int(hours) * 60 + int(minutes)


def _day_errors(ranges) -> list[str]:
    if not isinstance(ranges, list):
        return ["Une liste de plages horaires est attendue."]
    if len(ranges) > MAX_RANGES_PER_DAY:
        return [f"Au plus {MAX_RANGES_PER_DAY} plages horaires par jour."]
    for time_range in ranges:
        if (not isinstance(time_range, list) or len(time_range) != 2
                or not all(isinstance(t, str) and _TIME.match(t) for t in time_range)):
            return ['Chaque plage est ["HH:MM", "HH:MM"].']
        if minutes_of(time_range[0]) >= minutes_of(time_range[1]):
            return ["Le début d'une plage doit précéder sa fin."]
    ordered = sorted(ranges, key=lambda r: minutes_of(r[0]))
    for before, after in zip(ordered, ordered[1:]):
        if minutes_of(after[0]) < minutes_of(before[1]):
            return ["Les plages horaires d'un jour ne doivent pas se chevaucher."]
    return []


def schedule_errors(schedule) -> dict:
    """{weekday: [messages]} (or {"_schema": [...]}) — empty when the schedule is valid."""
    if not isinstance(schedule, dict):
        return {"_schema": ["Un objet {jour: plages} est attendu."]}
    errors = {}
    for day, ranges in schedule.items():
        if day not in WEEKDAYS:
            errors[str(day)] = ["Jour inconnu : de \"0\" (lundi) à \"6\" (dimanche)."]
        elif messages := _day_errors(ranges):
            errors[day] = messages
    if not errors and not any(schedule.values()):
        errors["_schema"] = ["Le contrat doit prévoir au moins une plage horaire."]
    return errors


def normalise(schedule: dict) -> dict:
    """Days without care left out, each day's ranges in time order (a valid schedule only)."""
    return {day: sorted((list(r) for r in schedule[day]), key=lambda r: minutes_of(r[0]))
            for day in WEEKDAYS if schedule.get(day)}


def weekly_minutes(schedule: dict) -> int:
    return sum(minutes_of(end) - minutes_of(start)
               for ranges in schedule.values() for start, end in ranges)


def covers(contract: dict, first: date, last: date | None = None) -> bool:
    """Whether the days `first`..`last` fall within the contract's span."""
    return contract["starts_on"] <= first and (last or first) <= contract["ends_on"]


def status(contract: dict, today: date) -> str:
    return ENDED if contract["status"] == ENDED or contract["ends_on"] < today else ACTIVE


def view(contract: dict, extra_hours: list[dict], absences: list[dict], today: date) -> dict:
    return {
        "id": str(contract["id"]),
        "child_id": str(contract["child_id"]),
        "child_name": contract["child_name"],
        "family_id": str(contract["family_id"]),
        "activity_id": str(contract["activity_id"]),
        "activity_name": contract["activity_name"],
        "structure_id": str(contract["structure_id"]),
        "starts_on": contract["starts_on"].isoformat(),
        "ends_on": contract["ends_on"].isoformat(),
        "schedule": contract["schedule"],
        "status": status(contract, today),
        "weekly_minutes": weekly_minutes(contract["schedule"]),
        "extra_hours": [{"id": str(row["id"]), "date": row["date"].isoformat(), "minutes": row["minutes"],
                         "recorded_at": row["recorded_at"].isoformat()} for row in extra_hours],
        "absences": [{"id": str(row["id"]), "date_from": row["date_from"].isoformat(),
                      "date_to": row["date_to"].isoformat(), "reason": row["reason"],
                      "declared_by": row["declared_by"], "declared_at": row["declared_at"].isoformat()}
                     for row in absences],
    }
