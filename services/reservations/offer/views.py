"""How the offer looks over RPC: dates, times and instants (in Paris time) as ISO 8601 text."""
from __future__ import annotations

from services.chassis.clock import PARIS


def _iso(value):
    return value.isoformat() if value is not None else None


def _time(value):
    return value.strftime("%H:%M") if value is not None else None


def unit_view(unit: dict) -> dict:
    return {"code": unit["code"], "label": unit["label"], "pool": unit["pool"], "kind": unit["kind"],
            "starts_at": _time(unit["starts_at"]), "ends_at": _time(unit["ends_at"]),
            "price_cents": unit["price_cents"], "date": _iso(unit["date"])}


def window_view(window: dict) -> dict:
    return {"label": window["label"], "period_start": _iso(window["period_start"]),
            "period_end": _iso(window["period_end"]), "opens_at": window["opens_at"].astimezone(PARIS).isoformat(),
            "closes_at": window["closes_at"].astimezone(PARIS).isoformat()}


def activity_view(activity: dict) -> dict:
    return {
        "id": str(activity["id"]), "name": activity["name"],
        "structure_id": str(activity["structure_id"]),
        "structure": {**activity["structure"], "id": str(activity["structure"]["id"])},
        "booking_mode": activity["booking_mode"],
        "units": [unit_view(unit) for unit in activity["units"]],
        "min_age_months": activity["min_age_months"], "max_age_months": activity["max_age_months"],
        "enrolment_approval": activity["enrolment_approval"],
        "required_documents": list(activity["required_documents"]),
        "unit_combinations": activity["unit_combinations"],
        "booking_deadline": activity["booking_deadline"], "cancel_deadline": activity["cancel_deadline"],
        "blocks_on_debt": activity["blocks_on_debt"], "archived": activity["archived"],
        "windows": [window_view(window) for window in activity["windows"]],
    }


def days_view(rows: list[dict]) -> list[dict]:
    return [{"date": row["date"].isoformat(), "pool": row["pool"], "capacity": row["capacity"],
             "accepted": row["accepted"] or 0, "pending": row["pending"], "waiting": row["waiting"],
             "closure": ({"kind": row["closure_kind"], "label": row["closure_label"]}
                         if row["closure_kind"] else None)}
            for row in rows]
