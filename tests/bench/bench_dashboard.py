"""`make bench-dashboard`: parents open their dashboard.

200 logged-in parents (one child each, 6 days × 3 units booked in the coming weeks, the first three
days invoiced, two news), each with its own keep-alive connection, against the whole stack (two
gateway workers) on this machine. Each has landed on its dashboard once, as after logging in; then:
1. they load `GET /api/v1/dashboard` continuously for 30 s, each again as soon as answered: the
   capacity (`req_per_s`);
2. they load it at the target rate (`--rate`, 300 req/s together) for 30 s: the latencies under that
   load (`p50_ms` `p95_ms` `p99_ms`). Both are needed: 200 clients that never pause can only see
   p99 < 200 ms above 1,000 req/s (Little's law: mean latency = clients / throughput);
3. billing stopped, at the same rate for 30 s (`degraded_*`): the dashboard must still answer, billing's
   panel in `unavailable` or still the one the gateway kept (nothing can change it while billing is
   down). With `--staff-write`, staff publish a news first: a staff write forgets every kept dashboard,
   so all 200 load again at once with billing down (the breaker then names it `unavailable`).
A non-200 answer is an error. The last line holds the figures as key=value pairs. `--no-cache` measures
the gateway without its panel cache (every load asks the four services).

    python -m tests.bench.bench_dashboard [--families 200] [--clients 200] [--seconds 30] [--rate 300] [--no-cache]
                                         [--staff-write]
"""
from __future__ import annotations

import argparse
import os
import random
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

from tests import rush
from tests.bench.bench_rush import STAFF_LOGIN, STAFF_PASSWORD, UNITS, cpu_seconds, percentile
from tests.bench.bench_rush import set_up as make_families
from tests.client import ApiClient
from tests.stack import Stack

BOOKED_DAYS, INVOICED_DAYS = 6, 3


def coming_days(count: int) -> list[str]:
    """`count` weekdays from tomorrow on: within the dashboard's upcoming 30 days."""
    day, days = date.today() + timedelta(days=1), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def set_up(stack: Stack, families: int) -> tuple[list[ApiClient], ApiClient]:
    """Families enrolled and their sessions (as bench-rush makes them), their bookings through the API,
    an invoice each for the first days, two news; → the parents' clients, and staff's."""
    days = coming_days(BOOKED_DAYS)
    activity, parents = make_families(stack, families, days, capacity=families)
    staff = ApiClient(stack.base_url)
    staff.login(STAFF_LOGIN, STAFF_PASSWORD)
    for news in ({"title": "Vacances de Noël", "body": "Les inscriptions sont ouvertes."},
                 {"title": "Sortie au musée", "body": "Prévoir un pique-nique.", "activity_id": activity["id"]}):
        staff.post("/staff/news", news).raise_for_status()
    started = time.monotonic()
    clients = rush.open_sessions(stack, parents)
    lines = [{"activity_id": activity["id"], "date": day, "unit": unit, "action": "book"}
             for day in days for unit in UNITS]
    answers, _, _, errors = rush.send_all([(client, parent["child_id"], lines, str(uuid.uuid4()))
                                           for parent, client in zip(parents, clients)], 16, retries=2)
    if len(answers) < families:
        raise RuntimeError(f"bookings refused: {dict(errors)}")
    rush.wait_until_quiet(stack)  # billing has recorded the consumptions
    regie_id = staff.get("/staff/regies").json()[0]["id"]
    run = staff.post("/staff/invoicing-runs", {"regie_id": regie_id, "period_start": days[0],
                                               "period_end": days[INVOICED_DAYS - 1]}).json()
    while run["status"] == "running":
        time.sleep(0.2)
        run = staff.get(f"/staff/invoicing-runs/{run['id']}").json()
    if run["status"] != "completed" or run["invoices_issued"] != families:
        raise RuntimeError(f"invoicing run: {run}")
    print(f"set-up: {families} sessions, {len(lines)} bookings and an invoice each in"
          f" {time.monotonic() - started:.0f} s; settled in {rush.wait_until_quiet(stack):.0f} s more", flush=True)
    return clients, staff


def load(clients: list[ApiClient], seconds: float, degraded: bool,
         rate: float | None = None) -> tuple[list[float], Counter, float]:
    """Each client loads its dashboard again and again for `seconds`; → (latencies, outcomes, seconds).
    Without `rate`, as fast as the answers come (the capacity). With `rate` (req/s offered by all the
    clients together), each client sends on its own schedule, one load every `len(clients) / rate`
    seconds from a random start; a latency counts from the scheduled time, so an answer late enough
    to delay the next sending is counted in full (no coordinated omission).
    Outcomes: `ok`, `ok_kept` (billing stopped, its panel still shown from the gateway's cache: nothing
    changed it since), `partial` (a panel missing that should not be), or the error (status, exception)."""
    latencies, outcomes, lock = [], Counter(), threading.Lock()
    expected = ["billing"] if degraded else []
    gate = threading.Barrier(len(clients))
    clients_left = iter(clients)
    interval = len(clients) / rate if rate else 0.0

    def worker():
        with lock:
            client = next(clients_left)
        gate.wait()
        deadline = time.perf_counter() + seconds
        due = time.perf_counter() + random.uniform(0, interval)
        while due < deadline:
            time.sleep(max(0.0, due - time.perf_counter()))
            sent = due if rate else time.perf_counter()
            try:
                response = client.get("/dashboard")
                outcome = response.status_code
                if outcome == 200:
                    missing = response.json()["unavailable"]
                    outcome = "ok" if missing == expected else "ok_kept" if degraded and not missing else "partial"
            except Exception as exc:  # noqa: BLE001 - a dropped connection is an error like a 5xx
                outcome = type(exc).__name__
            answered = time.perf_counter()
            with lock:
                latencies.append(answered - sent)
                outcomes[outcome] += 1
            due = due + interval if rate else answered

    return latencies, outcomes, rush.run_threads(worker, len(clients))


