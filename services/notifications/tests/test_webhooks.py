"""Webhooks: admins subscribe a URL to event names; matching events are POSTed once as CloudEvents
JSON signed with the subscription's secret, retried after a failure, never twice for a redelivery.
RabbitMQ filters: the queue `notifications.webhooks` is bound with the subscriptions' patterns only
(read through the management API). A real HTTP server (in a thread) receives the calls."""
import hashlib
import hmac
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from kombu import Connection, Producer

from services.chassis.events import envelope
from services.chassis.outbox import event_exchange
from services.chassis.testing import refused
from services.notifications.service import NotificationsService
from services.notifications.tests.conftest import PUBLIC_URL, STAFF, booking_event
from services.notifications.tests.mail import wait_until
from services.notifications.webhooks.relay import QUEUE, SOURCES

ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin"}
SECRET = "a-long-shared-secret-0123456789"


class Receiver:
    """An HTTP server that records every call and answers the statuses it is given, then 200."""

    def __init__(self, statuses=()):
        self.calls, self.statuses = [], list(statuses)
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.calls.append({"path": self.path, "headers": dict(self.headers), "body": body})
                self.send_response(receiver.statuses.pop(0) if receiver.statuses else 200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/portail"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver():
    receiver = Receiver(statuses=[500])
    yield receiver
    receiver.stop()


def booking(name):
    """A (v2) `booking.*` event of reservations, relayed as it is."""
    return booking_event(name, {"booking_id": str(uuid.uuid4()), "child_id": str(uuid.uuid4()),
                                "family_id": str(uuid.uuid4()), "by": "system"})


def invoice_issued():
    return envelope("billing", "invoice.issued", {"invoice_id": str(uuid.uuid4()), "number": "ALSH-000042",
                                                  "family_id": str(uuid.uuid4()), "total_cents": 4250})


@pytest.fixture
def notifications(start_service, sink):
    """Re-syncs the queue's bindings with the table every 0.2 s (see the test of another replica)."""
    return start_service(NotificationsService, SMTP_PORT=sink.port, EMAIL_POLL_SECONDS=0.1, PUBLIC_URL=PUBLIC_URL,
                         WEBHOOK_SYNC_SECONDS=0.2)


@pytest.fixture
def bindings(notifications, rabbit_manager, rabbit_config):
    """`bindings()` → {exchange: sorted patterns} of the queue `notifications.webhooks`, once it exists."""
    def read():
        wait_until(lambda: QUEUE in [queue["name"] for queue in rabbit_manager.get_queues(rabbit_config["vhost"])])
        found = {}
        for row in rabbit_manager.get_queue_bindings(rabbit_config["vhost"], QUEUE):
            if row["source"]:  # not the default exchange's
                found.setdefault(row["source"], []).append(row["routing_key"])
        return {exchange: sorted(patterns) for exchange, patterns in found.items()}
    return read


def everywhere(*patterns):
    return {f"{source}.events": sorted(patterns) for source in SOURCES}


def publish_raw(amqp_uri, source, routing_key, body):
    with Connection(amqp_uri) as conn:
        Producer(conn.default_channel).publish(body, exchange=event_exchange(source), routing_key=routing_key,
                                               content_type="application/json", content_encoding="utf-8")


def delivered(api, count):
    """Waits until the only webhook has `count` deliveries sent and none waiting; returns it."""
    return wait_until(lambda: [w for w in api.list_webhooks(ADMIN) if (w["sent"], w["pending"]) == (count, 0)])[0]


def test_matching_events_are_posted_signed_retried_after_a_500_and_only_once(api, redeliver, publish_event,
                                                                             receiver, bindings):
    webhook = api.create_webhook(ADMIN, {"url": receiver.url, "events": ["invoice.*"], "secret": SECRET})
    assert webhook["secret"] == SECRET and webhook["events"] == ["invoice.*"]
    assert bindings() == everywhere("invoice.*")
    event = invoice_issued()
    redeliver(event)  # bound before create_webhook answered: published right after, it is relayed
    publish_event("billing", "payment.received", {"payment_id": str(uuid.uuid4())})

    wait_until(lambda: len(receiver.calls) >= 2)  # the first answered 500, the retry 200
    first, retry = receiver.calls[:2]
    assert first["body"] == retry["body"] and retry["path"] == "/hooks/portail"
    assert json.loads(retry["body"]) == event
    expected = "sha256=" + hmac.new(SECRET.encode(), retry["body"], hashlib.sha256).hexdigest()
    assert retry["headers"]["X-Portail-Signature"] == expected
    assert retry["headers"]["Content-Type"].startswith("application/cloudevents+json")

    redeliver(event)  # the broker delivers it again…
    later = invoice_issued()
    redeliver(later)  # …before this one: once this one is relayed, so was the redelivery
    listed = delivered(api, 2)
    assert (listed["id"], listed["failed"]) == (webhook["id"], 0)
    assert "secret" not in listed
    assert [json.loads(call["body"])["id"] for call in receiver.calls] == [event["id"], event["id"], later["id"]]


def test_events_of_every_service_can_be_subscribed(api, publish_event, redeliver, receiver, bindings):
    receiver.statuses.clear()
    api.create_webhook(ADMIN, {"url": receiver.url, "events": ["booking.promoted", "family.*"]})
    assert bindings() == everywhere("booking.promoted", "family.*")
    promoted = booking("booking.promoted")
    redeliver(promoted)
    publish_event("accounts", "family.updated", {"family_id": str(uuid.uuid4())})
    redeliver(booking("booking.accepted"))
    publish_event("billing", "invoice.issued", {})
    delivered(api, 2)
    assert sorted(json.loads(call["body"])["type"] for call in receiver.calls) == [
        "fr.portail-famille.booking.promoted.v2", "fr.portail-famille.family.updated.v1"]
    assert promoted in [json.loads(call["body"]) for call in receiver.calls]  # a v2 event as reservations made it


def test_rabbitmq_only_routes_what_is_subscribed(api, publish_event, redeliver, receiver, bindings):
    receiver.statuses.clear()
    assert bindings() == {}  # no subscription, no binding: notifications gets no event at all
    unseen = booking("booking.promoted")
    redeliver(unseen)

    webhook = api.create_webhook(ADMIN, {"url": receiver.url, "events": ["booking.#", "*.issued"]})
    assert bindings() == everywhere("*.issued", "booking.#")
    publish_event("reservations", "enrolment.accepted", {})
    promoted = booking("booking.promoted")
    redeliver(promoted)
    issued = publish_event("billing", "credit_note.issued", {})
    delivered(api, 2)
    assert sorted(json.loads(call["body"])["id"] for call in receiver.calls) == sorted([promoted["id"], issued["id"]])
    assert unseen["id"] not in {json.loads(call["body"])["id"] for call in receiver.calls}

    api.delete_webhook(ADMIN, webhook["id"])
    assert bindings() == {}


def test_patterns_still_used_by_another_webhook_stay_bound(api, receiver, bindings):
    first = api.create_webhook(ADMIN, {"url": receiver.url, "events": ["invoice.*", "booking.#"]})
    api.create_webhook(ADMIN, {"url": receiver.url, "events": ["invoice.*"]})
    api.delete_webhook(ADMIN, first["id"])
    assert bindings() == everywhere("invoice.*")


def test_bindings_follow_the_webhooks_made_or_dropped_by_another_replica(notifications, bindings, service_sql):
    sql = service_sql("notifications")
    webhook_id = uuid.uuid4()
    sql("INSERT INTO webhooks (id, url, patterns, secret, created_by, created_at) "
        "VALUES (%s, 'http://127.0.0.1:9/hook', ARRAY['payment.#'], %s, 'elsewhere', now())", (webhook_id, SECRET))
    wait_until(lambda: bindings() == everywhere("payment.#"))
    sql("DELETE FROM webhooks WHERE id = %s", (webhook_id,))
    wait_until(lambda: bindings() == {})


def test_a_message_that_is_no_cloudevent_is_dropped(api, amqp_uri, redeliver, receiver):
    receiver.statuses.clear()
    api.create_webhook(ADMIN, {"url": receiver.url, "events": ["invoice.*"]})
    publish_raw(amqp_uri, "billing", "invoice.issued", b"{not json")
    publish_raw(amqp_uri, "billing", "invoice.issued", b'{"no": "id"}')
    event = invoice_issued()
    redeliver(event)  # relayed: the loop did not stop at the bad ones, nor keeps them
    assert delivered(api, 1) and [json.loads(call["body"]) for call in receiver.calls] == [event]


def test_a_deleted_webhook_gets_nothing_more(api, redeliver, receiver, bindings):
    webhook = api.create_webhook(ADMIN, {"url": receiver.url, "events": ["#"]})
    assert len(webhook["secret"]) >= 32  # made for the subscriber when not given
    assert bindings() == everywhere("#")
    assert api.delete_webhook(ADMIN, webhook["id"]) == {"deleted": True}
    assert bindings() == {}
    redeliver(invoice_issued())
    assert api.list_webhooks(ADMIN) == []
    with refused(404, "not_found"):
        api.delete_webhook(ADMIN, webhook["id"])


@pytest.mark.parametrize("payload", [
    {"url": "pas-une-url", "events": ["invoice.*"]},
    {"url": "https://erp.example.fr/hook", "events": []},
    {"url": "https://erp.example.fr/hook", "events": ["invoice issued"]},
    {"url": "https://erp.example.fr/hook", "events": ["invoice*"]},  # `*` is a whole word
    {"url": "https://erp.example.fr/hook", "events": ["Invoice.issued"]},
    {"url": "https://erp.example.fr/hook", "events": ["invoice.*"], "secret": "court"},
])
def test_bad_subscriptions_are_refused(api, notifications, payload):
    with refused(422, "invalid_input"):
        api.create_webhook(ADMIN, payload)


def test_only_admins_manage_webhooks(api, notifications):
    for call in (lambda: api.create_webhook(STAFF, {"url": "https://erp.example.fr/hook", "events": ["*"]}),
                 lambda: api.list_webhooks(STAFF), lambda: api.delete_webhook(STAFF, str(uuid.uuid4()))):
        with refused(403, "forbidden"):
            call()
