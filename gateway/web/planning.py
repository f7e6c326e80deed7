"""The month planning of a child: its grid, the changes the ticks ask for, and how outcomes are worded.

Pure helpers (no RPC): the views in `gateway.web.bookings` fetch the data and render the pages.
A cell is keyed `activity_id|date|unit`; the grid form sends `shown` (every cell it could change) and
`booked` (the ticked ones); the summary sends `change` (`key|book` or `key|cancel`) to the confirmation.
"""
from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from flask_babel import get_locale, gettext as _, lazy_gettext as _l, ngettext

from gateway.schemas import ChangeSchema
from services.chassis import config

BOOKED_STATES = ("booked", "pending", "waiting_list")
BOOKABLE_STATES = ("available", "full")  # full: booking puts the child on the waiting list
NO_UNIT = "none"  # a column whose activity does not open that day

# Every state of a cell: its icon (never alone: the label says the same) and what it means.
STATES = {
    "available": ("○", _l("Disponible"), _l("Place libre : cochez pour réserver.")),
    "booked": ("✓", _l("Réservé"), _l("Réservation acceptée : décochez pour l'annuler.")),
    "pending": ("?", _l("En attente de validation"), _l("Demande transmise : la structure va l'examiner.")),
    "waiting_list": ("≡", _l("Liste d'attente"),
                     _l("Votre enfant est sur la liste d'attente (sa position est indiquée) : vous serez "
                        "prévenu si une place se libère. Décochez pour quitter la liste.")),
    "full": ("✕", _l("Complet"), _l("Plus de place : en cochant, votre enfant est inscrit sur la liste d'attente.")),
    "refused": ("⊘", _l("Refusé"), _l("La structure a refusé la demande.")),
    "closed": ("▬", _l("Fermé"), _l("L'accueil est fermé ce jour-là.")),
    "holiday": ("⚑", _l("Jour férié"), _l("Jour férié : pas d'accueil.")),
    "present": ("●", _l("Présent"), _l("Présence relevée par la structure.")),
    "absent_excused": ("◌", _l("Absent excusé"), _l("Absence justifiée : non facturée.")),
    "absent_billed": ("€", _l("Absent facturé"), _l("Absence non justifiée : facturée.")),
    NO_UNIT: ("–", _l("Pas d'accueil"), _l("Cette activité n'a pas lieu ce jour-là.")),
}
LOCK = ("🔒", _l("Verrouillé"),
        _l("Le délai de prévenance est passé ou les réservations sont fermées : modification impossible "
           "en ligne, adressez-vous à la structure."))

OUTCOMES = {  # status of a result line → (icon, words)
    "accepted": ("✓", _l("réservation acceptée")),
    "pending": ("?", _l("demande en attente de validation par la structure")),
    "waiting_list": ("≡", _l("inscrit sur la liste d'attente")),
    "refused": ("⊘", _l("refusé")),
    "cancelled": ("✕", _l("réservation annulée")),
}
REASONS = {
    "deadline_passed": _l("le délai de prévenance est dépassé"),
    "not_enrolled": _l("l'enfant n'est pas inscrit à cette activité"),
    "invalid_unit_combination": _l("choix des temps d'accueil non valide"),
    "account_in_debt": _l("le compte de la famille présente un impayé"),
    "closed": _l("l'accueil est fermé ce jour-là"),
    "age_out_of_range": _l("l'âge de l'enfant ne correspond pas à l'activité"),
    "window_closed": _l("les réservations ne sont pas ouvertes pour cette période"),
    "invalid_unit": _l("ce temps d'accueil n'existe pas pour cette activité"),
    "not_booked": _l("il n'y avait pas de réservation à annuler"),
    "closure": _l("fermeture de l'accueil"),
}


def cell_key(activity_id: str, day: str, unit: str) -> str:
    return f"{activity_id}|{day}|{unit}"


def day_label(day: str, pattern: str = "EEEE d MMMM") -> str:
    return format_date(date.fromisoformat(day), pattern, locale=str(get_locale()))


def instant_label(value: str, pattern: str = "EEEE d MMMM HH:mm") -> str:
    return format_datetime(datetime.fromisoformat(value), pattern, tzinfo=ZoneInfo(config.get("TIMEZONE")),
                           locale=str(get_locale()))


