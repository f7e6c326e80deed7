"""The opening-day rush, shared by the concurrency test (`tests/e2e/test_rush.py`) and the benchmark
(`make bench-rush`): families made and enrolled through the services' RPC (set-up, not under test),
their sessions opened, and the checks of what the rush left in the database."""
from __future__ import annotations

import hashlib
import secrets
import threading
import time
import uuid
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta, timezone

import psycopg
import requests
from nameko.standalone.rpc import ClusterRpcProxy

import services.chassis.rpc_errors  # noqa: F401  (typed errors over RPC)
from gateway.auth import COOKIE
from tests.client import ApiClient
from tests.stack import Stack

PASSWORD = "Rush-Parent-2026"
ADMIN = {"user_id": str(uuid.uuid4()), "role": "admin", "family_id": None, "structure_ids": []}


def make_parents(stack: Stack, count: int, activity_id: str, tag: str, threads: int = 8) -> list[dict]:
    """`count` families of one child each, enrolled in the activity; [{login, child_id, family_id}]."""
    proxies, opened = threading.local(), []

    def rpc():  # one connection per thread: a proxy per call spends more on AMQP set-up than on the call
        if not hasattr(proxies, "rpc"):
            proxies.cluster = ClusterRpcProxy({"AMQP_URI": stack.amqp_uri}, timeout=120)
            proxies.rpc = proxies.cluster.start()
            opened.append(proxies.cluster)
        return proxies.rpc

    def create(index: int) -> dict:
        family = rpc().accounts.create_family(ADMIN, {
            "guardians": [{"civility": "Mme", "first_name": "Parent", "last_name": f"{tag}{index:05d}",
                           "email": f"{tag.lower()}{index:05d}@rush.example"}],
            "children": [{"first_name": "Enfant", "last_name": f"{tag}{index:05d}", "birth_date": "2016-05-01"}],
            "temporary_password": PASSWORD,
        })
        return {"login": family["login"], "child_id": family["children"][0]["id"], "family_id": family["id"]}

    def enrol(parent: dict) -> None:
        rpc().reservations.request_enrolment(ADMIN, {"child_id": parent["child_id"], "activity_id": activity_id})

    try:
        with ThreadPoolExecutor(threads) as pool:
            parents = list(pool.map(create, range(count)))
        # The first-login password change is another journey: these parents skip it.
        with psycopg.connect(stack.database_url("accounts"), autocommit=True) as conn:
            conn.execute("UPDATE users SET must_change_password = false WHERE role = 'parent'")
        wait_for_children(stack, {parent["child_id"] for parent in parents})
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(enrol, parents))
    finally:
        for cluster in opened:
            cluster.stop()
    return parents


def wait_for_children(stack: Stack, child_ids: set, timeout: float = 300) -> None:
    deadline = time.monotonic() + timeout
    with psycopg.connect(stack.database_url("reservations"), autocommit=True) as conn:
        while conn.execute("SELECT count(*) FROM children WHERE id = ANY(%s::uuid[])",
                           (list(child_ids),)).fetchone()[0] < len(child_ids):
            if time.monotonic() > deadline:
                raise RuntimeError("reservations did not learn every child in time")
            time.sleep(0.2)


def open_sessions(stack: Stack, parents: list[dict], threads: int = 8) -> list[ApiClient]:
    """Clients with a session each, opened straight in accounts' database (as a login would store it)
    and their CSRF token read from `/me`: for the benchmark, whose subject is the bookings, not the
    2,000 argon2 verifications of the logins (which took 400 s of its set-up)."""
    tokens = [secrets.token_urlsafe(32) for _ in parents]
    now = datetime.now(timezone.utc)
    with psycopg.connect(stack.database_url("accounts"), autocommit=True) as conn:
        conn.execute(
            "INSERT INTO sessions (token_sha256, user_id, created_at, expires_at)"
            " SELECT t.digest, u.id, %s, %s FROM unnest(%s::text[], %s::text[]) AS t(digest, login)"
            " JOIN users u ON lower(u.login) = lower(t.login)",
            (now, now + timedelta(hours=12), [hashlib.sha256(t.encode()).hexdigest() for t in tokens],
             [parent["login"] for parent in parents]))

    def client_for(token: str) -> ApiClient:
        client = ApiClient(stack.base_url)
        client.http.cookies.set(COOKIE, token)
        response = client.get("/me")
        response.raise_for_status()
        client.csrf_token = response.json()["csrf_token"]
        return client

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(client_for, tokens))


