"""SQL of the notification settings, and of the SMS consent kept in the contact read model."""
from __future__ import annotations

DEFAULTS = {"locale": "fr", "daily_report": True, "extra_invoice_emails": []}


def settings(conn, family_id) -> dict:
    """The family's settings, the defaults for a family that never changed them."""
    row = conn.execute("SELECT locale, daily_report, extra_invoice_emails FROM notification_settings "
                       "WHERE family_id = %s", (family_id,)).fetchone()
    return dict(row) if row else dict(DEFAULTS)


def locale(conn, family_id) -> str:
    """The language the family's emails are written in."""
    if family_id is None:
        return DEFAULTS["locale"]
    row = conn.execute("SELECT locale FROM notification_settings WHERE family_id = %s", (family_id,)).fetchone()
    return row["locale"] if row else DEFAULTS["locale"]


def save(conn, family_id, changes: dict) -> None:
    """Change the settings named in `changes`; the others keep their value (or default)."""
    params = {"family_id": family_id, **{name: None for name in DEFAULTS}, **changes}
    conn.execute(
        "INSERT INTO notification_settings (family_id, locale, daily_report, extra_invoice_emails) "
        "VALUES (%(family_id)s, coalesce(%(locale)s, 'fr'), coalesce(%(daily_report)s::boolean, true), "
        "coalesce(%(extra_invoice_emails)s::text[], '{}')) "
        "ON CONFLICT (family_id) DO UPDATE SET "
        "locale = coalesce(%(locale)s, notification_settings.locale), "
        "daily_report = coalesce(%(daily_report)s::boolean, notification_settings.daily_report), "
        "extra_invoice_emails = coalesce(%(extra_invoice_emails)s::text[], "
        "notification_settings.extra_invoice_emails), "
        "updated_at = now()",
        params,
    )


def set_consent_sms(conn, family_id, consent_sms: bool) -> None:
    conn.execute("UPDATE contacts SET consent_sms = %s WHERE family_id = %s", (consent_sms, family_id))


def anonymise(conn, family_id) -> None:
    """The extra addresses identified people: they go with the family's other contacts."""
    conn.execute("UPDATE notification_settings SET extra_invoice_emails = '{}', updated_at = now() "
                 "WHERE family_id = %s", (family_id,))
