"""Notification rules without I/O: retry schedule, what each email says."""
from __future__ import annotations

RETRY_FIRST_DELAY_SECONDS = 1.0
RETRY_MAX_DELAY_SECONDS = 300.0


def retry_delay_seconds(attempts: int) -> float:
    """Wait before the next try after `attempts` failed ones: 1 s, 2 s, 4 s … capped at 5 min."""
    exponent = min(max(attempts - 1, 0), 32)  # bounded so a very old email never overflows
    return min(RETRY_FIRST_DELAY_SECONDS * 2 ** exponent, RETRY_MAX_DELAY_SECONDS)


def may_email(contact: dict | None) -> bool:
    """A known contact who refused emails gets none; an unknown one is decided when it arrives."""
    return contact is None or contact["consent_email"]


def welcome_context(family: dict, public_url: str) -> dict:
    # Never a password here: the temporary one is handed over by the service in person.
    return {"display_name": family["display_name"], "login": family["login"], "public_url": public_url}


def booking_context(booking: dict, child: dict | None, public_url: str) -> dict:
    return {
        "child_first_name": child["first_name"] if child else None,
        "activity_name": booking["activity_name"],
        "date": booking["date"],
        "unit_label": booking.get("unit_label") or booking["unit"],
        "public_url": public_url,
    }
