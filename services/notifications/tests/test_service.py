"""Notifications through its real entrypoints and a real SMTP server (aiosmtpd, in its own process):
real PostgreSQL, real RabbitMQ, events injected as accounts and reservations would publish them."""
import email
import socket
import subprocess
import sys
import time
import uuid
from email import policy
from pathlib import Path

import pytest
from nameko.testing.services import entrypoint_waiter

from services.chassis.errors import ServiceError
from services.chassis.events import envelope, event_name
from services.notifications.service import NotificationsService

STAFF = {"user_id": str(uuid.uuid4()), "role": "staff"}
PUBLIC_URL = "https://portail.example.fr"
SINK_SCRIPT = Path(__file__).with_name("smtp_sink.py")
HANDLERS = {"family.created": "on_family_created", "child.created": "on_child_created",
            "booking.accepted": "on_booking_accepted"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(condition, timeout=15.0, every=0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (result := condition()):
            return result
        time.sleep(every)
    raise AssertionError(f"still false after {timeout} s: {condition}")


class SmtpSink:
    """An SMTP server in a subprocess, storing what it receives in `directory`."""

    def __init__(self, directory: Path):
        self.directory = directory
        self.port = free_port()
        self.process = None

    def start(self):
        self.process = subprocess.Popen([sys.executable, str(SINK_SCRIPT), str(self.directory), str(self.port)])
        wait_until(self._accepting)

    def _accepting(self) -> bool:
        try:
            socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
        except OSError:
            return False
        return True

    def stop(self):
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def messages(self) -> list:
        return [email.message_from_bytes(path.read_bytes(), policy=policy.default)
                for path in sorted(self.directory.glob("*.eml"))]

    def wait_for(self, count: int) -> list:
        return wait_until(lambda: len(self.messages()) >= count and self.messages())


@pytest.fixture
def sink(tmp_path):
    sink = SmtpSink(tmp_path / "mail")
    yield sink
    sink.stop()


@pytest.fixture
def notifications(start_service, sink):
    return start_service(NotificationsService, SMTP_PORT=sink.port, EMAIL_POLL_SECONDS=0.1, PUBLIC_URL=PUBLIC_URL)


@pytest.fixture
def api(notifications, rpc_proxy):
    return rpc_proxy("notifications")


@pytest.fixture
def handle(notifications, redeliver):
    """`handle(source, name, data)` publishes an event and waits until notifications has handled it."""
    def run(source, name, data=None, event=None):
        event = event or envelope(source, name, data)
        with entrypoint_waiter(notifications, HANDLERS[event_name(event)]):
            redeliver(event)
        return event
    return run


@pytest.fixture
def family():
    family_id, child_id = str(uuid.uuid4()), str(uuid.uuid4())
    return {
        "family_id": family_id, "number": "F-0042", "display_name": "Famille Martin",
        "email": "claire.martin@example.org", "login": "claire.martin@example.org",
        "guardians": [{"id": str(uuid.uuid4()), "civility": "Mme", "first_name": "Claire", "last_name": "Martin",
                       "email": "claire.martin@example.org", "phone": "0601020304"}],
        "children": [{"id": child_id, "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"}],
        "quotient": 850,
    }


def booking(family, day="2026-12-09"):
    return {"booking_id": str(uuid.uuid4()), "child_id": family["children"][0]["id"],
            "family_id": family["family_id"], "activity_id": str(uuid.uuid4()), "activity_name": "Accueil du soir",
            "structure_id": str(uuid.uuid4()), "date": day, "unit": "soir", "unit_label": "Soir",
            "waiting_position": None}


def text_of(message) -> str:
    return message.get_body(("plain",)).get_content()


def test_welcome_email_gives_the_login_and_never_a_password(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "temporary_password": "Secret-2026!"})  # a careless producer
    [message] = sink.wait_for(1)

    assert message["Subject"] == "Bienvenue sur le Portail Famille"
    assert message["To"] == "claire.martin@example.org"
    assert message["From"] == "Portail Famille <ne-pas-repondre@portail-famille.localhost>"
    html = message.get_body(("html",)).get_content()
    for body in (text_of(message), html):
        assert "claire.martin@example.org" in body and PUBLIC_URL in body
        assert "mot de passe provisoire" in body
        assert "Secret-2026!" not in body
    [queued] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["status"] == "sent"])
    assert queued["kind"] == "welcome" and queued["to"] == "claire.martin@example.org" and queued["sent_at"]


