"""The RPCs behind the API and the web pages alike: one place that knows which service answers what."""
from __future__ import annotations

import calendar
import logging
from datetime import date

from flask import current_app
from flask_babel import gettext as _
from nameko.exceptions import MethodNotFound

from gateway import invalidation, sessions
from gateway.cache import ALL
from gateway.errors import error
from gateway.rpc import ServiceUnavailable
from services.chassis import clock

log = logging.getLogger(__name__)


def rpc():
    return current_app.extensions["portail.rpc"]


def today() -> date:
    return clock.from_environment().today()


def month_bounds(month: str | None = None) -> tuple[str, str]:
    """`2026-03` → ("2026-03-01", "2026-03-31"); the current month when None."""
    first = date.fromisoformat(f"{month}-01") if month else today().replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first.isoformat(), last.isoformat()


def days_between(date_from: str, date_to: str) -> int:
    return (date.fromisoformat(date_to) - date.fromisoformat(date_from)).days


def family_id_of(caller: dict, requested: str | None = None) -> str:
    """The family a request is about: the parent's own; staff name it. No family → 404."""
    family_id = requested if requested and caller["role"] != "parent" else caller.get("family_id")
    if not family_id:
        raise error("not_found", _("Élément introuvable."), 404, {"resource": "family"})
    return family_id


# accounts
def login(login_name: str, password: str, ip: str, user_agent: str) -> dict:
    return rpc().call("accounts", "login", login_name, password, ip, user_agent)


def resolve_session(token: str) -> dict | None:
    return rpc().call("accounts", "resolve_session", token)


def logout(token: str) -> None:
    rpc().call("accounts", "logout", token)
    invalidation.announce(sessions.session_tag(token))


def change_password(caller: dict, current_password: str, new_password: str, session_token: str) -> None:
    """The other sessions of the user are revoked; the one making the change stays open."""
    rpc().call("accounts", "change_password", caller, current_password, new_password, session_token)
    invalidation.announce(sessions.user_tag(caller["user_id"]))


def me(caller: dict) -> dict:
    return rpc().call("accounts", "get_me", caller)


def family(caller: dict, family_id: str | None = None) -> dict:
    return rpc().call("accounts", "get_family", caller, family_id_of(caller, family_id))


def create_family(caller: dict, payload: dict) -> dict:
    return rpc().call("accounts", "create_family", caller, payload)


def logins(caller: dict) -> list:
    return rpc().call("accounts", "list_logins", caller)


def request_password_reset(email: str, ip: str) -> None:
    rpc().call("accounts", "request_password_reset", email, ip)


def reset_password(token: str, new_password: str) -> None:
    rpc().call("accounts", "reset_password", token, new_password)
    invalidation.announce(ALL)  # every session of a user the gateway cannot name


def activate_account(token: str, password: str) -> dict:
    return rpc().call("accounts", "activate_account", token, password)


def request_email_change(caller: dict, password: str, new_email: str, new_email_confirm: str) -> None:
    rpc().call("accounts", "request_email_change", caller, password, new_email, new_email_confirm)


def confirm_email_change(token: str) -> None:
    rpc().call("accounts", "confirm_email_change", token)


def create_staff_user(caller: dict, payload: dict) -> dict:
    return rpc().call("accounts", "create_staff_user", caller, payload)


def resend_activation(caller: dict, user_id: str) -> dict:
    return rpc().call("accounts", "resend_activation", caller, user_id)


def update_family(caller: dict, changes: dict, family_id: str | None = None) -> dict:
    return rpc().call("accounts", "update_family", caller, family_id_of(caller, family_id), changes)


def search_families(caller: dict, query: str) -> list:
    return rpc().call("accounts", "search_families", caller, query)


def create_change_request(caller: dict, payload: dict) -> dict:
    return rpc().call("accounts", "create_change_request", caller, payload)


def change_requests(caller: dict, family_id: str | None = None, status: str | None = None) -> list:
    """A parent's own requests; staff name a family or get every request (of a status)."""
    if caller["role"] == "parent":
        family_id = family_id_of(caller)
    return rpc().call("accounts", "list_change_requests", caller, family_id=family_id, status=status)


def decide_change_request(caller: dict, request_id: str, decision: str, reason: str | None) -> dict:
    return rpc().call("accounts", "decide_change_request", caller, request_id, decision, reason)