def shift_month(month: str, months: int) -> str:
    """`2026-01`, -1 → `2025-12`."""
    index = int(month[:4]) * 12 + int(month[5:7]) - 1 + months
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def legend() -> list[dict]:
    return [{"state": state, "icon": icon, "label": label, "meaning": meaning}
            for state, (icon, label, meaning) in [*STATES.items(), ("locked", LOCK)]]


def state_label(entry: dict) -> str:
    label = str(STATES.get(entry["state"], ("", entry["state"], ""))[1])
    if entry["state"] == "waiting_list" and entry.get("waiting_position"):
        label = _("%(label)s (position %(position)s)", label=label, position=entry["waiting_position"])
    return label


# --- the grid -------------------------------------------------------------------------------------

def columns_of(activities: list, days: list) -> list[dict]:
    """One column per (activity, unit) met in the month, in the order of the activities and their units."""
    order = [(a["id"], u["code"]) for a in activities for u in a.get("units", [])]
    seen = dict.fromkeys((d["activity_id"], d["unit"]) for d in days)
    keys = [k for k in order if k in seen] + [k for k in seen if k not in order]
    names, units = names_of(activities, days)
    return [{"activity_id": a, "unit": u, "activity": names.get(a, ""), "unit_label": units.get((a, u), u),
             "title": f"{names.get(a, '')} — {units.get((a, u), u)}"} for a, u in keys]


def names_of(activities: list, days: list) -> tuple[dict, dict]:
    """Activity names by id and unit labels by (activity, unit): the planning's own, else the activities'."""
    names = {a["id"]: a["name"] for a in activities}
    units = {(a["id"], u["code"]): u["label"] for a in activities for u in a.get("units", [])}
    for d in days:
        if d.get("activity_name"):
            names[d["activity_id"]] = d["activity_name"]
        if d.get("unit_label"):
            units[(d["activity_id"], d["unit"])] = d["unit_label"]
    return names, units


def build_grid(activities: list, days: list, ticks: dict | None = None, toggle_day: str | None = None) -> dict:
    """Rows: every day of the month met in the planning; `ticks` ({shown, booked}) replays a form."""
    columns = columns_of(activities, days)
    entries = {(d["date"], d["activity_id"], d["unit"]): d for d in days}
    rows = []
    for day in sorted({d["date"] for d in days}):
        cells = [_cell(entries.get((day, c["activity_id"], c["unit"])), day, c, ticks) for c in columns]
        checkable = [c for c in cells if c["checkbox"]]
        if day == toggle_day and checkable:
            everything = all(c["checked"] for c in checkable)
            for c in checkable:
                c["checked"] = not everything
        rows.append({"date": day, "label": day_label(day), "cells": cells, "checkable": bool(checkable),
                     "all_checked": bool(checkable) and all(c["checked"] for c in checkable)})
    return {"columns": columns, "rows": rows}


def _cell(entry: dict | None, day: str, column: dict, ticks: dict | None) -> dict:
    describe = f"{column['title']}, {day_label(day)}"
    if entry is None:
        icon, label, _meaning = STATES[NO_UNIT]
        return {"state": NO_UNIT, "icon": icon, "label": str(label), "checkbox": False, "describe": describe,
                "price_cents": None, "title": column["title"]}
    state, locked = entry["state"], bool(entry.get("locked"))
    changeable = state in BOOKED_STATES + BOOKABLE_STATES
    key = cell_key(column["activity_id"], day, column["unit"])
    checked = state in BOOKED_STATES
    if ticks is not None and changeable and not locked and key in ticks["shown"]:
        checked = key in ticks["booked"]
    cell = {
        "key": key, "state": state, "icon": STATES.get(state, ("", "", ""))[0], "label": state_label(entry),
        "checkbox": changeable and not locked, "disabled_box": changeable and locked, "checked": checked,
        "locked": locked, "price_cents": entry.get("price_cents"), "describe": describe, "title": column["title"],
    }
    if locked and changeable:
        cell["lock_reason"] = (_("délai dépassé depuis le %(when)s", when=instant_label(entry["deadline"]))
                               if entry.get("deadline") else _("modification impossible en ligne"))
    elif entry.get("deadline") and changeable:
        cell["deadline"] = _("jusqu'au %(when)s", when=instant_label(entry["deadline"], "d MMM HH:mm"))
    return cell


def ticks_from_form(form) -> dict:
    return {"shown": set(form.getlist("shown")), "booked": set(form.getlist("booked"))}


# --- the summary ----------------------------------------------------------------------------------

