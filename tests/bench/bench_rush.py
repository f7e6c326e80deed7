"""`make bench-rush`: the morning summer bookings open.

2,000 families, one child each, each books 10 days × (matin, midi, après-midi) of one ALSH with 40
places a day — by default as the month planning sends them, the 30 lines in one request after the
summary is confirmed (`--batch day`: one request per day instead) — from 200 concurrent
clients through the gateway's HTTP API, against the whole stack
(two reservations processes, two gateway workers) on this machine. Twice, on other days each time:
1. each client sends its next request as soon as answered: the capacity (`lines_per_s`);
2. the requests are due at the target rate (`--rate`, 1,000 lines/s offered): the latencies under that
   load (`p50_ms` `p95_ms` `p99_ms`, counted from each request's due time). Both are needed: 200
   clients that never pause see a mean latency of 200 / requests per second (Little's law), so
   p99 < 1 s would take more than 200 month requests (6,000 lines) a second — above what even the
   SQL reference writes on this machine.
Then the same writes as the first rush done directly in SQL, as the reference. Overbooking, waiting
lines out of order, lost and duplicated lines are counted over both rushes. The last line holds the
figures as key=value pairs.

    python -m tests.bench.bench_rush [--families 2000] [--clients 200] [--days 10] [--capacity 40]
                                     [--batch day|month] [--rate 1000]
"""
from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import threading
import time
import uuid
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path

import psycopg

from tests import rush
from tests.client import ApiClient
from tests.stack import Stack

UNITS = ("matin", "midi", "apres_midi")
STAFF_LOGIN, STAFF_PASSWORD = "bench.staff", "Bench-Staff-2026"


def opening_days(count: int) -> list[str]:
    """`count` weekdays starting next July (the summer holidays)."""
    day, days = date(date.today().year + 1, 7, 6), []
    while len(days) < count:
        if day.weekday() < 5:
            days.append(day.isoformat())
        day += timedelta(days=1)
    return days


def set_up(stack: Stack, families: int, days: list[str], capacity: int) -> tuple[dict, list[dict]]:
    stack.run_tool("-m", "services.accounts.bootstrap", "--login", STAFF_LOGIN, "--password", STAFF_PASSWORD,
                   "--role", "admin")
    staff = ApiClient(stack.base_url)
    staff.login(STAFF_LOGIN, STAFF_PASSWORD)
    structure = staff.post("/staff/structures", {"name": "ALSH été", "kind": "alsh"}).json()
    activity = staff.post("/staff/activities", {
        "structure_id": structure["id"], "name": "ALSH 6-12 ans", "booking_mode": "automatic",
        "units": [{"code": u, "label": u} for u in UNITS]}).json()
    staff.post(f"/staff/activities/{activity['id']}/days",
               {"days": [{"date": d, "unit": u, "capacity": capacity} for d in days for u in UNITS]})
    regie = staff.post("/staff/regies", {"name": "Régie ALSH"}).json()
    for unit in UNITS:
        staff.post("/staff/tariffs", {"regie_id": regie["id"], "activity_id": activity["id"], "unit": unit,
                                      "rule": "flat", "amount_cents": 500})
    started = time.monotonic()
    parents = rush.make_parents(stack, families, activity["id"], "RUSH")
    print(f"set-up: {families} families made and enrolled in {time.monotonic() - started:.0f} s", flush=True)
    return activity, parents


def batches(activity: dict, days: list[str], parents: list[dict], clients: list, batch: str) -> list[tuple]:
    """`day`: day after day, the three units of a day in one request (a parent ticks a day and
    confirms); `month`: the ten days at once, as the month planning sends them after its summary."""
    def lines(chosen):
        return [{"activity_id": activity["id"], "date": day, "unit": unit, "action": "book"}
                for day in chosen for unit in UNITS]

    if batch == "month":
        return [(client, parent["child_id"], lines(days), str(uuid.uuid4())) for parent, client in zip(parents, clients)]
    return [(client, parent["child_id"], lines([day]), str(uuid.uuid4()))
            for day in days for parent, client in zip(parents, clients)]


