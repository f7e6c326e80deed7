"""Notification settings RPCs: a parent reads and changes their own family's, staff any family's.

The consents are accounts' (the guardians' in the family file): they are read here from the contact
read model that `family.updated` feeds, and changed through accounts' `update_family`.
"""
from __future__ import annotations

from nameko.rpc import rpc

from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load
from services.notifications import storage as contacts
from services.notifications.settings import schemas, storage


def view(family_id: str, settings: dict, contact: dict) -> dict:
    return {"family_id": family_id, "locale": settings["locale"], "daily_report": settings["daily_report"],
            "extra_invoice_emails": list(settings["extra_invoice_emails"]),
            "consent_email": contact["consent_email"], "consent_sms": contact["consent_sms"]}


class SettingsRpc:
    """Mixin of NotificationsService."""

    @rpc
    def get_notification_settings(self, caller, family_id=None):
        """→ `{family_id, locale, daily_report, extra_invoice_emails, consent_email, consent_sms}`."""
        family_id = _family(caller, family_id)
        with self.db.transaction() as conn:
            contact = _known(conn, family_id)
            return view(family_id, storage.settings(conn, family_id), contact)

    @rpc
    def update_notification_settings(self, caller, changes, family_id=None):
        """`changes`: any of `locale`, `daily_report`, `extra_invoice_emails` → the settings as read."""
        family_id = _family(caller, family_id)
        data = load(schemas.SettingsChanges(), changes)
        with self.db.transaction() as conn:
            contact = _known(conn, family_id)
            storage.save(conn, family_id, data)
            return view(family_id, storage.settings(conn, family_id), contact)


def _family(caller, family_id) -> str:
    """The family asked for (a parent's own when none is named): another family's is a missing one."""
    caller = caller_from(caller)
    return caller.require_family(family_id or caller.family_id)


def _known(conn, family_id) -> dict:
    contact = contacts.contact(conn, family_id)
    if contact is None:  # no family of that id has been announced by accounts
        raise not_found("family")
    return contact
