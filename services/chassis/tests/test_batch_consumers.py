"""`@batch.handles`: events taken in batches keep the promises of `@handles`. Real RabbitMQ and
PostgreSQL; events are published on the source's exchange as its outbox relay would."""
import eventlet
import pytest
from eventlet.event import Event
from kombu import Connection, Producer
from marshmallow import fields

from services.chassis import batch_consumers as batch
from services.chassis.batch_consumers import queue_name
from services.chassis.dependencies import ServiceBase
from services.chassis.outbox import event_exchange
from services.chassis.schemas import EventDataSchema

POISON = 99
NAMES = ("thing.done", "thing.undone")


class ThingData(EventDataSchema):
    n = fields.Integer(required=True)


class BatchProbe(ServiceBase):
    name = "batchprobe"
    batches: list = []  # the numbers of each batch handled (committed), in order
    attempts = 0
    failing = False
    poison_fixed = False
    hold: Event | None = None  # while set and not sent, a batch waits for it
    holding = False

    @batch.handles("things", NAMES, ThingData(), max_batch=50)
    def on_things(self, conn, items):
        BatchProbe.attempts += 1
        if BatchProbe.hold is not None and not BatchProbe.hold.ready():
            BatchProbe.holding = True
            BatchProbe.hold.wait()
        numbers = [data["n"] for data, _ in items]
        conn.execute("INSERT INTO notes (text) SELECT unnest(%s::text[])", ([str(n) for n in numbers],))
        if BatchProbe.failing or (POISON in numbers and not BatchProbe.poison_fixed):
            raise RuntimeError("handler failed")
        BatchProbe.batches.append(numbers)


@pytest.fixture(autouse=True)
def reset_probe():
    BatchProbe.batches, BatchProbe.attempts = [], 0
    BatchProbe.failing = BatchProbe.poison_fixed = BatchProbe.holding = False
    BatchProbe.hold = None


@pytest.fixture
def thing(publish_event):
    return lambda n, name="thing.done": publish_event("things", name, {"n": n})


@pytest.fixture
def notes(service_sql):
    return lambda: sorted(int(row["text"]) for row in service_sql("batchprobe")("SELECT text FROM notes"))


@pytest.fixture
def waiting_in_queue(amqp_uri):
    def count() -> int:
        with Connection(amqp_uri) as conn:
            name = queue_name("things", NAMES, "batchprobe", "on_things")
            return conn.default_channel.queue_declare(name, passive=True).message_count
    return count


def handled() -> list:
    return [n for batch in BatchProbe.batches for n in batch]


def wait_for(condition, timeout=10.0):
    with eventlet.Timeout(timeout):
        while not condition():
            eventlet.sleep(0.02)


def hold_next_batch():
    """The next batch waits until `release()`: the events published meanwhile pile up in the queue."""
    BatchProbe.hold = Event()


def release():
    wait_for(lambda: BatchProbe.holding)
    eventlet.sleep(0.2)  # the broker has sent what was published
    BatchProbe.hold.send()


def test_events_ready_together_are_one_batch_in_delivery_order(start_service, thing, notes):
    start_service(BatchProbe)
    hold_next_batch()
    thing(0)
    for n in range(1, 31):
        thing(n, "thing.undone" if n % 3 == 0 else "thing.done")
    release()
    wait_for(lambda: len(handled()) == 31)
    assert handled() == list(range(31))
    assert len(BatchProbe.batches) <= 3  # taken together, not one by one
    assert max(len(batch) for batch in BatchProbe.batches) >= 25
    assert notes() == list(range(31))


def test_an_event_delivered_twice_is_handled_once(start_service, thing, redeliver, notes):
    start_service(BatchProbe)
    first = thing(1)
    wait_for(lambda: handled() == [1])
    hold_next_batch()
    second = thing(2)
    redeliver(first)  # again, after it was handled…
    redeliver(second)  # …and twice in one batch
    thing(3)
    release()
    wait_for(lambda: 3 in handled())
    eventlet.sleep(0.3)
    assert handled() == [1, 2, 3]
    assert notes() == [1, 2, 3]


def test_a_failing_batch_is_not_acked_and_is_tried_again(start_service, thing, notes, waiting_in_queue):
    """Nothing of a failed batch is acked nor kept: stopped meanwhile, the service leaves every event
    in the queue, and the next one handles them all."""
    BatchProbe.failing = True
    probe = start_service(BatchProbe)
    for n in range(5):
        thing(n)
    wait_for(lambda: BatchProbe.attempts >= 12)  # tried as a batch, then one by one, again and again
    probe.stop()
    assert waiting_in_queue() == 5
    assert notes() == []  # every failed attempt was rolled back, its marks with it

    BatchProbe.failing = False
    start_service(BatchProbe)
    wait_for(lambda: len(handled()) == 5)
    eventlet.sleep(0.3)
    assert sorted(handled()) == [0, 1, 2, 3, 4]
    assert notes() == [0, 1, 2, 3, 4]
    wait_for(lambda: waiting_in_queue() == 0)


def test_a_poison_event_does_not_hold_back_the_others(start_service, thing, notes):
    start_service(BatchProbe)
    hold_next_batch()
    thing(0)
    for n in (1, 2, POISON, 4, 5):
        thing(n)
    release()
    wait_for(lambda: len(handled()) == 5)
    attempts = BatchProbe.attempts
    wait_for(lambda: BatchProbe.attempts > attempts + 2)  # the poison comes back, alone, and fails again
    assert handled() == [0, 1, 2, 4, 5]

    BatchProbe.poison_fixed = True  # say, a bug fixed: the poison event was never lost
    wait_for(lambda: POISON in handled())
    assert notes() == [0, 1, 2, 4, 5, POISON]


def test_malformed_events_are_dropped(start_service, thing, publish_event, amqp_uri, notes, waiting_in_queue):
    probe = start_service(BatchProbe)
    hold_next_batch()
    thing(0)
    publish_event("things", "thing.done", {"n": "not a number"})
    publish_event("things", "thing.undone", {})
    with Connection(amqp_uri) as conn:  # not even an event
        Producer(conn.default_channel).publish("garbage", exchange=event_exchange("things"),
                                               routing_key="thing.done", serializer="raw")
    thing(1)
    release()
    wait_for(lambda: 1 in handled())
    probe.stop()
    assert handled() == [0, 1]
    assert waiting_in_queue() == 0
    assert notes() == [0, 1]