def test_a_redelivered_event_sends_one_email(sink, api, handle, family):
    sink.start()
    event = handle("accounts", "family.created", family)
    handle("accounts", "family.created", event=event)
    sink.wait_for(1)
    wait_until(lambda: api.list_emails(STAFF, family["family_id"])[0]["status"] == "sent")
    time.sleep(0.5)  # several sender rounds: a second email would have gone by now
    assert len(sink.messages()) == 1
    assert len(api.list_emails(STAFF, family["family_id"])) == 1


def test_booking_confirmation_names_the_child_activity_and_french_date(sink, handle, family):
    sink.start()
    handle("accounts", "family.created", family)
    handle("accounts", "child.created", {"child_id": family["children"][0]["id"], "family_id": family["family_id"],
                                         "first_name": "Léa", "last_name": "Martin", "birth_date": "2018-03-02"})
    handle("reservations", "booking.accepted", booking(family))
    messages = sink.wait_for(2)

    [confirmation] = [m for m in messages if m["Subject"].startswith("Réservation acceptée")]
    assert confirmation["Subject"] == "Réservation acceptée : Accueil du soir, mercredi 9 décembre 2026"
    assert confirmation["To"] == "claire.martin@example.org"
    body = text_of(confirmation)
    assert "Léa" in body and "Accueil du soir" in body and "mercredi 9 décembre 2026" in body and "Soir" in body


def test_an_smtp_outage_keeps_the_email_and_a_later_try_delivers_it(sink, api, handle, family):
    handle("accounts", "family.created", family)  # the SMTP server is not started yet

    [pending] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["attempts"] > 0])
    assert pending["status"] == "pending" and pending["sent_at"] is None

    sink.start()
    [message] = sink.wait_for(1)
    assert message["Subject"] == "Bienvenue sur le Portail Famille"
    [sent] = wait_until(lambda: [e for e in api.list_emails(STAFF, family["family_id"]) if e["status"] == "sent"])
    assert sent["attempts"] >= 2


def test_a_family_that_refused_emails_gets_none(sink, api, handle, family):
    sink.start()
    handle("accounts", "family.created", {**family, "consent_email": False})
    handle("reservations", "booking.accepted", booking(family))
    time.sleep(0.5)  # several sender rounds
    assert api.list_emails(STAFF, family["family_id"]) == []
    assert sink.messages() == []


def test_a_booking_that_arrives_before_the_contact_waits_for_its_address(sink, api, handle, family):
    sink.start()
    handle("reservations", "booking.accepted", booking(family))
    [waiting] = api.list_emails(STAFF, family["family_id"])
    assert (waiting["kind"], waiting["to"], waiting["status"]) == ("booking_accepted", None, "pending")

    handle("accounts", "family.created", family)
    messages = sink.wait_for(2)
    assert {m["To"] for m in messages} == {"claire.martin@example.org"}


def test_only_staff_list_emails(api, family):
    parent = {"user_id": str(uuid.uuid4()), "role": "parent", "family_id": family["family_id"]}
    with pytest.raises(ServiceError) as refused:
        api.list_emails(parent, family["family_id"])
    assert int(refused.value.status) == 403  # nameko stringifies exception arguments over RPC
    with pytest.raises(ServiceError) as refused:
        api.list_emails(STAFF, "not-a-uuid")
    assert int(refused.value.status) == 404
    assert api.list_emails(STAFF, family["family_id"]) == []