def import_families(caller: dict, csv_text: str) -> dict:
    return rpc().call("accounts", "import_families", caller, csv_text)


def export_family(caller: dict, family_id: str | None = None) -> dict:
    return rpc().call("accounts", "export_family", caller, family_id_of(caller, family_id))


def anonymise_family(caller: dict, family_id: str) -> dict:
    anonymised = rpc().call("accounts", "anonymise_family", caller, family_id)
    invalidation.announce(ALL)  # the family's sessions are revoked
    return anonymised


def document_types(caller: dict) -> list:
    return rpc().call("accounts", "list_document_types", caller)


def documents(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("accounts", "list_documents", caller, family_id_of(caller, family_id))


def upload_document(caller: dict, payload: dict, family_id: str | None = None) -> dict:
    return rpc().call("accounts", "upload_document", caller, family_id_of(caller, family_id), payload)


def document_file(caller: dict, document_id: str) -> dict:
    return rpc().call("accounts", "get_document_file", caller, document_id)


def decide_document(caller: dict, document_id: str, decision: str, reason: str | None,
                    valid_until: str | None) -> dict:
    return rpc().call("accounts", "decide_document", caller, document_id, decision, reason, valid_until)


def pending_documents(caller: dict) -> list:
    return rpc().call("accounts", "list_pending_documents", caller)


# reservations
def activities(caller: dict, child_id: str) -> list:
    return rpc().call("reservations", "list_activities", caller, child_id)


def planning(caller: dict, child_id: str, date_from: str, date_to: str, family_id: str | None = None) -> dict:
    """The child's days, priced from billing's tariffs where reservations knows no price (outings only).

    Staff name the family whose prices apply (`family_id`) unless the planning says it; without a family,
    or when billing does not answer in time, the prices stay null and the planning still answers."""
    found = rpc().call("reservations", "get_planning", caller, child_id, date_from, date_to)
    unpriced = [day for day in found["days"] if day.get("price_cents") is None and day["state"] not in UNPRICED]
    family_id = caller.get("family_id") if caller["role"] == "parent" else found.get("family_id") or family_id
    if not unpriced or not family_id:
        return found
    activity_ids = sorted({day["activity_id"] for day in unpriced})
    try:
        grid = rpc().bounded(current_app.config.get("PRICE_GRID_TIMEOUT", 2.0)).call(
            "billing", "price_grid", caller, family_id, activity_ids, date_from, date_to)
    except (ServiceUnavailable, MethodNotFound) as exc:
        log.warning("planning without prices: %r", exc)
        return found
    for day in unpriced:
        day["price_cents"] = price_on(grid.get(day["activity_id"], {}).get(day["unit"], []), day["date"])
    return found


# A closed day or a public holiday cannot be booked: it has no price.
UNPRICED = frozenset({"closed", "holiday"})


def price_on(tariffs: list, day: str) -> int | None:
    """The amount of the tariff with the newest `valid_from` on or before `day` (ISO dates sort as text;
    a tariff without `valid_from` has always applied)."""
    applicable = [tariff for tariff in tariffs if (tariff.get("valid_from") or "") <= day]
    newest = max(applicable, key=lambda tariff: tariff.get("valid_from") or "", default=None)
    return newest["amount_cents"] if newest else None


def book(caller: dict, child_id: str, changes: list, idempotency_key: str) -> dict:
    return rpc().call("reservations", "book", caller, child_id, changes, idempotency_key)


def bookings(caller: dict, family_id: str | None = None, **filters) -> list:
    return rpc().call("reservations", "list_bookings", caller, family_id_of(caller, family_id), **filters)


def create_structure(caller: dict, payload: dict) -> dict:
    return rpc().call("reservations", "create_structure", caller, payload)


def create_activity(caller: dict, payload: dict) -> dict:
    return rpc().call("reservations", "create_activity", caller, payload)


def open_days(caller: dict, activity_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "open_days", caller, activity_id, payload)


def structures(caller: dict) -> list:
    return rpc().call("reservations", "list_structures", caller)


def activity(caller: dict, activity_id: str) -> dict:
    return rpc().call("reservations", "get_activity", caller, activity_id)


def offer(caller: dict, structure_id: str | None = None) -> list:
    return rpc().call("reservations", "list_offer", caller, structure_id)


def update_activity(caller: dict, activity_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "update_activity", caller, activity_id, payload)


def open_period(caller: dict, activity_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "open_period", caller, activity_id, payload)


def close_days(caller: dict, activity_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "close_days", caller, activity_id, payload)


def reopen_day(caller: dict, activity_id: str, day: str) -> dict:
    return rpc().call("reservations", "reopen_day", caller, activity_id, day)


def opening_days(caller: dict, activity_id: str, date_from: str, date_to: str) -> list:
    return rpc().call("reservations", "list_days", caller, activity_id, date_from, date_to)


def set_windows(caller: dict, activity_id: str, payload: dict) -> list:
    return rpc().call("reservations", "set_windows", caller, activity_id, payload)


def add_outing(caller: dict, activity_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "add_outing", caller, activity_id, payload)


def request_enrolment(caller: dict, payload: dict) -> dict:
    return rpc().call("reservations", "request_enrolment", caller, payload)


def decide_enrolment(caller: dict, enrolment_id: str, decision: str, reason: str | None) -> dict:
    return rpc().call("reservations", "decide_enrolment", caller, enrolment_id, decision, reason)


def cancel_enrolment(caller: dict, enrolment_id: str) -> dict:
    return rpc().call("reservations", "cancel_enrolment", caller, enrolment_id)


def enrolments(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("reservations", "list_enrolments", caller, family_id_of(caller, family_id))


def pending_enrolments(caller: dict, structure_id: str | None = None) -> list:
    return rpc().call("reservations", "list_pending_enrolments", caller, structure_id)


def booking_history(caller: dict, family_id: str | None = None, child_id: str | None = None) -> list:
    return rpc().call("reservations", "booking_history", caller, family_id_of(caller, family_id), child_id)


def pending_bookings(caller: dict, structure_id: str | None = None, day: str | None = None) -> list:
    return rpc().call("reservations", "list_pending_bookings", caller, structure_id, day)


def decide_booking(caller: dict, booking_id: str, decision: str, reason: str | None) -> dict:
    return rpc().call("reservations", "decide_booking", caller, booking_id, decision, reason)


def waiting_lists(caller: dict, activity_id: str, day: str) -> list:
    return rpc().call("reservations", "list_waiting", caller, activity_id, day)


def roll_call(caller: dict, activity_id: str, day: str) -> list:
    return rpc().call("reservations", "roll_call", caller, activity_id, day)


def record_attendance(caller: dict, activity_id: str, day: str, payload: dict) -> list:
    return rpc().call("reservations", "record_attendance", caller, activity_id, day, payload)


def create_contract(caller: dict, payload: dict) -> dict:
    return rpc().call("reservations", "create_contract", caller, payload)


def contracts(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("reservations", "list_contracts", caller, family_id_of(caller, family_id))


def record_extra_hours(caller: dict, contract_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "record_extra_hours", caller, contract_id, payload)


def declare_absence(caller: dict, contract_id: str, payload: dict) -> dict:
    return rpc().call("reservations", "declare_absence", caller, contract_id, payload)


def create_calendar_feed(caller: dict, child_id: str) -> dict:
    return rpc().call("reservations", "create_calendar_feed", caller, child_id)


def revoke_calendar_feeds(caller: dict, child_id: str) -> dict:
    return rpc().call("reservations", "revoke_calendar_feeds", caller, child_id)


def calendar_feed(token: str) -> dict:
    return rpc().call("reservations", "calendar_feed", token)


# billing
def account(caller: dict, family_id: str | None = None) -> dict:
    return rpc().call("billing", "get_account", caller, family_id_of(caller, family_id))


def consumptions(caller: dict, month: str, family_id: str | None = None) -> dict:
    return rpc().call("billing", "list_consumptions", caller, family_id_of(caller, family_id), month)


def create_regie(caller: dict, payload: dict) -> dict:
    return rpc().call("billing", "create_regie", caller, payload)


def set_tariff(caller: dict, payload: dict) -> dict:
    return rpc().call("billing", "set_tariff", caller, payload)


def price_grid(caller: dict, family_id: str, activity_ids: list, date_from: str, date_to: str) -> dict:
    """{activity_id: {unit: [{valid_from, amount_cents}]}}: the family's prices (billing owns tariffs)."""
    return rpc().call("billing", "price_grid", caller, family_id, activity_ids, date_from, date_to)


# gathered
# billing — tariffs (issue 5)
def regies(caller: dict) -> list:
    return rpc().call("billing", "list_regies", caller)


def update_regie(caller: dict, regie_id: str, changes: dict) -> dict:
    return rpc().call("billing", "update_regie", caller, regie_id, changes)


def tariffs(caller: dict, regie_id: str | None = None, activity_id: str | None = None) -> list:
    return rpc().call("billing", "list_tariffs", caller, regie_id, activity_id)


def update_tariff(caller: dict, tariff_id: str, changes: dict) -> dict:
    return rpc().call("billing", "update_tariff", caller, tariff_id, changes)


def pricing_rules(caller: dict) -> list:
    return rpc().call("billing", "list_pricing_rules", caller)


# billing — invoicing (issue 5)
def invoices(caller: dict, status: str | None = None, family_id: str | None = None) -> list:
    return rpc().call("billing", "list_invoices", caller, family_id_of(caller, family_id), status)


def invoice(caller: dict, invoice_id) -> dict:
    return rpc().call("billing", "get_invoice", caller, str(invoice_id))


def invoice_pdf(caller: dict, invoice_id) -> dict:
    return rpc().call("billing", "invoice_pdf", caller, str(invoice_id))


def start_invoicing_run(caller: dict, payload: dict) -> dict:
    return rpc().call("billing", "start_invoicing_run", caller, payload)


def resume_invoicing_run(caller: dict, run_id) -> dict:
    return rpc().call("billing", "resume_invoicing_run", caller, str(run_id))


def invoicing_run(caller: dict, run_id) -> dict:
    return rpc().call("billing", "get_invoicing_run", caller, str(run_id))


def invoicing_runs(caller: dict, regie_id: str | None = None) -> list:
    return rpc().call("billing", "list_invoicing_runs", caller, regie_id)


def issue_credit_note(caller: dict, invoice_id, payload: dict) -> dict:
    return rpc().call("billing", "issue_credit_note", caller, str(invoice_id), payload)


# billing — payments and wallets (issue 5)
def payments(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("billing", "list_payments", caller, family_id_of(caller, family_id))


def start_online_payment(caller: dict, payload: dict, family_id: str | None = None) -> dict:
    return rpc().call("billing", "start_online_payment", caller, family_id_of(caller, family_id), payload)


def payment_options(caller: dict, family_id: str | None = None) -> dict:
    """`{invoices: [unpaid], regies: [{regie_id, regie, due_cents, minimum_payment_cents, prepaid}]}`."""
    return rpc().call("billing", "payment_options", caller, family_id_of(caller, family_id))


def online_payment(caller: dict, online_payment_id: str) -> dict:
    return rpc().call("billing", "get_online_payment", caller, online_payment_id)


def payment_notification(provider: str, body: str, headers: dict) -> dict:
    """What a payment provider posted (no caller: the bank); billing verifies it."""
    return rpc().call("billing", "payment_notification", provider, body, headers)


def wallets(caller: dict, until: str | None = None, family_id: str | None = None) -> list:
    return rpc().call("billing", "list_wallets", caller, family_id_of(caller, family_id), until)


def record_payment(caller: dict, payload: dict) -> dict:
    return rpc().call("billing", "record_payment", caller, payload)


def mismatched_payments(caller: dict) -> list:
    return rpc().call("billing", "list_mismatched_payments", caller)


# billing — account, statement and attestations (issue 5)
def school_year_of(day: date) -> str:
    """The school year (1 September – 31 August) a day falls in: `2025-2026`."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}-{first + 1}"


def statement(caller: dict, school_year: str, family_id: str | None = None) -> dict:
    return rpc().call("billing", "statement", caller, family_id_of(caller, family_id), school_year)


def consumption_months(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("billing", "consumption_months", caller, family_id_of(caller, family_id))


def attestations(caller: dict, family_id: str | None = None) -> list:
    return rpc().call("billing", "list_attestations", caller, family_id_of(caller, family_id))


def attestation_pdf(caller: dict, year: int, family_id: str | None = None) -> dict:
    return rpc().call("billing", "attestation_pdf", caller, family_id_of(caller, family_id), year)


# notifications — messages (issue 6)
UNREAD_TIMEOUT = 2  # the nav's count must not hold a page when notifications is slow


def message_structures(caller: dict) -> list:
    """The structures a message may go to, `[{id, name}]` by name: a staff user's own; for a parent,
    those of the activities offered to the family's children (reservations lists structures to staff
    only, and offers every child the same activities)."""
    if caller["role"] != "parent":
        return [{"id": s["id"], "name": s["name"]} for s in structures(caller)]
    found = {}
    for child in family(caller)["children"][:1]:
        for offered in activities(caller, child["id"]):
            found[offered["structure"]["id"]] = offered["structure"]["name"]
    return sorted(({"id": key, "name": name} for key, name in found.items()), key=lambda s: s["name"])


def _addressed(caller: dict, payload: dict) -> dict:
    """A new thread's payload with its structure's name, from the structures the caller may write to;
    a parent writes for their own family (another family's id is notifications' 404)."""
    names = {s["id"]: s["name"] for s in message_structures(caller)}
    structure_id = payload.get("structure_id")
    if not isinstance(structure_id, str) or structure_id not in names:
        raise error("invalid_input", _("Certaines données sont invalides."), 422,
                    {"fields": {"structure_id": [_("Choisissez une structure de la liste.")]}})
    addressed = {**payload, "structure_name": names[structure_id]}
    if caller["role"] == "parent":
        addressed.setdefault("family_id", family_id_of(caller))
    return addressed


def messages(caller: dict, box: str) -> list:
    return rpc().call("notifications", "list_messages", caller, family_id_of(caller), box)


def structure_messages(caller: dict, structure_id: str | None, box: str) -> list:
    return rpc().call("notifications", "list_structure_messages", caller, structure_id, box)


def message_thread(caller: dict, thread_id: str) -> dict:
    thread = rpc().call("notifications", "get_thread", caller, thread_id)
    invalidation.caller_changed(caller)  # what the caller had received is read now: the unread count changed
    return thread


def send_message(caller: dict, payload: dict) -> dict:
    return rpc().call("notifications", "send_message", caller, _addressed(caller, payload))


def reply_message(caller: dict, thread_id: str, payload: dict) -> dict:
    return rpc().call("notifications", "reply_message", caller, thread_id, payload)


def trash_message(caller: dict, thread_id: str) -> dict:
    return rpc().call("notifications", "trash_thread", caller, thread_id)


def restore_message(caller: dict, thread_id: str) -> dict:
    return rpc().call("notifications", "restore_thread", caller, thread_id)


def unread_messages(caller: dict) -> int:
    family_id = caller.get("family_id") if caller["role"] == "parent" else None
    return rpc().call("notifications", "unread_count", caller, family_id, timeout=UNREAD_TIMEOUT)


# notifications — news, forms and contact (issue 6)
def family_activity_ids(caller: dict | None) -> list:
    """The activities a logged-in parent's children are enrolled in (for the news of those
    activities); none for a visitor, staff, or when reservations does not answer (public news still
    show)."""
    if not caller or caller["role"] != "parent" or not caller.get("family_id"):
        return []
    from services.chassis.errors import ServiceError  # local: this section's only use of it
    try:
        enrolled = enrolments(caller)
    except (ServiceUnavailable, ServiceError):
        log.warning("news without the family's activities: reservations did not answer")
        return []
    return accepted_activity_ids(enrolled)


def accepted_activity_ids(enrolled: list) -> list:
    """The activities of a family's accepted enrolments: their news are the family's too."""
    return sorted({e["activity_id"] for e in enrolled if e["status"] == "accepted"})


def news(caller: dict | None, limit: int = 50) -> list:
    return rpc().call("notifications", "list_news", family_activity_ids(caller), limit)


def staff_news(caller: dict) -> list:
    return rpc().call("notifications", "staff_list_news", caller)


def create_news(caller: dict, payload: dict) -> dict:
    """An activity's news belongs to the activity's structure, as reservations says."""
    if payload.get("activity_id"):
        found = activity(caller, str(payload["activity_id"]))
        payload = {**payload, "structure_id": found["structure"]["id"], "activity_name": found["name"]}
    return rpc().call("notifications", "create_news", caller, payload)


def update_news(caller: dict, news_id: str, payload: dict) -> dict:
    return rpc().call("notifications", "update_news", caller, news_id, payload)


def delete_news(caller: dict, news_id: str) -> None:
    rpc().call("notifications", "delete_news", caller, news_id)


def forms(caller: dict | None = None) -> list:
    return rpc().call("notifications", "list_forms")


def form_file(form_id: str, caller: dict | None = None) -> dict:
    return rpc().call("notifications", "get_form_file", form_id, caller)


def staff_forms(caller: dict) -> list:
    return rpc().call("notifications", "staff_list_forms", caller)


def create_form(caller: dict, payload: dict) -> dict:
    return rpc().call("notifications", "create_form", caller, payload)


def update_form(caller: dict, form_id: str, payload: dict) -> dict:
    return rpc().call("notifications", "update_form", caller, form_id, payload)


def replace_form_file(caller: dict, form_id: str, payload: dict) -> dict:
    return rpc().call("notifications", "replace_form_file", caller, form_id, payload)


def delete_form(caller: dict, form_id: str) -> None:
    rpc().call("notifications", "delete_form", caller, form_id)


def contact_structures() -> list:
    return rpc().call("notifications", "list_contact_structures")


def staff_contact_structures(caller: dict) -> list:
    return rpc().call("notifications", "staff_list_contact_structures", caller)


def set_structure_contact(caller: dict, structure_id: str, payload: dict) -> dict:
    return rpc().call("notifications", "set_structure_contact", caller, structure_id, payload)


def submit_contact(caller: dict | None, payload: dict) -> dict:
    """A logged-in parent's request becomes a message thread to the structure (their inbox keeps the
    answer); a visitor's is recorded for the structure's staff and emailed to its address.
    → `{id, emailed, thread_id}`."""
    if caller and caller["role"] == "parent" and caller.get("family_id"):
        names = {s["id"]: s["name"] for s in contact_structures()}
        structure_id = str(payload.get("structure_id") or "")
        if structure_id not in names:
            raise error("not_found", _("Élément introuvable."), 404, {"resource": "structure"})
        # Named from the contact form's structures (any of them, not only those of the family's activities).
        thread = rpc().call("notifications", "send_message", caller, {
            "family_id": caller["family_id"], "structure_id": structure_id, "structure_name": names[structure_id],
            "subject": payload.get("subject"), "body": payload.get("message")})
        return {"id": thread["id"], "emailed": False, "thread_id": thread["id"]}
    return {**rpc().call("notifications", "submit_contact", payload, caller), "thread_id": None}


def contact_requests(caller: dict) -> list:
    return rpc().call("notifications", "list_contact_requests", caller)


def dashboard(caller: dict) -> dict:
    return current_app.extensions["portail.dashboard"].gather(rpc(), caller)


# notifications — settings (issue 6)
CONSENTS = ("consent_email", "consent_sms")


def notification_settings(caller: dict, family_id: str | None = None) -> dict:
    return rpc().call("notifications", "get_notification_settings", caller, family_id_of(caller, family_id))


def update_notification_settings(caller: dict, changes: dict, family_id: str | None = None) -> dict:
    """The consents belong to accounts (every guardian's, changed as `update_family` lets parents), the
    rest to notifications, which checks and saves first: a refused setting leaves the consents as they
    were. The answer carries the consents accounts now holds (notifications learns them by event)."""
    family_id = family_id_of(caller, family_id)
    consents = {name: value for name, value in changes.items() if name in CONSENTS}
    others = {name: value for name, value in changes.items() if name not in CONSENTS}
    settings = rpc().call("notifications", "update_notification_settings", caller, others, family_id)
    if consents:
        guardians = family(caller, family_id)["guardians"]
        updated = update_family(caller, {"guardians": [{"id": g["id"], **consents} for g in guardians]}, family_id)
        first = updated["guardians"][0]
        settings = {**settings, **{name: first[name] for name in CONSENTS}}
    return settings


# Webhooks (admin) ---------------------------------------------------------------------------------

def webhooks(caller: dict) -> list:
    return rpc().call("notifications", "list_webhooks", caller)


def create_webhook(caller: dict, payload: dict) -> dict:
    return rpc().call("notifications", "create_webhook", caller, payload)


def delete_webhook(caller: dict, webhook_id: str) -> None:
    rpc().call("notifications", "delete_webhook", caller, webhook_id)
