"""Notification rules without I/O: retry schedule, what each email says."""
from __future__ import annotations

from services.chassis.money import format_cents
from services.notifications.rendering import BABEL_LOCALES

RETRY_FIRST_DELAY_SECONDS = 1.0
RETRY_MAX_DELAY_SECONDS = 300.0


def retry_delay_seconds(attempts: int) -> float:
    """Wait before the next try after `attempts` failed ones: 1 s, 2 s, 4 s … capped at 5 min."""
    exponent = min(max(attempts - 1, 0), 32)  # bounded so a very old email never overflows
    return min(RETRY_FIRST_DELAY_SECONDS * 2 ** exponent, RETRY_MAX_DELAY_SECONDS)


def may_email(contact: dict | None) -> bool:
    """A known contact who refused emails gets none; an unknown one is decided when it arrives."""
    return contact is None or contact["consent_email"]


# Emails a person asked for (a link to activate, reset, confirm): sent whatever the consents, and
# their content erased once sent, since the link in it is a secret.
LINK_KINDS = ("account_activation", "password_reset", "email_change")

# The few words a context carries, in each language of the emails (the rest is in the templates).
TARGET_LABELS = {
    "fr": {"family": "votre dossier famille", "guardian": "les informations d'un responsable légal",
           "child": "les informations d'un enfant", "new_child": "l'ajout d'un enfant à votre dossier"},
    "en": {"family": "your family file", "guardian": "the details of a legal guardian",
           "child": "the details of a child", "new_child": "adding a child to your file"},
}
DEFAULT_TARGET = {"fr": "votre dossier", "en": "your file"}
UNNAMED = {"fr": "Madame, Monsieur", "en": "Sir or Madam"}
ERASED_BODY = "(Contenu effacé après l'envoi : ce message contenait un lien personnel.)"


def welcome_context(family: dict, public_url: str) -> dict:
    # Never a password here: the temporary one is handed over by the service in person, or the
    # family chooses its own through the activation email.
    return {"display_name": family["display_name"], "login": family["login"], "public_url": public_url,
            "password_set": family.get("password_set", True)}


def addressee(contact: dict | None, locale: str) -> str:
    return contact["display_name"] if contact else UNNAMED[locale]


def change_request_context(decision: dict, contact: dict | None, public_url: str, locale: str = "fr") -> dict:
    return {
        "display_name": addressee(contact, locale),
        "accepted": decision["status"] == "accepted",
        "target_label": TARGET_LABELS[locale].get(decision.get("target"), DEFAULT_TARGET[locale]),
        "reason": decision.get("reason"),
        "public_url": public_url,
    }


def document_context(document: dict, validated: bool, contact: dict | None, child: dict | None,
                     public_url: str, locale: str = "fr") -> dict:
    return {
        "display_name": addressee(contact, locale),
        "validated": validated,
        "label": document["label"],
        "child_first_name": child["first_name"] if child else None,
        "reason": document.get("reason"),
        "public_url": public_url,
    }


def booking_context(bookings: list[dict], child: dict | None, public_url: str) -> dict:
    """An event's bookings (one child's, at least one) in the order of their dates, as its email and
    its text list them."""
    return {
        "child_first_name": child["first_name"] if child else None,
        "bookings": [{"activity_name": booking["activity_name"], "date": booking["date"],
                      "unit_label": booking.get("unit_label") or booking["unit"]}
                     for booking in sorted(bookings, key=lambda booking: booking["date"])],
        "public_url": public_url,
    }


FAMILY, STAFF = "family", "staff"  # who made a booking change (reservations' `by`)

