"""Lookups every area needs: who may see a child, an activity and who may manage it."""
from __future__ import annotations

from services.chassis.errors import not_found
from services.reservations.offer import storage as offer_storage
from services.reservations.readmodels import storage as readmodels


def visible_child(conn, caller, child_id) -> dict:
    """The child, if the caller may see it: staff see every child, a parent only their own."""
    return check_visible(caller, readmodels.get_child(conn, child_id))


def check_visible(caller, child: dict | None) -> dict:
    """404 for a child that does not exist or that the caller may not see (the same answer)."""
    if child is None or not (caller.is_staff or str(child["family_id"]) == str(caller.family_id)):
        raise not_found("child")
    return child


def activity(conn, activity_id) -> dict:
    found = offer_storage.get_activities(conn, [activity_id]).get(str(activity_id))
    if found is None:
        raise not_found("activity")
    return found


def managed_activity(conn, caller, activity_id) -> dict:
    """The activity, if the caller manages its structure (403 otherwise, 404 if unknown)."""
    caller.require_staff()
    found = activity(conn, activity_id)
    caller.require_structure(found["structure_id"])
    return found
