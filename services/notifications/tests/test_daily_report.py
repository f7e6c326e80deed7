"""The daily report of booking movements: counted and worded as the seed's example, sent once per
family and day (the RPC, the timer), only to families whose bookings moved and that want it."""
import shutil
import time
import uuid
from datetime import date, datetime, timezone

import psycopg
import pytest
from nameko.testing.services import entrypoint_hook, entrypoint_waiter

from services.chassis import database
from services.chassis.dependencies import migrations_dir
from services.chassis.events import event_name
from services.chassis.testing import refused, travel
from services.notifications.reports import domain
from services.notifications.service import NotificationsService
from services.notifications.tests.conftest import HANDLERS, STAFF, booking_event
from services.notifications.tests.mail import html_of, text_of, wait_until

DAY = date(2026, 11, 26)
STRUCTURE_ID = str(uuid.uuid4())
SUBJECT = "Compte rendu de vos réservations du jeudi 26 novembre 2026"


# --- counting and wording, without I/O ----------------------------------------------------------------

def movement(booking_id, event, status, by="family", first=True):
    return {"booking_id": booking_id, "event": event, "status": status, "by": by, "first": first}


def test_the_seed_example_is_counted_and_worded_as_the_town_writes_it():
    movements = ([movement(f"p{i}", "booking.requested", "pending") for i in range(13)]
                 + [movement(f"a{i}", "booking.accepted", "accepted") for i in range(14)]
                 + [movement(f"w{i}", "booking.waitlisted", "waiting_list") for i in range(17)]
                 + [movement("old", "booking.cancelled", "cancelled", first=False)])
    counts = domain.summarise(movements)
    assert domain.received_lines(counts) == [
        "45 mouvements sur vos demandes de réservation ont été reçus, dont : 44 nouvelles demandes de "
        "réservation et 1 demande d'annulation"]
    assert domain.outcome_lines(counts) == [
        "14 réservations ont été acceptées", "13 réservations sont en attente de traitement par nos services",
        "17 réservations ont été mises en liste d'attente", "1 réservation a été annulée"]


def test_staff_decisions_alone_report_outcomes_without_requests_received():
    movements = ([movement(f"r{i}", "booking.refused", "refused", by="staff", first=False) for i in range(6)]
                 + [movement(f"a{i}", "booking.accepted", "accepted", by="staff", first=False) for i in range(4)])
    counts = domain.summarise(movements)
    assert domain.received_lines(counts) == []
    assert domain.outcome_lines(counts) == ["4 réservations ont été acceptées", "6 réservations ont été refusées"]


def test_a_booking_counts_once_in_the_status_it_ends_the_day_in():
    counts = domain.summarise([movement("b", "booking.waitlisted", "waiting_list"),
                               movement("b", "booking.promoted", "accepted", by="system", first=False)])
    assert domain.received_lines(counts) == [
        "1 mouvement sur vos demandes de réservation a été reçu, dont : 1 nouvelle demande de réservation"]
    assert domain.outcome_lines(counts) == ["1 réservation a été acceptée"]


def test_a_family_reading_english_gets_the_same_counts_in_english():
    counts = domain.summarise([movement("a", "booking.accepted", "accepted"),
                               movement("b", "booking.cancelled", "cancelled", first=False)])
    assert domain.received_lines(counts, "en") == [
        "2 changes to your booking requests were received, of which: 1 new booking request and 1 cancellation "
        "request"]
    assert domain.outcome_lines(counts, "en") == ["1 booking was accepted", "1 booking was cancelled"]


@pytest.mark.parametrize("now, due", [
    (datetime(2026, 11, 27, 5, 59, tzinfo=timezone.utc), None),          # 6:59 in Paris
    (datetime(2026, 11, 27, 6, 0, tzinfo=timezone.utc), date(2026, 11, 26)),  # 7:00 in Paris
    (datetime(2026, 11, 27, 22, 30, tzinfo=timezone.utc), date(2026, 11, 26)),  # 23:30 in Paris
    (datetime(2026, 11, 27, 23, 30, tzinfo=timezone.utc), None),  # 0:30 the 28th in Paris
])
def test_yesterdays_report_is_due_from_the_configured_hour_in_the_towns_timezone(now, due):
    assert domain.due_report_date(now, "Europe/Paris", 7) == due


# --- through the running service ----------------------------------------------------------------------

@pytest.fixture
def sql(notifications, service_sql):
    query = service_sql("notifications")
    query("INSERT INTO structure_contacts (structure_id, name, updated_at) VALUES (%s, 'Mairie de Déols', now())",
          (STRUCTURE_ID,))
    return query


def a_booking(family, booking_id, status, by, day="2026-12-02"):
    """A booking as its event gives it."""
    return {"booking_id": booking_id, "child_id": family["children"][0]["id"], "family_id": family["family_id"],
            "activity_id": str(uuid.uuid4()), "activity_name": "ALSH 3-6 ans", "structure_id": STRUCTURE_ID,
            "date": day, "unit": "day", "unit_label": "Journée", "waiting_position": None,
            "status": status, "by": by, "reason": None, "price_cents": None}