# A booking request's line as the family reads it; {position}: its rank on the waiting list.
LINE_OUTCOMES = {
    "fr": {"accepted": "acceptée", "pending": "en attente de validation",
           "waiting_list": "liste d'attente (position {position})", "refused": "refusée",
           "cancelled": "annulée", "cancel_refused": "annulation refusée"},
    "en": {"accepted": "accepted", "pending": "awaiting approval",
           "waiting_list": "waiting list (position {position})", "refused": "refused",
           "cancelled": "cancelled", "cancel_refused": "cancellation refused"},
}
# Why a line was refused: the `reason` codes of reservations' `book` (booking/domain.py).
REFUSAL_REASONS_FR = {
    "invalid_unit": "cette unité n'existe pas pour l'activité",
    "not_enrolled": "l'enfant n'est pas inscrit à l'activité",
    "age_out_of_range": "l'âge de l'enfant ne correspond pas à l'activité",
    "closed": "l'activité n'est pas ouverte ce jour-là",
    "window_closed": "les réservations ne sont pas ouvertes pour cette date",
    "deadline_passed": "le délai pour réserver ou annuler est dépassé",
    "account_in_debt": "un impayé bloque les réservations, contactez le service",
    "invalid_unit_combination": "cette combinaison d'unités n'est pas possible sur une journée",
    "not_booked": "il n'y avait pas de réservation à annuler",
    "closure": "le jour a été fermé",
}
REFUSAL_REASONS_EN = {
    "invalid_unit": "this unit does not exist for the activity",
    "not_enrolled": "the child is not enrolled in the activity",
    "age_out_of_range": "the child's age does not match the activity",
    "closed": "the activity is not open on that day",
    "window_closed": "bookings are not open for that date",
    "deadline_passed": "the deadline to book or cancel has passed",
    "account_in_debt": "an unpaid balance blocks bookings, please contact the service",
    "invalid_unit_combination": "this combination of units is not possible on one day",
    "not_booked": "there was no booking to cancel",
    "closure": "the day was closed",
}
REFUSAL_REASONS = {"fr": REFUSAL_REASONS_FR, "en": REFUSAL_REASONS_EN}
YOUR_CHILD = {"fr": "votre enfant", "en": "your child"}


def line_outcome(line: dict, locale: str) -> str:
    """`refusée (<why>)`, `liste d'attente (position 2)`… in the email's language."""
    words = LINE_OUTCOMES[locale]
    if line["status"] == "refused":
        outcome = words["cancel_refused" if line["action"] == "cancel" else "refused"]
        reason = line.get("reason")
        return f"{outcome} ({REFUSAL_REASONS[locale].get(reason, reason)})" if reason else outcome
    return words.get(line["status"], line["status"]).format(position=line.get("waiting_position"))


def booking_request_context(request: dict, contact: dict | None, child: dict | None, public_url: str,
                            locale: str = "fr") -> dict:
    """The lines grouped by day (days in order, each day's lines in the request's order)."""
    days: dict = {}
    for line in request["lines"]:
        days.setdefault(line["date"], []).append({
            "activity_name": line["activity_name"], "unit_label": line.get("unit_label") or line["unit"],
            "outcome": line_outcome(line, locale)})
    first_name = request.get("child_first_name") or (child["first_name"] if child else None)
    return {
        "display_name": addressee(contact, locale),
        "child_first_name": first_name or YOUR_CHILD[locale],
        "days": [{"date": day, "lines": days[day]} for day in sorted(days)],
        "public_url": public_url,
    }


PAYMENT_METHODS = {
    "fr": {"card": "carte bancaire", "cheque": "chèque", "cash": "espèces", "cesu": "CESU",
           "direct_debit": "prélèvement", "transfer": "virement"},
    "en": {"card": "bank card", "cheque": "cheque", "cash": "cash", "cesu": "CESU",
           "direct_debit": "direct debit", "transfer": "bank transfer"},
}


def money(cents: int, locale: str) -> str:
    return format_cents(cents, locale=BABEL_LOCALES[locale])


def invoice_context(invoice: dict, contact: dict | None, public_url: str, locale: str = "fr") -> dict:
    return {
        "display_name": addressee(contact, locale),
        "number": invoice["number"],
        "regie": invoice["regie"],
        "period_start": invoice["period_start"],
        "period_end": invoice["period_end"],
        "due_on": invoice["due_on"],
        "total": money(invoice["total_cents"], locale),
        "link": f"{public_url}/invoices",
    }


def receipt_context(payment: dict, contact: dict | None, public_url: str, locale: str = "fr") -> dict:
    return {
        "display_name": addressee(contact, locale),
        "amount": money(payment["amount_cents"], locale),
        "method": PAYMENT_METHODS[locale].get(payment["method"], payment["method"]),
        "received_on": payment["received_on"],
        "reference": str(payment["payment_id"]),
        "public_url": public_url,
    }