def sql_reference(stack: Stack, parents: list[dict], activity: dict, days: list[str], concurrency: int) -> float:
    """The same bookings as plain SQL transactions, one per family and day like the rush (lock the
    day's rows, count, insert), from 50 connections on the same machine."""
    url = stack.database_url("reservations")
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("""
            CREATE TABLE IF NOT EXISTS bench_slots (date date, unit text, capacity int, accepted int DEFAULT 0,
                                                    waiting int DEFAULT 0, PRIMARY KEY (date, unit));
            CREATE TABLE IF NOT EXISTS bench_bookings (child_id uuid, date date, unit text, status text,
                                                       position int, PRIMARY KEY (child_id, date, unit));
            TRUNCATE bench_slots, bench_bookings;""")
        capacity = conn.execute("SELECT capacity FROM opening_days LIMIT 1").fetchone()[0]
        for day in days:
            for unit in UNITS:
                conn.execute("INSERT INTO bench_slots (date, unit, capacity) VALUES (%s, %s, %s)", (day, unit, capacity))
    work = iter([(parent, day) for parent in parents for day in days])
    lock = threading.Lock()

    def worker():
        with psycopg.connect(url) as conn:
            while True:
                with lock:
                    item = next(work, None)
                if item is None:
                    return
                parent, day = item
                with conn.transaction():
                    slots = conn.execute("SELECT date, unit, capacity, accepted, waiting FROM bench_slots "
                                         "WHERE date = %s ORDER BY unit FOR UPDATE", (day,)).fetchall()
                    for day, unit, cap, accepted, waiting in slots:
                        status, position = ("accepted", None) if accepted < cap else ("waiting_list", waiting + 1)
                        conn.execute("INSERT INTO bench_bookings VALUES (%s, %s, %s, %s, %s)",
                                     (parent["child_id"], day, unit, status, position))
                        conn.execute("UPDATE bench_slots SET accepted = accepted + %s, waiting = waiting + %s "
                                     "WHERE date = %s AND unit = %s",
                                     (int(status == "accepted"), int(status == "waiting_list"), day, unit))

    elapsed = rush.run_threads(worker, concurrency)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("DROP TABLE bench_slots, bench_bookings")
    return len(parents) * len(days) * len(UNITS) / elapsed


def cpu_seconds(stack: Stack) -> Counter:
    """CPU time (user + system) so far of the stack's processes (with their children, e.g. the gateway's
    workers) by service, of the PostgreSQL backends serving its databases, of RabbitMQ (shared with
    whatever else uses the broker) and of this client."""
    tick, stats, brokers = os.sysconf("SC_CLK_TCK"), {}, []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            name, rest = (entry / "stat").read_text().rsplit(")", 1)
        except (OSError, ValueError):
            continue
        fields = rest.split()
        stats[int(entry.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])) / tick)
        if name.endswith("(beam.smp"):
            brokers.append(int(entry.name))
    children = defaultdict(list)
    for pid, (parent, _) in stats.items():
        children[parent].append(pid)

    def tree(pid: int) -> float:
        return stats.get(pid, (0, 0.0))[1] + sum(tree(child) for child in children[pid])

    used = Counter()
    for name, process in stack.processes.items():
        used[name.split("-")[0]] += tree(process.pid)
    with psycopg.connect(stack.database_url("reservations"), autocommit=True) as conn:
        backends = conn.execute("SELECT pid FROM pg_stat_activity WHERE datname LIKE %s",
                                (stack.database_prefix + "%",)).fetchall()
    used["postgres"] = sum(stats.get(pid, (0, 0.0))[1] for (pid,) in backends)
    used["rabbitmq"] = sum(stats[pid][1] for pid in brokers)
    used["bench_client"] = sum(os.times()[:2])
    return used