@pytest.fixture
def move(notifications, redeliver):
    """`move(family, booking_id, "booking.requested", status, at, by)` → the event, once recorded."""
    def publish(family, booking_id, name, status, at, by="family", event=None):
        if event is None:
            event = booking_event(name, a_booking(family, booking_id, status, by))
            event["time"] = at
        handler = "record_" + event_name(event).replace(".", "_")
        with entrypoint_waiter(notifications, HANDLERS.get(event_name(event), handler)):
            redeliver(event)
        return event
    return publish


def a_day_of_movements(move, family):
    ids = {name: str(uuid.uuid4()) for name in ("pending", "accepted", "promoted", "cancelled", "refused")}
    move(family, ids["cancelled"], "booking.accepted", "accepted", "2026-11-25T09:00:00+01:00")  # the day before
    move(family, ids["refused"], "booking.requested", "pending", "2026-11-25T09:05:00+01:00")
    move(family, ids["pending"], "booking.requested", "pending", "2026-11-26T10:00:00+01:00")
    accepted = move(family, ids["accepted"], "booking.accepted", "accepted", "2026-11-26T10:01:00+01:00")
    move(family, ids["promoted"], "booking.waitlisted", "waiting_list", "2026-11-26T10:02:00+01:00")
    move(family, ids["cancelled"], "booking.cancelled", "cancelled", "2026-11-26T11:00:00+01:00")
    move(family, ids["refused"], "booking.refused", "refused", "2026-11-26T12:00:00+01:00", by="staff")
    move(family, ids["promoted"], "booking.promoted", "accepted", "2026-11-26T15:00:00+01:00", by="system")
    # 00:30 on the 27th in Paris: the next day's report
    move(family, str(uuid.uuid4()), "booking.requested", "pending", "2026-11-26T23:30:00+00:00")
    return accepted


def reports(sink):
    return [m for m in sink.messages() if m["Subject"] == SUBJECT]


def test_the_days_movements_are_reported_once_per_family(sink, api, handle, move, sql, family):
    sink.start()
    handle("accounts", "family.created", family)
    accepted = a_day_of_movements(move, family)
    move(family, None, None, None, None, event=accepted)  # delivered twice: counted once

    assert api.send_daily_reports(STAFF, DAY.isoformat()) == {"sent": 1}
    [report] = wait_until(lambda: reports(sink))
    assert report["To"] == "claire.martin@example.org"
    text = text_of(report)
    assert "Sur la structure : Mairie de Déols" in text
    for line in ("4 mouvements sur vos demandes de réservation ont été reçus, dont : 3 nouvelles demandes de "
                 "réservation et 1 demande d'annulation", "2 réservations ont été acceptées",
                 "1 réservation est en attente de traitement par nos services", "1 réservation a été refusée",
                 "1 réservation a été annulée"):
        assert f"- {line}" in text.splitlines()
        assert line.replace("'", "&#39;") in html_of(report)
    assert "liste d'attente" not in text

    assert api.send_daily_reports(STAFF, DAY.isoformat()) == {"sent": 0}  # never twice
    time.sleep(0.5)
    assert len(reports(sink)) == 1
    assert [e["kind"] for e in api.list_emails(STAFF, family["family_id"])].count("daily_report") == 1


def test_each_booking_of_an_event_is_a_movement_and_a_staff_acceptance_one_email(sink, api, handle, move, sql,
                                                                                family):
    sink.start()
    handle("accounts", "family.created", family)
    days = ("2026-12-09", "2026-12-07", "2026-12-08")
    ids = [str(uuid.uuid4()) for _ in days]
    event = booking_event("booking.accepted", *(a_booking(family, booking_id, "accepted", "staff", day)
                                                for booking_id, day in zip(ids, days)))
    event["time"] = "2026-11-26T10:00:00+01:00"
    move(family, None, None, None, None, event=event)
    move(family, None, None, None, None, event=event)  # delivered twice: handled once

    recorded = sql("SELECT event_id, booking_id::text, event, status, by FROM booking_movements "
                   "WHERE family_id = %s ORDER BY booking_id", (family["family_id"],))
    assert recorded == sorted(({"event_id": event["id"], "booking_id": booking_id, "event": "booking.accepted",
                                "status": "accepted", "by": "staff"} for booking_id in ids),
                              key=lambda m: m["booking_id"])
    wait_until(lambda: len(sink.messages()) == 2)  # the welcome, and one email for the event
    [accepted] = [m for m in sink.messages() if m["Subject"] != "Bienvenue sur le Portail Famille"]
    assert accepted["Subject"] == "3 réservations acceptées pour votre enfant, à partir du lundi 7 décembre 2026"
    lines = [line for line in text_of(accepted).splitlines() if line.startswith("- ")]
    assert lines == ["- lundi 7 décembre 2026 : ALSH 3-6 ans, Journée",
                     "- mardi 8 décembre 2026 : ALSH 3-6 ans, Journée",
                     "- mercredi 9 décembre 2026 : ALSH 3-6 ans, Journée"]
    assert html_of(accepted).count("<li>") == 3

    assert api.send_daily_reports(STAFF, DAY.isoformat()) == {"sent": 1}
    [report] = wait_until(lambda: reports(sink))
    assert "- 3 réservations ont été acceptées" in text_of(report).splitlines()
    time.sleep(0.5)  # several sender rounds: a redelivered email would have gone by now
    assert len(sink.messages()) == 3
    assert sorted(e["kind"] for e in api.list_emails(STAFF, family["family_id"])) == [
        "booking_accepted", "daily_report", "welcome"]


