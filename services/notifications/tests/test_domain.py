"""Notification rules and templates without I/O."""
from datetime import date

import pytest

from services.notifications import domain
from services.notifications.channels import EmailChannel, OutgoingMessage, load_channel
from services.notifications.rendering import long_date, render


@pytest.mark.parametrize("attempts, delay", [(1, 1), (2, 2), (3, 4), (9, 256), (10, 300), (10_000, 300)])
def test_retries_back_off_exponentially_up_to_five_minutes(attempts, delay):
    assert domain.retry_delay_seconds(attempts) == delay


@pytest.mark.parametrize("day, text", [
    (date(2026, 12, 9), "mercredi 9 décembre 2026"),
    ("2027-01-01", "vendredi 1 janvier 2027"),
])
def test_dates_are_written_in_french(day, text):
    assert long_date(day) == text


def test_consent_decides_only_for_a_known_contact():
    assert domain.may_email(None)
    assert domain.may_email({"consent_email": True})
    assert not domain.may_email({"consent_email": False})


def test_welcome_email_gives_the_login_and_says_where_the_password_comes_from():
    family = {"display_name": "Famille Martin", "login": "martin@example.org", "temporary_password": "Secret-2026!"}
    email = render("welcome", domain.welcome_context(family, "https://portail.example.fr"))
    assert email.subject == "Bienvenue sur le Portail Famille"
    for body in (email.text, email.html):
        assert "martin@example.org" in body and "https://portail.example.fr" in body
        assert "changer lors de votre première connexion" in body
        assert "Secret-2026!" not in body


def test_html_emails_escape_what_families_typed():
    email = render("welcome", domain.welcome_context(
        {"display_name": "<script>x</script>", "login": "a@b.fr"}, "https://portail.example.fr"))
    assert "<script>" not in email.html and "&lt;script&gt;" in email.html


def test_booking_email_falls_back_on_the_unit_code_and_a_generic_child():
    booking = {"activity_name": "Cantine", "date": date(2026, 12, 9), "unit": "repas", "unit_label": None}
    email = render("booking_accepted", domain.booking_context([booking], None, "https://portail.example.fr"))
    assert email.subject == "Réservation acceptée : Cantine, mercredi 9 décembre 2026"
    assert "votre enfant" in email.text and "Unité : repas" in email.text


def test_an_events_bookings_are_listed_in_the_order_of_their_dates():
    bookings = [{"activity_name": "Cantine", "date": date(2026, 12, day), "unit": "repas", "unit_label": label}
                for day, label in ((9, None), (7, "Repas"), (8, "Repas"))]
    context = domain.booking_context(bookings, {"first_name": "Léa"}, "https://portail.example.fr")
    assert [(b["date"].day, b["unit_label"]) for b in context["bookings"]] == [(7, "Repas"), (8, "Repas"), (9, "repas")]
    email = render("booking_accepted", context)
    assert email.subject == "3 réservations acceptées pour Léa, à partir du lundi 7 décembre 2026"
    assert "- mercredi 9 décembre 2026 : Cantine, repas" in email.text.splitlines()


def test_email_channel_is_a_plugin_building_text_with_an_html_alternative():
    channel = load_channel("email")
    assert isinstance(channel, EmailChannel)
    message = channel.build(OutgoingMessage(to="a@b.fr", subject="Réservation acceptée", text="Bonjour é",
                                            html="<p>Bonjour é</p>"))
    assert message.get_content_type() == "multipart/alternative"
    assert message.get_body(("plain",)).get_content().strip() == "Bonjour é"
    assert message.get_body(("html",)).get_content().strip() == "<p>Bonjour é</p>"
    assert message["From"] == "Portail Famille <ne-pas-repondre@portail-famille.localhost>"


LINK_CONTEXT = {"display_name": "<b>Claire</b>", "login": "claire@example.org",
                "link": "https://portail.example.fr/activation?token=abc"}


@pytest.mark.parametrize("kind", domain.LINK_KINDS)
def test_link_emails_carry_the_link_in_both_parts_and_escape_names(kind):
    email = render(kind, LINK_CONTEXT)
    for body in (email.text, email.html):
        assert LINK_CONTEXT["link"] in body and "claire@example.org" in body
    assert "<b>Claire</b>" not in email.html and "&lt;b&gt;Claire&lt;/b&gt;" in email.html


def test_decision_contexts_name_what_was_decided():
    contact = {"display_name": "Famille Martin", "consent_email": True}
    context = domain.change_request_context({"status": "refused", "reason": "Non", "target": "child"}, contact, "u")
    assert (context["accepted"], context["target_label"], context["reason"]) == (
        False, "les informations d'un enfant", "Non")
    unknown = domain.change_request_context({"status": "accepted", "target": "other"}, None, "u")
    assert (unknown["display_name"], unknown["target_label"]) == ("Madame, Monsieur", "votre dossier")
    email = render("document_decided", domain.document_context(
        {"label": "Assurance", "reason": None}, True, contact, None, "https://portail.example.fr"))
    assert email.subject == "Document validé : Assurance" and "Motif" not in email.text