def reservations_commits(stack: Stack) -> int:
    """Transactions committed so far in reservations' database (the batching shows as fewer than requests)."""
    with psycopg.connect(stack.database_url("reservations"), autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        return conn.execute("SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
                            ).fetchone()[0]


def percentile(values: list[float], fraction: float) -> float:
    return statistics.quantiles(values, n=1000)[int(fraction * 1000) - 1] if len(values) > 1 else values[0]


def rush_once(stack: Stack, activity: dict, days: list[str], parents: list[dict], clients: list,
              args, rate: float | None, label: str) -> tuple[dict, list[float], dict]:
    """One rush on `days`: → (figures of what it left, latencies, what it took)."""
    requests = batches(activity, days, parents, clients, args.batch)
    cpu_before, commits_before = cpu_seconds(stack), reservations_commits(stack)
    per_request = len(requests[0][2])
    timeline = []
    answers, latencies, seconds, errors = rush.send_all(requests, args.clients, retries=2,
                                                        rate=rate / per_request if rate else None, timeline=timeline)
    commits = reservations_commits(stack) - commits_before
    caught_up = 0.0 if args.booking_path_only else rush.wait_until_quiet(stack)
    cpu = cpu_seconds(stack)  # with the followers' catching up: what a request costs in all
    cpu.subtract(cpu_before)
    expected = {(p["child_id"], d, u) for p in parents for d in days for u in UNITS}
    rows = [row for row in rush.live_bookings(stack, activity["id"]) if str(row[1]) in days]
    figures = rush.check(rows, answers, expected, args.capacity)
    lines = sum(len(result) for _, result in answers.values())
    print(f"{label}: {len(latencies)} requests ({args.batch} batches) in {seconds:.1f} s, {lines / seconds:.0f} lines/s"
          f" ({dict(errors) or 'no'} HTTP errors), p50 {percentile(latencies, 0.5) * 1000:.0f} ms,"
          f" p99 {percentile(latencies, 0.99) * 1000:.0f} ms; billing and notifications caught up {caught_up:.0f} s"
          f" later; accepted per day and unit: {figures['accepted_per_slot']} for {args.capacity} places")
    # what one request costs each process: × the rate asked for, it must fit in the machine's cores
    print(f"{label} cpu_ms_per_request: " + " ".join(f"{name}={used * 1000 / len(latencies):.1f}"
                                                     for name, used in sorted(cpu.items()) if used > 0)
          + f" (over {seconds:.1f} s on {os.cpu_count()} cores); reservations committed {commits} transactions"
            f" for {len(latencies)} requests (batches, outbox relays and reads included)", flush=True)
    print(f"{label} p99_ms by 5 s of the rush: " + " ".join(
        f"{int(window) * 5}s={percentile(found, 0.99) * 1000:.0f}" for window, found in sorted(windows(timeline).items())))
    return figures, latencies, {"lines_per_s": lines / seconds}


def windows(timeline: list) -> dict:
    """Latencies by 5-second window of when they were sent (a stall shows as one bad window)."""
    found = defaultdict(list)
    for at, latency in timeline:
        found[at // 5].append(latency)
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--families", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--days", type=int, default=10)
    parser.add_argument("--capacity", type=int, default=40)
    parser.add_argument("--batch", choices=("day", "month"), default="month",
                        help="lines per request: the whole ten days (default) or a day's three units")
    parser.add_argument("--rate", type=float, default=1000,
                        help="booking lines/s offered in the second rush, where latencies are measured")
    parser.add_argument("--no-followers-yield", dest="followers_yield", action="store_false",
                        help="run billing and notifications at the same CPU priority as the booking path")
    parser.add_argument("--booking-path-only", action="store_true",
                        help="stop billing and notifications before the rush: the ceiling of the booking path")
    args = parser.parse_args()

    days = opening_days(2 * args.days)
    capacity_days, paced_days = days[:args.days], days[args.days:]
    # The services that only follow the rush (billing's consumptions, notifications' emails and reports,
    # the mail sink) yield the CPU to the ones that answer it, as lower CPU shares would in production;
    # they catch up afterwards, and the bench prints how long that took.
    followers = {"billing": 10, "notifications": 10, "mail": 10} if args.followers_yield else {}
    stack = Stack(Path(tempfile.mkdtemp(prefix="bench-rush-")), name=os.environ.get("E2E_STACK_NAME", "bench"),
                  replicas={"reservations": 2}, gateway_workers=2, niceness=followers)
    stack.reset()
    try:
        stack.start()
        activity, parents = set_up(stack, args.families, days, args.capacity)
        started = time.monotonic()
        clients = rush.open_sessions(stack, parents)
        print(f"set-up: {len(clients)} sessions in {time.monotonic() - started:.0f} s; settled in"
              f" {rush.wait_until_quiet(stack):.0f} s more", flush=True)
        if args.booking_path_only:
            stack.stop_service("billing")
            stack.stop_service("notifications")
        first, _, capacity = rush_once(stack, activity, capacity_days, parents, clients, args, None,
                                       "rush as fast as answered")
        second, latencies, paced = rush_once(stack, activity, paced_days, parents, clients, args, args.rate,
                                             f"rush at {args.rate:.0f} lines/s offered")
        reference = sql_reference(stack, parents, activity, capacity_days, min(args.clients, 50))
    finally:
        stack.stop()

    print(f"logs in {stack.logs}")
    both = {name: first[name] + second[name] for name in ("overbooked", "order_violations", "lost", "duplicated")}
    print(f"lines_per_s={capacity['lines_per_s']:.0f} p50_ms={percentile(latencies, 0.50) * 1000:.0f}"
          f" p95_ms={percentile(latencies, 0.95) * 1000:.0f} p99_ms={percentile(latencies, 0.99) * 1000:.0f}"
          f" overbooked={both['overbooked']} order_violations={both['order_violations']} lost={both['lost']}"
          f" duplicated={both['duplicated']} sql_reference_lines_per_s={reference:.0f}"
          f" ratio={capacity['lines_per_s'] / reference:.2f}"
          f" offered_lines_per_s={args.rate:.0f} served_lines_per_s={paced['lines_per_s']:.0f}")


if __name__ == "__main__":
    main()
