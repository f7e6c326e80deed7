"""Who may enrol: the child's age on a day and the documents the activity requires."""
from __future__ import annotations

from datetime import date, timedelta


def age_in_months(birth_date: date, day: date) -> int:
    """Whole months lived on `day` (a child born on the 31st turns one month old on the last day of a
    shorter month)."""
    months = (day.year - birth_date.year) * 12 + day.month - birth_date.month
    if day.day < birth_date.day and not _last_day_of_month(day):
        months -= 1
    return months


def _last_day_of_month(day: date) -> bool:
    return (day + timedelta(days=1)).month != day.month


def age_fits(activity: dict, birth_date: date, day: date) -> bool:
    """Min inclusive, max exclusive; a missing bound does not limit."""
    age = age_in_months(birth_date, day)
    low, high = activity.get("min_age_months"), activity.get("max_age_months")
    return (low is None or age >= low) and (high is None or age < high)


def too_old(activity: dict, birth_date: date, day: date) -> bool:
    high = activity.get("max_age_months")
    return high is not None and age_in_months(birth_date, day) >= high


def missing_documents(required_types, documents, child_id, day: date) -> list[str]:
    """The required types without a validated, unexpired document of the family (no child) or of the child."""
    satisfied = {
        doc["type"] for doc in documents
        if doc["status"] == "validated"
        and (doc["valid_until"] is None or doc["valid_until"] >= day)
        and (doc["child_id"] is None or str(doc["child_id"]) == str(child_id))
    }
    return [kind for kind in dict.fromkeys(required_types) if kind not in satisfied]
