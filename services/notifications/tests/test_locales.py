"""Emails in French and English (issue 6): every kind has both, with the same context keys; dates and
amounts are written in the email's language; a family that chose English gets English."""
from datetime import date
from importlib import resources

import pytest
from jinja2 import Environment, meta

from services.notifications.rendering import LOCALES, kinds, long_date, render, render_sms, short_date
from services.notifications.tests.conftest import PUBLIC_URL, booking_event
from services.notifications.tests.mail import text_of
from services.notifications.tests.test_billing_emails import invoice, payment
from services.notifications.tests.test_settings import created, parent_of
from services.notifications.tests.test_service import booking

PARTS = ("subject.txt", "body.txt", "body.html")
LINK = {"display_name": "Claire Martin", "login": "claire.martin@example.org", "link": f"{PUBLIC_URL}/x?token=t"}
# One context per kind, as the service builds it (a test fails until a new kind has one here).
CONTEXTS = {
    "account_activation": LINK, "password_reset": LINK, "email_change": LINK,
    "welcome": {"display_name": "Famille Martin", "login": "claire", "public_url": PUBLIC_URL, "password_set": True},
    "booking_accepted": {"child_first_name": "Léa", "public_url": PUBLIC_URL, "bookings": [
        {"activity_name": "Accueil du soir", "date": date(2026, 12, 9), "unit_label": "Soir"}]},
    "change_request_decided": {"display_name": "Famille Martin", "accepted": False, "target_label": "x",
                               "reason": "Pièce manquante", "public_url": PUBLIC_URL},
    "contact_request": {"structure_name": "ALSH", "name": "Claire", "email": "c@example.org", "from_family": True,
                        "subject": "Sortie", "message": "Une question"},
    "document_decided": {"display_name": "Famille Martin", "validated": True, "label": "Vaccins",
                         "child_first_name": "Léa", "reason": None, "public_url": PUBLIC_URL},
    "invoice_issued": {"display_name": "Famille Martin", "number": "ALSH-1", "regie": "Régie",
                       "period_start": date(2026, 10, 1), "period_end": date(2026, 10, 31),
                       "due_on": date(2026, 12, 2), "total": "42,50 €", "link": f"{PUBLIC_URL}/invoices"},
    "message_received": {"structure_name": "ALSH", "subject": "Sortie", "thread_url": f"{PUBLIC_URL}/messages/1"},
    "payment_receipt": {"display_name": "Famille Martin", "amount": "36,00 €", "method": "chèque",
                        "received_on": date(2026, 11, 20), "reference": "abc", "public_url": PUBLIC_URL},
    "daily_report": {"display_name": "Famille Martin", "report_date": date(2026, 12, 9), "public_url": PUBLIC_URL,
                     "sections": [{"structure_name": "ALSH", "received": ["Demande reçue"],
                                   "outcomes": ["Réservation acceptée"]}]},
}
CONTEXTS["booking_promoted"] = CONTEXTS["booking_accepted"]
CONTEXTS["booking_request_processed"] = {
    "display_name": "Famille Martin", "child_first_name": "Léa", "public_url": PUBLIC_URL,
    "days": [{"date": date(2026, 12, 9), "lines": [{"activity_name": "ALSH", "unit_label": "Matin",
                                                    "outcome": "acceptée"}]}]}


def template_keys(locale: str, *path: str) -> set[str]:
    root = resources.files("services.notifications") / "templates"
    source = ((root / "en") if locale == "en" else root).joinpath(*path).read_text(encoding="utf-8")
    environment = Environment()
    environment.filters.update(long_date=long_date, short_date=short_date)
    return meta.find_undeclared_variables(environment.parse(source))


@pytest.mark.parametrize("kind", kinds())
def test_every_kind_has_english_templates_reading_the_same_context_keys(kind):
    for part in PARTS:
        assert template_keys("en", kind, part) == template_keys("fr", kind, part), (kind, part)
    french, english = (render(kind, CONTEXTS[kind], locale) for locale in LOCALES)
    for rendered in (french, english):
        assert rendered.subject and rendered.text.strip() and "</p>" in rendered.html
    assert english.subject != french.subject and english.text != french.text
    assert "Bonjour" not in english.text + english.html and 'lang="en"' in english.html