def pending_changes(ticks: dict, days: list) -> list[dict]:
    """Compare the ticks with the current states: tick a free cell → book, untick a held one → cancel."""
    changes = []
    for d in days:
        key = cell_key(d["activity_id"], d["date"], d["unit"])
        if key not in ticks["shown"]:
            continue
        if key in ticks["booked"] and d["state"] in BOOKABLE_STATES:
            changes.append({"activity_id": d["activity_id"], "date": d["date"], "unit": d["unit"], "action": "book"})
        elif key not in ticks["booked"] and d["state"] in BOOKED_STATES:
            changes.append({"activity_id": d["activity_id"], "date": d["date"], "unit": d["unit"],
                            "action": "cancel"})
    return changes


def change_value(change: dict) -> str:
    return f"{cell_key(change['activity_id'], change['date'], change['unit'])}|{change['action']}"


def changes_from_form(form) -> list[dict]:
    """The `change` fields of the summary, validated as the API validates a booking request."""
    changes = []
    for value in dict.fromkeys(form.getlist("change")):
        activity_id, day, unit, action = (value.split("|") + ["", "", "", ""])[:4]
        changes.append({"activity_id": activity_id, "date": day, "unit": unit, "action": action})
    return ChangeSchema(many=True).load(changes)


def describe_changes(changes: list, days: list, activities: list) -> dict:
    """The summary: new bookings and cancellations, each with its day, what, price and a note."""
    names, units = names_of(activities, days)
    entries = {(d["date"], d["activity_id"], d["unit"]): d for d in days}
    modes = {a["id"]: a.get("booking_mode") for a in activities}
    summary = {"book": [], "cancel": [], "total_cents": 0, "total_known": True}
    for change in changes:
        entry = entries.get((change["date"], change["activity_id"], change["unit"]), {})
        line = {"day": day_label(change["date"]), "what": _what(names, units, change),
                "price_cents": entry.get("price_cents"), "note": None}
        if change["action"] == "book":
            if entry.get("state") == "full":
                line["note"] = _("complet : votre enfant sera inscrit sur la liste d'attente")
            elif modes.get(change["activity_id"]) == "validation":
                line["note"] = _("soumis à la validation de la structure")
            if line["price_cents"] is None:
                summary["total_known"] = False
            else:
                summary["total_cents"] += line["price_cents"]
        summary[change["action"]].append(line)
    return summary


def _what(names: dict, units: dict, line: dict) -> str:
    activity = names.get(line["activity_id"], "")
    return f"{activity} — {units.get((line['activity_id'], line['unit']), line['unit'])}"


# --- the outcome ----------------------------------------------------------------------------------

def describe_results(results: list, activities: list, days: list) -> dict:
    """Each line of the booking's answer in words, and a count per outcome."""
    names, units = names_of(activities, days)
    lines, counts = [], {}
    for r in results:
        status = r["status"]
        icon, words = OUTCOMES.get(status, ("", status))
        outcome = str(words)
        if status == "waiting_list" and r.get("waiting_position"):
            outcome = _("%(outcome)s (position %(position)s)", outcome=outcome, position=r["waiting_position"])
        if status == "refused":
            outcome = str(_("annulation refusée") if r.get("action") == "cancel" else _("réservation refusée"))
            if r.get("reason"):
                outcome = f"{outcome} : {REASONS.get(r['reason'], r['reason'])}"
        counts[status] = counts.get(status, 0) + 1
        lines.append({"day": day_label(r["date"]), "what": _what(names, units, r), "outcome": outcome,
                      "icon": icon, "status": status})
    return {"lines": lines, "counts": _count_sentences(counts)}


def _count_sentences(counts: dict) -> list[str]:
    words = {
        "accepted": lambda n: ngettext("%(num)d réservation acceptée", "%(num)d réservations acceptées", n),
        "pending": lambda n: ngettext("%(num)d demande en attente de validation",
                                      "%(num)d demandes en attente de validation", n),
        "waiting_list": lambda n: ngettext("%(num)d inscription sur liste d'attente",
                                           "%(num)d inscriptions sur liste d'attente", n),
        "cancelled": lambda n: ngettext("%(num)d réservation annulée", "%(num)d réservations annulées", n),
        "refused": lambda n: ngettext("%(num)d demande refusée", "%(num)d demandes refusées", n),
    }
    return [words[status](n) for status, n in counts.items() if status in words]
