"""Notification rules without I/O: retry schedule, what each email says."""
from __future__ import annotations

from services.chassis.money import format_cents

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

TARGET_LABELS = {
    "family": "votre dossier famille",
    "guardian": "les informations d'un responsable légal",
    "child": "les informations d'un enfant",
    "new_child": "l'ajout d'un enfant à votre dossier",
}
ERASED_BODY = "(Contenu effacé après l'envoi : ce message contenait un lien personnel.)"


def welcome_context(family: dict, public_url: str) -> dict:
    # Never a password here: the temporary one is handed over by the service in person, or the
    # family chooses its own through the activation email.
    return {"display_name": family["display_name"], "login": family["login"], "public_url": public_url,
            "password_set": family.get("password_set", True)}


def change_request_context(decision: dict, contact: dict | None, public_url: str) -> dict:
    return {
        "display_name": contact["display_name"] if contact else "Madame, Monsieur",
        "accepted": decision["status"] == "accepted",
        "target_label": TARGET_LABELS.get(decision.get("target"), "votre dossier"),
        "reason": decision.get("reason"),
        "public_url": public_url,
    }


def document_context(document: dict, validated: bool, contact: dict | None, child: dict | None,
                     public_url: str) -> dict:
    return {
        "display_name": contact["display_name"] if contact else "Madame, Monsieur",
        "validated": validated,
        "label": document["label"],
        "child_first_name": child["first_name"] if child else None,
        "reason": document.get("reason"),
        "public_url": public_url,
    }


def booking_context(booking: dict, child: dict | None, public_url: str) -> dict:
    return {
        "child_first_name": child["first_name"] if child else None,
        "activity_name": booking["activity_name"],
        "date": booking["date"],
        "unit_label": booking.get("unit_label") or booking["unit"],
        "public_url": public_url,
    }


PAYMENT_METHODS = {"card": "carte bancaire", "cheque": "chèque", "cash": "espèces", "cesu": "CESU",
                   "direct_debit": "prélèvement", "transfer": "virement"}


def invoice_context(invoice: dict, contact: dict | None, public_url: str) -> dict:
    return {
        "display_name": contact["display_name"] if contact else "Madame, Monsieur",
        "number": invoice["number"],
        "regie": invoice["regie"],
        "period_start": invoice["period_start"],
        "period_end": invoice["period_end"],
        "due_on": invoice["due_on"],
        "total": format_cents(invoice["total_cents"]),
        "link": f"{public_url}/invoices",
    }


def receipt_context(payment: dict, contact: dict | None, public_url: str) -> dict:
    return {
        "display_name": contact["display_name"] if contact else "Madame, Monsieur",
        "amount": format_cents(payment["amount_cents"]),
        "method": PAYMENT_METHODS.get(payment["method"], payment["method"]),
        "received_on": payment["received_on"],
        "reference": str(payment["payment_id"]),
        "public_url": public_url,
    }
