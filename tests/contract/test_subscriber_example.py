"""examples/subscriber.py against the real broker: a municipal team's queue bound to `invoice.*`."""
import json
import uuid

import pika
import pytest

from examples import subscriber
from services.chassis import contract

QUEUE = "mairie.finances.invoices"


def invoice_data() -> dict:
    return {"invoice_id": str(uuid.uuid4()), "number": "CANTINE-F000007", "family_id": str(uuid.uuid4()),
            "regie_id": str(uuid.uuid4()), "regie": "Cantine", "period_start": "2026-09-01",
            "period_end": "2026-09-30", "issued_on": "2026-10-01", "due_on": "2026-10-31", "total_cents": 4250}


@pytest.fixture
def url(amqp_uri):
    """The test vhost's URI as a pika user writes it (kombu's `pyamqp://` is `amqp://`)."""
    return amqp_uri.replace("pyamqp://", "amqp://", 1)


@pytest.fixture
def channel(url):
    connection = pika.BlockingConnection(pika.URLParameters(url))
    yield connection.channel()
    connection.close()


def waiting(channel) -> int:
    return channel.queue_declare(QUEUE, durable=True, passive=True).method.message_count


def test_the_example_receives_prints_and_acknowledges_invoice_events(url, channel, publish_event, capsys):
    subscriber.declare_queue(channel, "billing.events", "invoice.*", QUEUE)
    invoice = publish_event("billing", "invoice.issued", invoice_data(), subject="invoice")
    publish_event("billing", "payment.received", {"payment_id": str(uuid.uuid4())})  # not bound: not delivered
    assert contract.violations(invoice) == []

    received = []
    count = subscriber.subscribe(url, "billing.events", "invoice.*", QUEUE, max_messages=5,
                                 inactivity_timeout=2, handle=lambda event: (received.append(event),
                                                                             subscriber.print_event(event)))

    assert count == 1
    assert received == [invoice]
    printed = capsys.readouterr().out.strip()
    assert printed.startswith("fr.portail-famille.invoice.issued.v1 ")
    assert json.loads(printed.split(" ", 1)[1]) == invoice["data"]
    assert waiting(channel) == 0  # acknowledged: the broker forgot it


def test_a_failed_event_stays_queued_and_a_redelivery_is_handled_once(url, channel, publish_event, redeliver):
    subscriber.declare_queue(channel, "billing.events", "invoice.*", QUEUE)
    invoice = publish_event("billing", "invoice.issued", invoice_data(), subject="invoice")

    def fail(event):
        raise RuntimeError("the accounting system is away")

    with pytest.raises(RuntimeError):
        subscriber.subscribe(url, "billing.events", "invoice.*", QUEUE, handle=fail, inactivity_timeout=2)
    assert waiting(channel) == 1  # not acknowledged: kept for a later try

    redeliver(invoice)  # the same event again, as at-least-once delivery allows
    handled, seen = [], set()
    count = subscriber.subscribe(url, "billing.events", "invoice.*", QUEUE, handle=handled.append,
                                 inactivity_timeout=1, seen=seen)
    assert count == 1 and handled == [invoice] and seen == {invoice["id"]}
    assert waiting(channel) == 0
