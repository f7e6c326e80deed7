"""`make bench-invoicing`: the monthly invoicing run of a town.

10,000 families with 20 consumptions each (written directly in SQL into a fresh billing database:
the set-up is not measured), then one monthly run through the billing service as a real process
(RPC start, wait until completed): its time and invoices per second; the PDF rendering time per
invoice (the average over 200 invoices); as reference, the same totals computed by one SQL
aggregate, and the ratio. The last line holds the figures as key=value pairs.

    python -m tests.bench.bench_invoicing [--families 10000] [--consumptions 20] [--pdfs 200]
"""
from __future__ import annotations

import argparse
import os
import tempfile
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import psycopg
from nameko.standalone.rpc import ServiceRpcProxy

import services.chassis.rpc_errors  # noqa: F401  (ServiceError comes back as itself)
from deploy.healthcheck import service_is_healthy
from services.billing.invoicing.documents import invoice_pdf
from tests.stack import Stack

STAFF = {"user_id": str(uuid.uuid4()), "role": "admin"}
PERIOD = (date(2026, 11, 1), date(2026, 11, 30))
ACTIVITIES = ("Accueil du matin", "Restauration scolaire", "Accueil du soir")
PRICES = (150, 420, 275)


def weekdays(count: int) -> list[date]:
    day, days = PERIOD[0], []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
        if day > PERIOD[1]:
            day = PERIOD[0]
    return days


def fill(url: str, regie_id: str, activity_ids: list[str], families: int, consumptions: int) -> None:
    """Families, one child each, and their consumptions of the month (recorded at the tariff), with COPY."""
    days = weekdays(consumptions)
    with psycopg.connect(url) as conn:
        with conn.cursor() as cursor:
            with cursor.copy("COPY families (id, number, display_name, quotient) FROM STDIN") as families_copy:
                family_rows = []
                for index in range(families):
                    family_id, child_id = str(uuid.uuid4()), str(uuid.uuid4())
                    family_rows.append((family_id, child_id))
                    families_copy.write_row((family_id, f"F{index:06d}", f"Famille Bench {index}", 800))
            with cursor.copy("COPY children (id, family_id, first_name, last_name) FROM STDIN") as children_copy:
                for index, (family_id, child_id) in enumerate(family_rows):
                    children_copy.write_row((child_id, family_id, f"Enfant {index}", "Bench"))
            with cursor.copy("COPY consumptions (id, booking_id, family_id, child_id, activity_id, activity_name, "
                             "date, unit, quantity, unit_price_cents, amount_cents, regie_id, booking_event_at) "
                             "FROM STDIN") as consumptions_copy:
                for index, (family_id, child_id) in enumerate(family_rows):
                    for number, day in enumerate(days):
                        activity = number % len(ACTIVITIES)
                        price = PRICES[activity]
                        consumptions_copy.write_row((
                            str(uuid.uuid4()), str(uuid.uuid4()), family_id, child_id, activity_ids[activity],
                            ACTIVITIES[activity], day, "jour", 1, price, price, regie_id, "2026-10-01T08:00:00Z"))
        # Only the tables filled: statistics saying "invoices is empty" would freeze the plans of its
        # foreign-key checks into sequential scans (this server runs without autovacuum).
        conn.execute("ANALYZE families, children, consumptions")


def sql_reference(url: str, regie_id: str) -> tuple[float, int, int]:
    """Each family's total of the month in one aggregate → (seconds, families, total cents)."""
    with psycopg.connect(url) as conn:
        started = time.perf_counter()
        rows = conn.execute(
            "SELECT family_id, sum(amount_cents) AS total FROM consumptions "
            "WHERE regie_id = %s AND date BETWEEN %s AND %s AND billable GROUP BY family_id",
            (regie_id, *PERIOD),
        ).fetchall()
        seconds = time.perf_counter() - started
    return seconds, len(rows), sum(int(row[1]) for row in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=10_000)
    parser.add_argument("--consumptions", type=int, default=20)
    parser.add_argument("--pdfs", type=int, default=200)
    args = parser.parse_args()

    stack = Stack(Path(tempfile.mkdtemp(prefix="bench-invoicing-")),
                  name=f"{os.environ.get('E2E_STACK_NAME', 'bench')}_invoicing")
    stack.reset()
    stack.logs.mkdir(parents=True, exist_ok=True)
    stack.start_service("billing")
    try:
        deadline = time.monotonic() + 60
        while not service_is_healthy("billing", timeout=2, amqp_uri=stack.amqp_uri):
            if time.monotonic() > deadline:
                raise RuntimeError(f"billing did not start; see {stack.logs}")
        with ServiceRpcProxy("billing", {"AMQP_URI": stack.amqp_uri, "serializer": "json"}, timeout=60) as billing:
            regie = billing.create_regie(STAFF, {"name": "Régie périscolaire", "code": "PERI"})
            activity_ids = [str(uuid.uuid4()) for _ in ACTIVITIES]
            for activity_id, price in zip(activity_ids, PRICES):
                billing.set_tariff(STAFF, {"regie_id": regie["id"], "activity_id": activity_id, "unit": "jour",
                                           "rule": "flat", "amount_cents": price, "valid_from": "2026-09-01"})
            url = stack.database_url("billing")
            started = time.monotonic()
            fill(url, regie["id"], activity_ids, args.families, args.consumptions)
            print(f"set-up: {args.families} families, {args.families * args.consumptions} consumptions "
                  f"in {time.monotonic() - started:.0f} s", flush=True)

            reference_s, reference_families, reference_cents = sql_reference(url, regie["id"])

            started = time.perf_counter()
            run = billing.start_invoicing_run(STAFF, {"regie_id": regie["id"], "period_start": PERIOD[0].isoformat(),
                                                      "period_end": PERIOD[1].isoformat()})
            while run["status"] == "running":
                time.sleep(0.1)
                run = billing.get_invoicing_run(STAFF, run["id"])
            run_s = time.perf_counter() - started
            if run["status"] != "completed":
                raise RuntimeError(f"the run {run['status']}: {run['error']}")
            if (run["invoices_issued"], run["total_cents"]) != (reference_families, reference_cents):
                raise RuntimeError(f"the run does not match the SQL totals: {run} vs "
                                   f"{reference_families} families, {reference_cents} cents")
            print(f"run: {run['invoices_issued']} invoices, {run['total_cents']} cents in {run_s:.1f} s", flush=True)

            with psycopg.connect(url) as conn:
                sample = [row[0] for row in conn.execute(
                    "SELECT id::text FROM invoices ORDER BY sequence_number LIMIT %s", (args.pdfs,))]
            billing.invoice_pdf(STAFF, sample[0])  # the RPC works; the timing below is the rendering alone
            invoices = [billing.get_invoice(STAFF, invoice_id) for invoice_id in sample]
    finally:
        stack.stop()

    started = time.perf_counter()
    for invoice in invoices:
        invoice_pdf(invoice, "F000001", "Famille Bench", "Chèque à l'ordre du Trésor public.")
    pdf_ms = (time.perf_counter() - started) / len(invoices) * 1000

    issued = run["invoices_issued"]
    print(f"invoices={issued} run_s={run_s:.2f} invoices_per_s={issued / run_s:.0f} pdf_ms={pdf_ms:.1f} "
          f"sql_reference_s={reference_s:.3f} ratio={run_s / reference_s:.0f}")


if __name__ == "__main__":
    main()
