"""The booking outcome email (issue 6): one email per booking request a family made, every line's
outcome in it, grouped by day; staff acceptances keep their own email."""
import time
import uuid

from services.notifications.tests.conftest import STAFF, booking_event
from services.notifications.tests.mail import html_of, text_of, wait_until
from services.notifications.tests.test_service import booking
from services.notifications.tests.test_settings import created, parent_of

SUBJECT = "Réservations de Léa : résultat de votre demande"
WEEK = ["2026-12-07", "2026-12-08", "2026-12-09", "2026-12-10", "2026-12-11"]


def line(day, unit="matin", status="accepted", action="book", waiting_position=None, reason=None):
    return {"activity_id": str(uuid.uuid4()), "activity_name": "Accueil de loisirs", "date": day, "unit": unit,
            "unit_label": unit.capitalize(), "action": action, "status": status,
            "waiting_position": waiting_position, "reason": reason}


def request(family, lines, by="family"):
    return {"request_key": str(uuid.uuid4()), "family_id": family["family_id"],
            "child_id": family["children"][0]["id"], "child_first_name": "Léa", "by": by, "lines": lines}


def six_lines():
    return [line(WEEK[0]), line(WEEK[1], status="pending"), line(WEEK[2], status="waiting_list", waiting_position=2),
            line(WEEK[3], status="refused", reason="deadline_passed"), line(WEEK[4], action="cancel", status="cancelled"),
            line(WEEK[4], unit="midi", action="cancel", status="refused", reason="not_booked")]


def kinds(api, family):
    return [e["kind"] for e in api.list_emails(STAFF, family["family_id"])]


def test_one_email_lists_every_line_of_a_request_by_day(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    event = handle("reservations", "booking.request_processed", request(family, six_lines()))
    handle("reservations", "booking.request_processed", event=event)  # delivered twice

    messages = sink.wait_for(2)
    [outcome] = [m for m in messages if m["Subject"] == SUBJECT]
    assert outcome["To"] == "claire.martin@example.org"
    text = text_of(outcome)
    days = ["lundi 7 décembre 2026", "mardi 8 décembre 2026", "mercredi 9 décembre 2026", "jeudi 10 décembre 2026",
            "vendredi 11 décembre 2026"]
    assert [text.index(day) for day in days] == sorted(text.index(day) for day in days)
    for words in ("Accueil de loisirs, Matin : acceptée", "Matin : en attente de validation",
                  "Matin : liste d'attente (position 2)",
                  "Matin : refusée (le délai pour réserver ou annuler est dépassé)", "Matin : annulée",
                  "Midi : annulation refusée (il n'y avait pas de réservation à annuler)"):
        assert words in text
    friday = text[text.index(days[4]):]
    assert "annulée" in friday and "Midi" in friday  # the day's two lines under the day
    assert html_of(outcome).count("<li>") == 6
    time.sleep(0.5)  # several sender rounds: a second email would have gone by now
    assert kinds(api, family).count("booking_request_processed") == 1
    assert len([m for m in sink.messages() if m["Subject"] == SUBJECT]) == 1


def test_a_family_that_chose_english_gets_the_outcome_in_english(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", created(family))
    api.update_notification_settings(parent_of(family), {"locale": "en"})
    handle("reservations", "booking.request_processed", request(family, six_lines()))
    messages = sink.wait_for(2)
    [outcome] = [m for m in messages if m["Subject"] == "Bookings for Léa: outcome of your request"]
    text = text_of(outcome)
    assert "Monday, 7 December 2026" in text and "Matin: waiting list (position 2)" in text
    assert "Matin: refused (the deadline to book or cancel has passed)" in text
    assert "acceptée" not in text and "Bonjour" not in text


def test_a_request_made_by_staff_sends_no_email(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("reservations", "booking.request_processed", request(family, six_lines(), by="staff"))
    sink.wait_for(1)
    time.sleep(0.5)
    assert kinds(api, family) == ["welcome"]
    assert [m["Subject"] for m in sink.messages()] == ["Bienvenue sur le Portail Famille"]


def test_only_a_staff_acceptance_sends_the_booking_accepted_email(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle(event=booking_event("booking.accepted", booking(family, by="family")))  # in the request's email
    handle(event=booking_event("booking.accepted", booking(family, day="2026-12-10", by="staff")))
    messages = sink.wait_for(2)
    wait_until(lambda: all(e["status"] == "sent" for e in api.list_emails(STAFF, family["family_id"])))
    time.sleep(0.5)
    assert sorted(kinds(api, family)) == ["booking_accepted", "welcome"]
    [accepted] = [m for m in sink.messages() if m["Subject"].startswith("Réservation acceptée")]
    assert accepted["Subject"] == "Réservation acceptée : Accueil du soir, jeudi 10 décembre 2026"
    assert len(messages) == len(sink.messages()) == 2
