"""A child's planning cells: the state of each day and unit, whether the family may still change it
(and until when), from the same rules the engine applies."""
from __future__ import annotations

from services.reservations.booking import domain
from services.reservations.rules import deadlines, eligibility, windows

CLOSURE_STATES = {"holiday": "holiday", "closure": "closed"}


class Cells:
    def __init__(self, child: dict, activities: dict, by_staff: bool, in_debt: bool, now, calendar):
        self.child, self.activities, self.by_staff, self.in_debt = child, activities, by_staff, in_debt
        self.now, self.calendar = now, calendar

    def entry(self, row: dict) -> dict:
        activity = self.activities[str(row["activity_id"])]
        live = row["status"] in domain.LIVE
        locked, deadline = self._lock(activity, row, live)
        if row["closure"]:
            state = CLOSURE_STATES[row["closure"]]
        else:
            state = domain.planning_state(row["status"], row["attendance"], row["accepted_count"], row["capacity"])
        return {
            "date": row["date"].isoformat(),
            "activity_id": str(row["activity_id"]),
            "activity_name": row["activity_name"],
            "unit": row["unit"],
            "unit_label": row["unit_label"],
            "state": state,
            "booking_id": str(row["booking_id"]) if row["booking_id"] and row["status"] != domain.REFUSED else None,
            "waiting_position": row["waiting_position"],
            "locked": locked,
            "deadline": deadline.isoformat() if deadline else None,
            "price_cents": row["price_cents"],
            "closure_label": row["closure_label"],
        }

    def _lock(self, activity: dict, row: dict, live: bool):
        """(locked, deadline of the cell's next action: cancel when booked, else book)."""
        day = row["date"]
        rules = (activity["cancel_deadline"] if live else activity["booking_deadline"]) or []
        deadline = deadlines.deadline(rules, day, self.calendar)
        if row["closure"] or row["attendance"]:
            return True, None
        if self.by_staff:
            return False, deadline
        if not live and (not eligibility.age_fits(activity, self.child["birth_date"], day)
                         or not windows.is_open(activity["windows"], day, self.now)
                         or (activity["blocks_on_debt"] and self.in_debt)):
            return True, deadline
        return deadline is not None and self.now >= deadline, deadline
