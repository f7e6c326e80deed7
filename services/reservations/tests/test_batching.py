"""The queue that groups a process's booking requests: who runs together, in which order, and who
gets which answer (the transaction itself is tested through the service in test_capacity.py)."""
from types import SimpleNamespace

import eventlet

from services.reservations.booking.batching import Job, RequestQueue


def job(key: str, user: str = "u") -> Job:
    return Job(caller=SimpleNamespace(user_id=user), child_id=None, changes=[], key=key, fingerprint="",
               now=None)


def run_concurrently(queue: RequestQueue, jobs: list[Job], run_batch) -> list:
    pool = eventlet.GreenPool()
    threads = [pool.spawn(queue.submit, j, run_batch) for j in jobs]
    outcomes = []
    for thread in threads:
        try:
            outcomes.append(thread.wait())
        except ValueError as error:
            outcomes.append(str(error))
    return outcomes


def test_requests_arriving_during_a_batch_run_together_in_their_order():
    queue, batches = RequestQueue(), []

    def run_batch(jobs):
        batches.append([j.key for j in jobs])
        eventlet.sleep(0.01)  # the transaction runs: the other requests arrive meanwhile
        for j in jobs:
            j.answer = {"key": j.key}

    outcomes = run_concurrently(queue, [job(k) for k in "abcd"], run_batch)
    assert batches == [["a"], ["b", "c", "d"]]
    assert outcomes == [{"key": k} for k in "abcd"]


def test_a_second_request_with_the_same_key_waits_for_the_next_batch():
    queue, batches = RequestQueue(), []

    def run_batch(jobs):
        batches.append([(j.caller.user_id, j.key) for j in jobs])
        eventlet.sleep(0.01)
        for j in jobs:
            j.answer = {}

    run_concurrently(queue, [job("a"), job("b"), job("b"), job("b", user="other"), job("c")], run_batch)
    assert batches == [[("u", "a")], [("u", "b"), ("other", "b"), ("u", "c")], [("u", "b")]]


def test_each_request_gets_its_own_answer_or_error():
    queue = RequestQueue(max_batch=2)

    def run_batch(jobs):
        eventlet.sleep(0.01)
        for j in jobs:
            if j.key == "bad":
                j.error = ValueError("refused")
            else:
                j.answer = {"key": j.key}

    outcomes = run_concurrently(queue, [job("a"), job("bad"), job("c"), job("d"), job("e")], run_batch)
    assert outcomes == [{"key": "a"}, "refused", {"key": "c"}, {"key": "d"}, {"key": "e"}]