# An event's bookings: the emails of one booking read as they always did, those of several list them.
SEVERAL = {**CONTEXTS["booking_accepted"], "bookings": [
    {"activity_name": "ALSH", "date": date(2026, 12, day), "unit_label": "Matin"} for day in (7, 8, 9)]}
FIRST_DAY = {"fr": "lundi 7 décembre 2026", "en": "Monday, 7 December 2026"}
LAST_DAY = {"fr": "mercredi 9 décembre 2026", "en": "Wednesday, 9 December 2026"}


@pytest.mark.parametrize("path", [("_bookings.txt",), ("_bookings.html",), ("booking_promoted", "sms.txt")])
def test_partials_and_texts_have_english_versions_reading_the_same_context_keys(path):
    assert template_keys("en", *path) == template_keys("fr", *path)


@pytest.mark.parametrize("kind", ["booking_accepted", "booking_promoted"])
@pytest.mark.parametrize("locale", LOCALES)
def test_an_email_of_several_bookings_counts_and_lists_them(kind, locale):
    one, several = (render(kind, context, locale) for context in (CONTEXTS[kind], SEVERAL))
    assert "Accueil du soir" in one.subject and "3 " in several.subject and FIRST_DAY[locale] in several.subject
    for body in (several.text, several.html):
        assert FIRST_DAY[locale] in body and LAST_DAY[locale] in body and body.count("ALSH") == 3
    assert several.html.count("<li>") == 3 and one.html.count("<li>") == 3  # activity, date, unit


def test_a_promotion_text_names_the_first_booking_and_counts_the_others():
    assert render_sms("booking_promoted", CONTEXTS["booking_promoted"]) == (
        "Portail Famille : une place s'est libérée. Léa est inscrit(e) à Accueil du soir le mer. 9 déc. (Soir). "
        f"Pas besoin ? Annulez sur {PUBLIC_URL}")
    assert render_sms("booking_promoted", SEVERAL, "en") == (
        f"Portail Famille: places are free. Léa is booked for ALSH on Mon 7 Dec (Matin) + 2 more. Not needed? "
        f"Cancel at {PUBLIC_URL}")


def test_dates_are_written_in_the_email_language():
    assert long_date("2026-12-09") == "mercredi 9 décembre 2026"
    assert long_date(date(2026, 12, 9), "en") == "Wednesday, 9 December 2026"
    english = render("booking_accepted", CONTEXTS["booking_accepted"], "en")
    assert english.subject == "Booking accepted: Accueil du soir, Wednesday, 9 December 2026"


def test_a_family_that_chose_english_gets_its_emails_in_english(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", created(family))  # welcome: French, the default
    api.update_notification_settings(parent_of(family), {"locale": "en"})
    handle(event=booking_event("booking.accepted", booking(family)))
    handle("billing", "invoice.issued", invoice(family))
    handle("billing", "payment.received", payment(family, method="cheque"))
    messages = {m["Subject"]: m for m in sink.wait_for(4)}

    assert "Bienvenue sur le Portail Famille" in messages
    assert "Booking accepted: Accueil du soir, Wednesday, 9 December 2026" in messages
    notice = messages["New invoice ALSH-000042: €42.50"]
    assert "To be paid by: Wednesday, 2 December 2026" in text_of(notice)
    assert "Hello Famille Martin" in text_of(notice)
    receipt = messages["Receipt for your payment of €36.00"]
    assert "Payment method: cheque" in text_of(receipt)


def test_link_emails_are_sent_in_the_language_asked_for(sink, api):
    sink.start()
    api.send_email("password_reset", "claire.martin@example.org", LINK, "en")
    [message] = sink.wait_for(1)
    assert message["Subject"] == "Resetting your password"
    assert LINK["link"] in text_of(message) and "valid for 1 hour" in text_of(message)


def test_link_emails_follow_the_familys_language_when_none_is_asked_for(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", created(family))
    api.update_notification_settings(parent_of(family), {"locale": "en"})
    api.send_email("password_reset", "claire.martin@example.org", LINK, family_id=family["family_id"])
    api.send_email("password_reset", "direction@example.org", LINK)  # staff: no family, French
    subjects = sorted(message["Subject"] for message in sink.wait_for(3))
    assert subjects == ["Bienvenue sur le Portail Famille", "Resetting your password",
                        "Réinitialisation de votre mot de passe"]
