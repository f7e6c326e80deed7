"""Booking requests of one process applied together, in one transaction.

On the opening-day rush every request wants the same few day rows: one transaction per request
queues them on those locks, and each pays its own commit. Here the requests that arrive while a
batch runs wait, and the next batch takes them all (in their order of arrival): the key of each is
claimed, then the pools of the whole batch are locked once (one order, as every writer does), then
each request is checked and applied in its own savepoint — a request that fails is undone alone —
and one commit ends them all. Each request gets its own answer and idempotency record; the waiting
lines follow the order of arrival, since the batch applies its requests in that order.
"""
from __future__ import annotations

import logging
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime

from eventlet.queue import LightQueue
from nameko.extensions import DependencyProvider

from services.chassis.errors import ServiceError, not_found
from services.reservations import access
from services.reservations.booking import domain, engine, storage
from services.reservations.offer import storage as offer_storage

log = logging.getLogger(__name__)

MAX_BATCH = 64
_LEAD, _DONE = "lead", "done"


@dataclass
class Job:
    """One `book` call: what was asked, then its answer or its error."""

    caller: object              # services.chassis.identity.Caller
    child_id: object
    changes: list
    key: str
    fingerprint: str
    now: datetime
    answer: dict | None = None
    error: Exception | None = None
    request: engine.Request | None = None
    signal: LightQueue = field(default_factory=lambda: LightQueue(1))

    @property
    def claim(self) -> tuple:
        return (self.caller.user_id, self.key)

    @property
    def activity_ids(self) -> list[str]:
        return sorted({str(change["activity_id"]) for change in self.changes})

    def outcome(self) -> dict:
        if self.error is not None:
            raise self.error
        return self.answer

    def reset(self) -> None:
        self.answer, self.error, self.request = None, None, None


class RequestQueue:
    """Requests wait here while a batch runs; the first in line runs the next batch in its own
    green thread, so no request waits for more than the batch before its own."""

    def __init__(self, max_batch: int = MAX_BATCH):
        self.max_batch = max_batch
        self._waiting: deque[Job] = deque()
        self._busy = False

    def submit(self, job: Job, run_batch) -> dict:
        """`run_batch(jobs)` sets the answer or the error of each job; → this job's answer."""
        self._waiting.append(job)
        if self._busy and job.signal.get() == _DONE:
            return job.outcome()
        self._busy = True
        batch = self._take()
        try:
            run_batch(batch)
        except BaseException as exc:  # the batch was cut short (the process stops): no one waits forever
            for other in batch:
                if other.answer is None and other.error is None:
                    other.error = exc if isinstance(exc, Exception) else RuntimeError("booking batch interrupted")
            raise
        finally:
            for other in batch:
                if other is not job:
                    other.signal.put(_DONE)
            if self._waiting:
                self._waiting[0].signal.put(_LEAD)
            else:
                self._busy = False
        return job.outcome()

    def _take(self) -> list[Job]:
        """The first requests in line; a second request with the same key waits for the next batch
        (its answer is the first one's)."""
        batch, claims, left = [], set(), deque()
        while self._waiting and len(batch) < self.max_batch:
            job = self._waiting.popleft()
            if job.claim in claims:
                left.append(job)
            else:
                batch.append(job)
                claims.add(job.claim)
        self._waiting.extendleft(reversed(left))
        return batch


class BookingQueue(DependencyProvider):
    """The process's queue of booking requests (one per service container)."""

    def setup(self):
        self.queue = RequestQueue()

    def get_dependency(self, worker_ctx):
        return self.queue


# --- one batch ------------------------------------------------------------------------------------


def run(db, jobs: list[Job], calendar) -> None:
    """Apply `jobs` together; should the transaction itself fail (a deadlock with another
    process, a lost connection), each is applied again alone, so only its own failure reaches it."""
    try:
        _apply_together(db, jobs, calendar)
    except Exception as exc:  # noqa: BLE001 - handed to the request(s) it concerns
        if len(jobs) == 1:
            jobs[0].reset()
            jobs[0].error = exc
            return
        log.warning("booking batch of %d requests failed (%r): applied one by one", len(jobs), exc)
        for job in jobs:
            job.reset()
            try:
                _apply_together(db, [job], calendar)
            except Exception as alone:  # noqa: BLE001
                job.reset()
                job.error = alone


def _apply_together(db, jobs: list[Job], calendar) -> None:
    # A request alone needs no savepoints (four round trips): its failure rolls the whole
    # transaction back and reaches it through `run` — as most requests come once the rush has passed.
    attempt = _in_savepoint if len(jobs) > 1 else _directly
    with db.transaction() as conn:
        # read first, so the transaction is open and each request below gets a savepoint
        activities = offer_storage.get_activities(conn, sorted({a for job in jobs for a in job.activity_ids}))
        opened = [job for job in jobs if attempt(conn, job, _open, job, activities, calendar)]
        to_apply = [job for job in opened if job.request is not None]  # the others replay an answer
        slots = storage.lock_opening_days(conn, domain.lock_order(
            key for job in to_apply for key in engine.pools_to_lock(job.request, job.changes)))
        events = []  # of the requests applied, written to the outbox together
        for job in to_apply:
            before = {key: dict(slot) for key, slot in slots.items()}
            events_of_job = []
            if attempt(conn, job, _apply, job, slots, events_of_job):
                events += events_of_job
            else:
                for key, slot in slots.items():  # the savepoint undid its writes; the counters too
                    slot.clear()
                    slot.update(before[key])
                storage.release_request(conn, job.caller.user_id, job.key)
        db.emit_many(conn, events)


def _in_savepoint(conn, job: Job, step, *args) -> bool:
    """Run `step(conn, *args)` in a savepoint; a failure is undone and kept as the job's error."""
    try:
        with conn.transaction():
            step(conn, *args)
        return True
    except Exception as exc:  # noqa: BLE001 - the request's own error, answered to it alone
        job.error = exc
        return False


def _directly(conn, job: Job, step, *args) -> bool:
    step(conn, *args)
    return True


def _open(conn, job: Job, activities: dict, calendar) -> None:
    """Claim the request's key and read what it is checked against; an earlier answer to the same
    key is the answer (no Request is made then)."""
    child, earlier, context = storage.open_request(conn, job.child_id, job.caller.user_id, job.key,
                                                   job.fingerprint, job.now, job.activity_ids)
    access.check_visible(job.caller, child)
    if earlier is not None:
        if earlier["fingerprint"] != job.fingerprint:
            raise ServiceError("idempotency_key_reused",
                               "Cette clé d'idempotence a déjà servi pour une autre demande.", {}, 422)
        job.answer = earlier["response"]
        return
    if any(activity_id not in activities for activity_id in job.activity_ids):
        raise not_found("activity")
    job.request = engine.Request(
        child=child, activities={a: activities[a] for a in job.activity_ids},
        by=domain.STAFF if job.caller.is_staff else domain.FAMILY, user_id=job.caller.user_id, now=job.now,
        calendar=calendar, **context)


def _apply(conn, job: Job, slots: dict, events: list) -> None:
    """Apply the request; its events are added to `events` (written once the batch is applied)."""
    results = engine.apply_changes(conn, events.extend, job.request, job.changes, slots)
    job.answer = {"results": results}
    storage.save_response(conn, job.caller.user_id, job.key, job.answer)
    # one event per request, whatever its lines: notifications writes the family one email of it
    events.append((domain.REQUEST_PROCESSED_EVENT, domain.request_processed_data(job.key, job.request, results),
                   str(job.request.child["id"])))
