"""The parent's page "Préférences de notification": the language of the emails, the daily report,
the email and SMS consents and up to three more addresses for the invoices."""
from __future__ import annotations

from flask import g, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l

from gateway import calls
from gateway.web import bp, done
from services.chassis.errors import ServiceError

LANGUAGES = {"fr": _l("Français"), "en": _l("Anglais (English)")}
EXTRA_INVOICE_EMAILS = 3


def changes_from(form) -> dict:
    """The whole form as settings: an unticked box is false, an empty address field is no address."""
    return {
        "locale": form.get("locale", ""),
        "daily_report": "daily_report" in form,
        "consent_email": "consent_email" in form,
        "consent_sms": "consent_sms" in form,
        "extra_invoice_emails": [value.strip() for value in form.getlist("extra_invoice_emails") if value.strip()],
    }


def messages_of(details) -> list[str]:
    """The field messages of a refusal, flattened (the addresses' are per position)."""
    if isinstance(details, dict):
        return [message for value in details.values() for message in messages_of(value)]
    if isinstance(details, list):
        return [message for value in details for message in messages_of(value)]
    return [str(details)]


def page(settings: dict, problems: list[str] | None = None, status: int = 200):
    emails = list(settings["extra_invoice_emails"])
    emails += [""] * (EXTRA_INVOICE_EMAILS - len(emails))
    return render_template("notification_settings.html", settings=settings, extra_emails=emails,
                           languages=LANGUAGES, problems=problems or []), status


@bp.get("/notification-settings")
def notification_settings():
    return page(calls.notification_settings(g.caller))


@bp.post("/notification-settings")
def save_notification_settings():
    changes = changes_from(request.form)
    try:
        calls.update_notification_settings(g.caller, changes)
    except ServiceError as exc:
        if exc.status != 422:
            raise
        return page({**changes, "extra_invoice_emails": changes["extra_invoice_emails"][:EXTRA_INVOICE_EMAILS]},
                    [exc.message, *messages_of(exc.details.get("fields", {}))], 422)
    return done(_("Vos préférences de notification sont enregistrées."), "web.notification_settings")