def test_no_report_for_a_family_that_turned_it_off_refused_emails_or_did_not_move(sink, api, handle, move, sql,
                                                                                  family):
    sink.start()
    quiet = {**family, "family_id": str(uuid.uuid4()), "email": "quiet@example.org"}
    no_emails = {**family, "family_id": str(uuid.uuid4()), "email": "no-emails@example.org", "consent_email": False}
    turned_off = {**family, "family_id": str(uuid.uuid4()), "email": "off@example.org"}
    for each in (family, quiet, no_emails, turned_off):
        handle("accounts", "family.created", each)
    sql("INSERT INTO notification_settings (family_id, daily_report) VALUES (%s, false)", (turned_off["family_id"],))
    for each in (family, no_emails, turned_off):
        move(each, str(uuid.uuid4()), "booking.requested", "pending", "2026-11-26T10:00:00+01:00")

    assert api.send_daily_reports(STAFF, DAY.isoformat()) == {"sent": 2}  # the family, and the one without emails
    wait_until(lambda: reports(sink))
    time.sleep(0.5)
    assert [m["To"] for m in reports(sink)] == ["claire.martin@example.org"]


def test_the_timer_sends_yesterdays_reports_from_the_configured_hour(sink, api, notifications, handle, move, sql,
                                                                   family):
    sink.start()
    handle("accounts", "family.created", family)
    move(family, str(uuid.uuid4()), "booking.requested", "pending", "2026-11-26T10:00:00+01:00")

    travel(notifications, datetime(2026, 11, 27, 5, 30, tzinfo=timezone.utc))  # 6:30 in Paris: too early
    with entrypoint_hook(notifications, "send_due_daily_reports") as tick:
        tick()
    assert sql("SELECT * FROM daily_reports") == []

    travel(notifications, datetime(2026, 11, 27, 6, 5, tzinfo=timezone.utc))  # 7:05 in Paris
    with entrypoint_hook(notifications, "send_due_daily_reports") as tick:
        tick()
        tick()
    [report] = wait_until(lambda: reports(sink))
    assert "1 réservation est en attente de traitement par nos services" in text_of(report)
    assert [(r["family_id"], r["report_date"]) for r in sql("SELECT * FROM daily_reports")] == [
        (uuid.UUID(family["family_id"]), DAY)]


def test_only_staff_send_reports_and_the_day_is_checked(api, notifications, family):
    with refused(403, "forbidden"):
        api.send_daily_reports({"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]},
                               DAY.isoformat())
    with refused(422, "invalid_input"):
        api.send_daily_reports(STAFF, "26/11/2026")


def test_movements_kept_by_event_and_booking_get_their_plain_event_id_back(fresh_database, tmp_path):
    """Migration 0008: rows kept under "<event id>/<booking id>" keys (v2 events, before the key had
    a column for the booking) and under plain event ids (v1 events) keep their movements."""
    migrations = migrations_dir(NotificationsService)
    for path in migrations.glob("*.sql"):
        if path.name < "notifications_0008":  # a database as it was before the change
            shutil.copy(path, tmp_path / path.name)
    url = fresh_database("notifications")
    database.prepare(url, tmp_path)
    event_id, booking_ids = str(uuid.uuid4()), [str(uuid.uuid4()) for _ in range(3)]
    keys = [f"{event_id}/{booking_ids[0]}", f"{event_id}/{booking_ids[1]}", str(uuid.uuid4())]
    with psycopg.connect(url) as conn:
        for key, booking_id in zip(keys, booking_ids):
            conn.execute("INSERT INTO booking_movements VALUES (%s, %s, %s, %s, 'booking.accepted', 'accepted', "
                         "'staff', now(), %s)", (key, booking_id, uuid.uuid4(), STRUCTURE_ID, DAY))

    database.migrate(url, migrations)
    with psycopg.connect(url) as conn:
        rows = conn.execute("SELECT event_id, booking_id::text FROM booking_movements").fetchall()
        assert sorted(rows) == sorted([(event_id, booking_ids[0]), (event_id, booking_ids[1]),
                                       (keys[2], booking_ids[2])])
        key = conn.execute("SELECT pg_get_constraintdef(oid) FROM pg_constraint "
                           "WHERE conrelid = 'booking_movements'::regclass AND contype = 'p'").fetchone()
        assert key == ("PRIMARY KEY (event_id, booking_id)",)