def send_all(requests: list, concurrency: int, retries: int = 0, rate: float | None = None,
             timeline: list | None = None):
    """Send `requests` [(client, child_id, changes, key)] from `concurrency` threads released together;
    a request that fails (5xx, timeout) is sent again with the same Idempotency-Key, as a client would.
    Without `rate`, each thread sends its next request as soon as answered; with it, the i-th request
    is due i / rate seconds after the start and its latency counts from then (waiting for a free
    thread included: no coordinated omission).
    `timeline`, if given, gets `(seconds from the start when sent or due, latency)` of every try.
    → (answers {key: (child_id, result lines)}, latencies, seconds, errors Counter)."""
    answers, latencies, errors, lock = {}, [], Counter(), threading.Lock()
    work = iter(enumerate(requests))
    start = []
    gate = threading.Barrier(concurrency, action=lambda: start.append(time.perf_counter()))

    def worker():
        gate.wait()
        while True:
            with lock:
                index, item = next(work, (None, None))
            if item is None:
                return
            client, child_id, changes, key = item
            due = start[0] + index / rate if rate else None
            if due is not None:
                time.sleep(max(0.0, due - time.perf_counter()))
            for attempt in range(retries + 1):
                sent = due if due is not None and attempt == 0 else time.perf_counter()
                try:
                    response = client.book(child_id, changes, key)
                except Exception as exc:  # noqa: BLE001 - a dropped connection is retried like a 5xx
                    response, failure = None, type(exc).__name__
                elapsed = time.perf_counter() - sent
                with lock:
                    latencies.append(elapsed)
                    if timeline is not None:
                        timeline.append((sent - start[0], elapsed))
                    if response is not None and response.status_code == 200:
                        answers[key] = (child_id, response.json()["results"])
                        break
                    errors[response.status_code if response is not None else failure] += 1

    seconds = run_threads(worker, concurrency)
    return answers, latencies, seconds, errors


STATS_SECONDS = 5.5  # how stale RabbitMQ's management figures may be (collect_statistics_interval)


def wait_until_quiet(stack: Stack, timeout: float = 600) -> float:
    """Wait until the set-up's echoes are over (every outbox relayed, every queue of the vhost empty,
    the welcome emails sent), so the rush is measured alone; → the seconds waited."""
    started = time.monotonic()
    api = requests.Session()
    api.auth = ("guest", "guest")
    queues_url = f"{stack.rabbit_api.replace('guest:guest@', '')}/api/queues/{stack.vhost}"
    quiet_since = None
    while time.monotonic() - started < timeout:
        unsent = 0
        for service in ("accounts", "reservations", "billing", "notifications"):
            with psycopg.connect(stack.database_url(service), autocommit=True) as conn:
                unsent += conn.execute("SELECT count(*) FROM outbox WHERE sent_at IS NULL").fetchone()[0]
                if service == "notifications":
                    unsent += conn.execute("SELECT count(*) FROM emails WHERE status = 'pending'"
                                           " AND to_address IS NOT NULL").fetchone()[0]
        queued = sum(queue.get("messages", 0) for queue in
                     api.get(queues_url).json())
        # RabbitMQ's queue figures are refreshed every 5 s: quiet only when they stayed so longer than that
        if unsent == 0 and queued == 0:
            quiet_since = quiet_since or time.monotonic()
            if time.monotonic() - quiet_since > STATS_SECONDS:
                return quiet_since - started
        else:
            quiet_since = None
        time.sleep(1)
    raise RuntimeError("the stack did not settle after its set-up")


def run_threads(worker, count: int) -> float:
    """Run `worker` in `count` threads until all end; → the seconds it took."""
    threads = [threading.Thread(target=worker) for _ in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - started


def live_bookings(stack: Stack, activity_id: str) -> list[tuple]:
    """(child_id, date, unit, status, waiting_position, history id of its first line) of the activity."""
    with psycopg.connect(stack.database_url("reservations"), autocommit=True) as conn:
        # One aggregate of the history joined, not a subquery per booking: the history has no index by
        # booking, and a fresh table has no statistics to steer the planner away from 60,000 scans.
        return conn.execute(
            "SELECT b.child_id::text, b.date::text, b.unit, b.status, b.waiting_position, h.first_id "
            "  FROM bookings b LEFT JOIN (SELECT booking_id, min(id) AS first_id FROM booking_changes "
            "                              GROUP BY booking_id) h ON h.booking_id = b.id "
            " WHERE b.activity_id = %s AND b.status IN ('accepted', 'waiting_list', 'pending')",
            (activity_id,)).fetchall()


def check(rows: list[tuple], answers: dict, expected: set, capacity: int) -> dict:
    """What the rush left: overbooking, waiting lines out of arrival order or with gaps, lines lost
    (asked, answered or stored missing) and duplicated."""
    per_slot, live = defaultdict(list), Counter()
    for child_id, day, unit, status, position, arrival in rows:
        per_slot[(day, unit)].append((status, position, arrival))
        live[(child_id, day, unit)] += 1
    accepted = {slot: sum(1 for status, _, _ in bookings if status == "accepted")
                for slot, bookings in per_slot.items()}
    order_violations = 0
    for bookings in per_slot.values():
        line = sorted((arrival, position) for status, position, arrival in bookings if status == "waiting_list")
        # positions run 1..n in the order the service took the requests in (their history ids)
        order_violations += sum(1 for rank, (_, position) in enumerate(line, 1) if position != rank)
    answered = {(child_id, line["date"], line["unit"]) for child_id, lines in answers.values() for line in lines
                if line["status"] in ("accepted", "waiting_list", "pending")}
    stored = set(live)
    return {
        "overbooked": sum(max(0, n - capacity) for n in accepted.values()),
        "order_violations": order_violations,
        "lost": len(expected - stored) + len(expected - answered),
        "duplicated": sum(n - 1 for n in live.values() if n > 1),
        "accepted_per_slot": sorted(set(accepted.values())),
    }
