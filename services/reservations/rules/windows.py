"""Booking windows: for the days of a period, booking is open only between two instants.

A window is a dict `{label, period_start: date, period_end: date, opens_at, closes_at}` (aware
datetimes). An activity without windows is always open; with windows, a day no window covers is closed.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from marshmallow import ValidationError

PARIS = ZoneInfo("Europe/Paris")
REQUIRED_KEYS = ("period_start", "period_end", "opens_at", "closes_at")


def window_for(windows, day: date) -> list[dict]:
    """The windows whose period covers `day`."""
    return [window for window in windows or () if window["period_start"] <= day <= window["period_end"]]


def is_open(windows, day: date, now: datetime) -> bool:
    """No windows: always open; else some window covering `day` has opens_at <= now < closes_at."""
    if not windows:
        return True
    return any(window["opens_at"] <= now < window["closes_at"] for window in window_for(windows, day))


def _when(instant: datetime) -> str:
    local = instant.astimezone(PARIS)
    day = "d'er'" if local.day == 1 else "d"
    return format_datetime(local, f"{day} MMMM y 'à' HH:mm", tzinfo=PARIS, locale="fr")


def describe_window(window: dict) -> str:
    """E.g. "Réservations ouvertes du 2 mai 2027 à 08:00 au 20 juin 2027 à 23:59" (Paris time)."""
    return f"Réservations ouvertes du {_when(window['opens_at'])} au {_when(window['closes_at'])}"


def _window_errors(window) -> dict:
    if not isinstance(window, dict):
        return {"_schema": ["Une fenêtre (objet) est attendue."]}
    missing = {key: ["Champ obligatoire."] for key in REQUIRED_KEYS if window.get(key) is None}
    if missing:
        return missing
    errors = {}
    naive = [key for key in ("opens_at", "closes_at") if window[key].utcoffset() is None]
    for key in naive:
        errors[key] = ["L'instant doit préciser son décalage horaire."]
    if window["period_start"] > window["period_end"]:
        errors["period_end"] = ["La fin de la période précède son début."]
    if not naive and window["opens_at"] >= window["closes_at"]:
        errors["closes_at"] = ["La fermeture des réservations doit suivre leur ouverture."]
    return errors


def validate_windows(windows) -> list:
    """The windows unchanged; ValidationError (French messages, keyed by index) when a period ends
    before it starts or a window closes before it opens."""
    if not isinstance(windows, list):
        raise ValidationError("Une liste de fenêtres est attendue.")
    errors = {index: found for index, window in enumerate(windows) if (found := _window_errors(window))}
    if errors:
        raise ValidationError(errors)
    return windows
