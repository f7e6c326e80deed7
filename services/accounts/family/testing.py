"""Helpers of the family file's tests (imported by tests only): a whole family file, a parent's
caller, and a stand-in for notifications' `send_email` that records what accounts asks it."""
from __future__ import annotations

import uuid

from nameko.rpc import rpc

IBAN = "FR76 3000 6000 0112 3456 7890 189"
IBAN_COMPACT = "FR7630006000011234567890189"
IBAN_MASKED = "FR76 **** **** **** **** **** 189"
ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin"}


def whole_family_payload(**overrides) -> dict:
    """Every field of the family file (one guardian, one child), with a temporary password."""
    payload = {
        "guardians": [{
            "civility": "Mme", "first_name": "Hélène", "last_name": "Lefèvre", "position": "mother",
            "email": "helene.lefevre@example.org", "mobile_phone": "06 11 22 33 44", "home_phone": "01 23 45 67 89",
            "work_phone": None, "address": {"line1": "3 rue des Écoles", "line2": None, "postcode": "69001",
                                            "city": "Lyon"},
            "profession": "Infirmière", "employer": "Hospices civils", "consent_email": True, "consent_sms": True,
        }],
        "children": [{
            "first_name": "Noé", "last_name": "Lefèvre", "birth_date": "2018-05-20", "sex": "M",
            "school": "École Jean Macé", "school_class": "CE1", "image_consent": True,
            "authorised_pickups": [{"name": "Jeanne Lefèvre", "relationship": "grand-mère", "phone": "0699887766"}],
            "health": {"allergies": "arachide", "diet": "sans porc", "pai": True, "pai_details": "stylo adrénaline",
                       "doctor_name": "Dr Martin", "doctor_phone": "0478000000", "vaccinations_up_to_date": True,
                       "notes": "asthme léger"},
        }],
        "caf_number": "1234567", "allowance_scheme": "caf", "quotient": 620, "quotient_valid_until": "2026-12-31",
        "iban": IBAN, "bank_account_holder": "Hélène Lefèvre", "login": "helene.lefevre",
        "temporary_password": "Bienvenue2025",
    }
    payload.update(overrides)
    return payload


def parent_caller(rpc_accounts, family: dict, password: str = "Bienvenue2025") -> dict:
    """The caller of the family's parent, logged in for real."""
    user = rpc_accounts.login(family["login"], password)["user"]
    return {"user_id": user["id"], "role": "parent", "family_id": family["id"]}


class NotificationsStandIn:
    """Answers `notifications.send_email` as the real service would, and remembers each call."""

    name = "notifications"
    sent: list = []

    @rpc
    def send_email(self, kind, to_address, context, locale=None, family_id=None):
        NotificationsStandIn.sent.append({"kind": kind, "to": to_address, "context": context,
                                          "family_id": family_id})
        return {"id": str(uuid.uuid4())}


def start_notifications_stand_in(container_factory, rabbit_config) -> list:
    """Start the stand-in of notifications; the list of emails accounts asks it to send."""
    NotificationsStandIn.sent = []
    container = container_factory(NotificationsStandIn, {**rabbit_config, "serializer": "json"})
    container.start()
    return NotificationsStandIn.sent
