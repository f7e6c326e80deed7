"""SMS as a channel plugin: a promotion from a waiting list texted once to a family that accepted
texts, through the development provider (`logging`, which writes each text to SMS_LOG_FILE)."""
import json
import time
import uuid

import pytest

from services.chassis.plugins import load
from services.notifications.channels import OutgoingMessage, load_channel
from services.notifications.service import NotificationsService
from services.notifications.sms.channel import PROVIDER_GROUP, LoggingProvider, SmsChannel
from services.notifications.tests.conftest import PUBLIC_URL, STAFF, booking_event
from services.notifications.tests.mail import text_of, wait_until
from services.notifications.tests.test_booking_request_email import WEEK
from services.notifications.tests.test_settings import created, parent_of


@pytest.fixture
def sms_log(tmp_path):
    return tmp_path / "sms" / "sent.jsonl"


@pytest.fixture
def notifications(start_service, sink, sms_log):
    return start_service(NotificationsService, SMTP_PORT=sink.port, EMAIL_POLL_SECONDS=0.1, PUBLIC_URL=PUBLIC_URL,
                         SMS_PROVIDER="logging", SMS_LOG_FILE=sms_log)


def texts(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def with_mobile(family, consent_sms=True):
    guardian = {**family["guardians"][0], "mobile_phone": "0612345678", "consent_sms": consent_sms}
    return {**family, "guardians": [guardian]}


def child_of(family):
    return {"child_id": family["children"][0]["id"], "family_id": family["family_id"], "first_name": "Léa"}


def promotion(family, day="2026-12-09"):
    return {"booking_id": str(uuid.uuid4()), "child_id": family["children"][0]["id"], "family_id": family["family_id"],
            "activity_id": str(uuid.uuid4()), "activity_name": "ALSH 6-12 ans", "structure_id": str(uuid.uuid4()),
            "date": day, "unit": "day", "unit_label": "Journée", "waiting_position": None,
            "status": "accepted", "by": "system", "reason": None, "price_cents": None}


def test_the_sms_channel_and_its_providers_are_plugins(sms_log, monkeypatch):
    monkeypatch.setenv("SMS_LOG_FILE", str(sms_log))
    channel = load_channel("sms")
    assert isinstance(channel, SmsChannel) and isinstance(channel.provider, LoggingProvider)
    assert isinstance(load(PROVIDER_GROUP, "logging"), LoggingProvider)
    channel.send(OutgoingMessage(to="0612345678", subject="", text="Bonjour"))
    assert [(t["to"], t["text"]) for t in texts(sms_log)] == [("0612345678", "Bonjour")]


def test_a_promotion_is_texted_once_to_a_family_that_accepted_sms(sink, api, handle, sms_log, family):
    sink.start()
    handle("accounts", "family.created", with_mobile(family))
    handle("accounts", "child.created", child_of(family))
    event = handle(event=booking_event("booking.promoted", promotion(family)))
    handle(event=event)  # delivered twice

    [text] = wait_until(lambda: texts(sms_log))
    assert text["to"] == "0612345678"
    assert text["text"] == ("Portail Famille : une place s'est libérée. Léa est inscrit(e) à ALSH 6-12 ans le "
                            f"mer. 9 déc. (Journée). Pas besoin ? Annulez sur {PUBLIC_URL}")
    assert len(text["text"]) <= 160
    [listed] = wait_until(lambda: [s for s in api.list_sms(STAFF, family["family_id"]) if s["status"] == "sent"])
    assert (listed["kind"], listed["to"], listed["attempts"]) == ("booking_promoted", "0612345678", 1)
    time.sleep(0.5)
    assert len(texts(sms_log)) == 1
    sink.wait_for(1)  # the email goes too


def test_a_promotion_event_of_several_bookings_is_one_text_and_one_email(sink, api, handle, sms_log, family):
    sink.start()
    handle("accounts", "family.created", with_mobile(family))
    handle("accounts", "child.created", child_of(family))
    event = handle(event=booking_event("booking.promoted", promotion(family, day="2026-12-10"), promotion(family)))
    handle(event=event)  # delivered twice

    [text] = wait_until(lambda: texts(sms_log))
    assert text["text"] == ("Portail Famille : places libérées. Léa est inscrit(e) à ALSH 6-12 ans le "
                            f"mer. 9 déc. (Journée) + 1 autre. Pas besoin ? Annulez sur {PUBLIC_URL}")
    assert len(text["text"]) <= 160
    wait_until(lambda: len(sink.messages()) == 2)  # the welcome, and one email for the event
    [promoted] = [m for m in sink.messages() if m["Subject"].startswith("Des places se sont libérées")]
    assert promoted["Subject"] == ("Des places se sont libérées : 2 réservations pour Léa, "
                                   "à partir du mercredi 9 décembre 2026")
    body = text_of(promoted)
    assert "- mercredi 9 décembre 2026 : ALSH 6-12 ans, Journée" in body
    assert "- jeudi 10 décembre 2026 : ALSH 6-12 ans, Journée" in body
    time.sleep(0.5)  # several sender rounds: a redelivered one would have gone by now
    assert len(texts(sms_log)) == 1 and len(sink.messages()) == 2
    assert [s["kind"] for s in api.list_sms(STAFF, family["family_id"])] == ["booking_promoted"]
    assert sorted(e["kind"] for e in api.list_emails(STAFF, family["family_id"])) == ["booking_promoted", "welcome"]


def test_a_family_that_chose_english_gets_the_text_in_english(sink, api, handle, sms_log, family):
    sink.start()
    handle("accounts", "family.created", created(with_mobile(family)))
    api.update_notification_settings(parent_of(family), {"locale": "en"})
    handle(event=booking_event("booking.promoted", *(promotion(family, day) for day in WEEK)))

    [text] = wait_until(lambda: texts(sms_log))
    assert text["text"] == ("Portail Famille: places are free. Your child is booked for ALSH 6-12 ans on Mon 7 Dec "
                            f"(Journée) + 4 more. Not needed? Cancel at {PUBLIC_URL}")


def test_no_sms_without_consent(sink, api, handle, sms_log, family):
    sink.start()
    handle("accounts", "family.created", with_mobile(family, consent_sms=False))
    handle(event=booking_event("booking.promoted", promotion(family)))
    sink.wait_for(1)
    time.sleep(0.5)
    assert texts(sms_log) == [] and api.list_sms(STAFF, family["family_id"]) == []


def test_anonymisation_forgets_the_number_and_the_texts(sink, api, handle, sms_log, family, service_sql):
    sink.start()
    handle("accounts", "family.created", with_mobile(family))
    handle(event=booking_event("booking.promoted", promotion(family)))
    wait_until(lambda: texts(sms_log))
    handle("accounts", "family.anonymised", {"family_id": family["family_id"]})
    sql = service_sql("notifications")
    wait_until(lambda: sql("SELECT mobile_phone FROM contacts") == [{"mobile_phone": None}])
    [stored] = api.list_sms(STAFF, family["family_id"])
    assert stored["to"] == stored["body"] == "(effacé)"