def report(label: str, latencies: list[float], outcomes: Counter, elapsed: float, cpu: Counter) -> None:
    print(f"{label}: {len(latencies)} requests in {elapsed:.1f} s, {len(latencies) / elapsed:.0f} req/s,"
          f" p50 {percentile(latencies, 0.5) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms;"
          f" answers {dict(outcomes)}")
    print(f"{label} cpu_ms_per_request: " + " ".join(f"{name}={used * 1000 / len(latencies):.1f}"
                                                     for name, used in sorted(cpu.items()) if used > 0)
          + f" (over {elapsed:.1f} s on {os.cpu_count()} cores)", flush=True)


def broker_cpu_seconds() -> float:
    """CPU time so far of this machine's RabbitMQ, which carries the dashboard's RPCs (shared
    with whatever else uses the broker meanwhile)."""
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            if (entry / "comm").read_text().strip() == "beam.smp":
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        except OSError:
            continue
    return 0.0


def measure(stack: Stack, clients: list[ApiClient], seconds: float, degraded: bool, label: str,
            rate: float | None = None):
    before, broker_before = cpu_seconds(stack), broker_cpu_seconds()
    latencies, outcomes, elapsed = load(clients, seconds, degraded, rate)
    cpu = cpu_seconds(stack)
    cpu.subtract(before)
    cpu["rabbitmq"] = broker_cpu_seconds() - broker_before
    report(label, latencies, outcomes, elapsed, cpu)
    errors = sum(n for outcome, n in outcomes.items() if outcome not in ("ok", "ok_kept", "partial"))
    return latencies, elapsed, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=200)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--rate", type=float, default=300,
                        help="req/s the parents send together while latencies are measured (the target)")
    parser.add_argument("--staff-write", action="store_true",
                        help="staff publish a news once billing is stopped: every dashboard loads again")
    parser.add_argument("--no-cache", action="store_true",
                        help="gateway without its dashboard cache: every load asks the services")
    args = parser.parse_args()
    if args.clients > args.families:
        parser.error("one client per parent: --clients cannot exceed --families")

    stack = Stack(Path(tempfile.mkdtemp(prefix="bench-dashboard-")),
                  name=f"{os.environ.get('E2E_STACK_NAME', 'bench')}_dashboard", gateway_workers=2)
    if args.no_cache:
        stack.env["DASHBOARD_CACHE_SECONDS"] = "0"
    stack.reset()
    try:
        stack.start()
        clients, staff = set_up(stack, args.families)
        clients = clients[:args.clients]
        with ThreadPoolExecutor(32) as pool:  # each parent lands on its dashboard once, as after logging in
            list(pool.map(lambda client: client.get("/dashboard"), clients))
        capacity, capacity_elapsed, capacity_errors = measure(stack, clients, args.seconds, False,
                                                              "all services up, as fast as answered")
        latencies, elapsed, errors = measure(stack, clients, args.seconds, False,
                                             f"all services up, {args.rate:.0f} req/s offered", args.rate)
        stack.stop_service("billing")
        if args.staff_write:  # every kept dashboard forgotten: they all load again, billing down
            staff.post("/staff/news", {"title": "Fermeture exceptionnelle", "body": "Le centre ferme à 17 h."}
                       ).raise_for_status()
        degraded, degraded_elapsed, degraded_errors = measure(stack, clients, args.seconds, True,
                                                              f"billing stopped, {args.rate:.0f} req/s offered",
                                                              args.rate)
    finally:
        stack.stop()

    print(f"logs in {stack.logs}")
    print(f"req_per_s={len(capacity) / capacity_elapsed:.0f} p50_ms={percentile(latencies, 0.50) * 1000:.0f}"
          f" p95_ms={percentile(latencies, 0.95) * 1000:.0f} p99_ms={percentile(latencies, 0.99) * 1000:.0f}"
          f" degraded_req_per_s={len(degraded) / degraded_elapsed:.0f}"
          f" degraded_p99_ms={percentile(degraded, 0.99) * 1000:.0f}"
          f" errors={capacity_errors + errors + degraded_errors}"
          f" offered_req_per_s={args.rate:.0f} served_req_per_s={len(latencies) / elapsed:.0f}")


if __name__ == "__main__":
    main()
