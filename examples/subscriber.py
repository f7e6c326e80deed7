"""A subscriber to Portail Famille's events with nothing but pika (see docs/subscribers.md).

    python examples/subscriber.py --uri amqp://user:password@rabbitmq:5672/%2F \
        --exchange billing.events --pattern 'invoice.*' --queue mairie.finances.invoices

It declares a durable queue of its own, binds it to a service's exchange with a routing pattern,
then prints the `type` and `data` of each event and acknowledges it once handled. Events are
delivered at least once: an event seen again (same `id`) is acknowledged without being handled twice.
"""
from __future__ import annotations

import argparse
import json
from typing import Callable

import pika


def print_event(event: dict) -> None:
    print(event["type"], json.dumps(event["data"], ensure_ascii=False), flush=True)


def declare_queue(channel, exchange: str, pattern: str, queue: str) -> None:
    """The exchange (as its publisher declares it), our durable queue, and the binding; all idempotent."""
    channel.exchange_declare(exchange, exchange_type="topic", durable=True, auto_delete=False)
    channel.queue_declare(queue, durable=True)
    channel.queue_bind(queue, exchange, routing_key=pattern)


def subscribe(amqp_uri: str, exchange: str, pattern: str, queue: str,
              handle: Callable[[dict], None] = print_event, max_messages: int | None = None,
              inactivity_timeout: float | None = None, seen: set | None = None) -> int:
    """Handle the events of `queue` until `max_messages` were handled or none came for
    `inactivity_timeout` seconds (None: forever); returns how many were handled.

    `seen` holds the ids already handled: a real subscriber keeps them in its database, written in the
    same transaction as the effect of the event."""
    seen = set() if seen is None else seen
    handled = 0
    connection = pika.BlockingConnection(pika.URLParameters(amqp_uri))
    try:
        channel = connection.channel()
        declare_queue(channel, exchange, pattern, queue)
        channel.basic_qos(prefetch_count=10)
        for method, properties, body in channel.consume(queue, inactivity_timeout=inactivity_timeout):
            if method is None:  # nothing came for inactivity_timeout seconds
                break
            event = json.loads(body)
            if event["id"] not in seen:
                try:
                    handle(event)
                except Exception:
                    # Not acknowledged: the broker keeps it for a later try.
                    channel.basic_nack(method.delivery_tag, requeue=True)
                    raise
                seen.add(event["id"])
                handled += 1
            channel.basic_ack(method.delivery_tag)  # only now may the broker forget it
            if max_messages is not None and handled >= max_messages:
                break
        channel.cancel()
    finally:
        connection.close()
    return handled


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", required=True, help="amqp://user:password@host:5672/vhost")
    parser.add_argument("--exchange", required=True, help="accounts.events, reservations.events, billing.events…")
    parser.add_argument("--pattern", default="#", help="routing pattern: invoice.*, booking.#, #")
    parser.add_argument("--queue", required=True, help="your durable queue, e.g. mairie.finances.invoices")
    parser.add_argument("--max", type=int, default=None, help="stop after this many events")
    args = parser.parse_args()
    subscribe(args.uri, args.exchange, args.pattern, args.queue, max_messages=args.max)


if __name__ == "__main__":
    main()
