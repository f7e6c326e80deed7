"""The month planning page: the grid of a child's days and the changes a submitted form asks for."""
from __future__ import annotations

from datetime import date

from babel.dates import format_date
from flask_babel import get_locale, lazy_gettext as _l

from gateway.schemas import ChangeSchema

BOOKED_STATES = ("booked", "pending", "waiting_list")
BOOKABLE_STATES = ("available", "full")  # full: booking puts the child on the waiting list
NOT_OPEN_STATES = ("closed", "holiday")

STATE_LABELS = {
    "available": _l("Disponible"),
    "full": _l("Complet"),
    "booked": _l("Réservé"),
    "pending": _l("En attente"),
    "waiting_list": _l("Liste d'attente"),
    "refused": _l("Refusé"),
    "closed": _l("Fermé"),
    "holiday": _l("Vacances"),
    "present": _l("Présent"),
    "absent_excused": _l("Absent excusé"),
    "absent_billed": _l("Absent facturé"),
}
STATUS_LABELS = {
    "accepted": _l("réservation acceptée"),
    "pending": _l("demande en attente de validation"),
    "waiting_list": _l("inscrit sur liste d'attente"),
    "refused": _l("refusé"),
    "cancelled": _l("réservation annulée"),
}
LOCKED = _l("verrouillé")
REASON_LABELS = {
    "deadline_passed": _l("le délai de prévenance est dépassé"),
    "not_enrolled": _l("l'enfant n'est pas inscrit à cette activité"),
    "invalid_unit_combination": _l("choix des temps d'accueil non valide"),
    "account_in_debt": _l("le compte de la famille présente un impayé"),
    "closed": _l("l'accueil est fermé ce jour-là"),
    "age_out_of_range": _l("l'âge de l'enfant ne correspond pas à l'activité"),
    "window_closed": _l("les réservations ne sont pas ouvertes pour cette période"),
}


def cell_key(activity_id: str, day: str, unit: str) -> str:
    return f"{activity_id}|{day}|{unit}"


def day_label(day: str, pattern: str = "EEEE d MMMM") -> str:
    return format_date(date.fromisoformat(day), pattern, locale=str(get_locale()))


def state_label(entry: dict) -> str:
    label = str(STATE_LABELS.get(entry["state"], entry["state"]))
    if entry["state"] == "waiting_list" and entry.get("waiting_position"):
        label = f"{label} (position {entry['waiting_position']})"
    if entry.get("locked"):
        label = f"{label} · {LOCKED}"
    return label


def build_grid(activities: list, days: list) -> dict:
    """Columns: each unit of each activity; rows: each day open for at least one of them."""
    columns = [
        {"activity_id": a["id"], "unit": u["code"], "title": f"{a['name']} — {u['label']}"}
        for a in activities for u in a["units"]
    ]
    entries = {(d["date"], d["activity_id"], d["unit"]): d for d in days}
    open_dates = sorted({d["date"] for d in days if d["state"] not in NOT_OPEN_STATES})
    rows = []
    for day in open_dates:
        cells = []
        for column in columns:
            entry = entries.get((day, column["activity_id"], column["unit"]))
            cells.append(_cell(entry, day, column))
        rows.append({"date": day, "label": day_label(day), "cells": cells})
    return {"columns": columns, "rows": rows}


def _cell(entry: dict | None, day: str, column: dict) -> dict:
    if entry is None:
        return {"label": str(STATE_LABELS["closed"]), "checkbox": False}
    checkable = not entry.get("locked") and entry["state"] in BOOKED_STATES + BOOKABLE_STATES
    return {
        "key": cell_key(column["activity_id"], day, column["unit"]),
        "label": state_label(entry),
        "checkbox": checkable,
        "checked": entry["state"] in BOOKED_STATES,
        "state": entry["state"],
        "describe": f"{column['title']}, {day_label(day)}",
    }


def changes_from_form(form) -> list[dict]:
    """Book what was ticked, cancel what was unticked, among the cells the form showed."""
    ticked, before = set(form.getlist("booked")), set(form.getlist("was"))
    changes = []
    for key in dict.fromkeys(form.getlist("shown")):
        now, was = key in ticked, key in before
        if now == was:
            continue
        activity_id, _sep, rest = key.partition("|")
        day, _sep, unit = rest.partition("|")
        changes.append({"activity_id": activity_id, "date": day, "unit": unit,
                        "action": "book" if now else "cancel"})
    return ChangeSchema(many=True).load(changes)


def describe_results(results: list, activities: list) -> list[dict]:
    names = {a["id"]: a["name"] for a in activities}
    units = {(a["id"], u["code"]): u["label"] for a in activities for u in a["units"]}
    lines = []
    for r in results:
        outcome = str(STATUS_LABELS.get(r["status"], r["status"]))
        if r.get("status") == "waiting_list" and r.get("waiting_position"):
            outcome = f"{outcome} (position {r['waiting_position']})"
        if r.get("reason"):
            outcome = f"{outcome} : {REASON_LABELS.get(r['reason'], r['reason'])}"
        lines.append({
            "day": day_label(r["date"]),
            "what": f"{names.get(r['activity_id'], '')} — {units.get((r['activity_id'], r['unit']), r['unit'])}",
            "outcome": outcome,
            "status": r["status"],
        })
    return lines
