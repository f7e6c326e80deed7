"""Never more accepted bookings than places, whatever the load."""
import time

from services.chassis.errors import ServiceError
from services.reservations.tests.conftest import change, new_key, parent


def test_thirty_concurrent_requests_for_the_last_five_places(rpc, make_activity, add_enrolled_child, sql, reservations):
    activity = make_activity(capacity=6)
    early = add_enrolled_child()
    rpc.book(parent(early["family_id"]), early["child_id"], [change(activity)], new_key())
    children = [add_enrolled_child(first_name=f"Enfant{i}") for i in range(30)]

    started = time.monotonic()
    replies = [rpc.book.call_async(parent(c["family_id"]), c["child_id"],
                                   [change(activity), change(activity, "midi")], new_key())
               for c in children]
    results = [reply.result()["results"] for reply in replies]
    elapsed = time.monotonic() - started

    mornings = [lines[0] for lines in results]
    assert sorted(line["status"] for line in mornings) == ["accepted"] * 5 + ["waiting_list"] * 25
    assert sorted(line["waiting_position"] for line in mornings if line["status"] == "waiting_list") == list(
        range(1, 26))
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 6}]
    rows = sql("SELECT status, count(*) AS n FROM bookings WHERE unit = 'matin' GROUP BY status ORDER BY status")
    assert rows == [{"status": "accepted", "n": 6}, {"status": "waiting_list", "n": 25}]
    # the database agrees with the answers, one booking per child
    positions = sql("SELECT waiting_position FROM bookings WHERE unit = 'matin' AND status = 'waiting_list' "
                    "ORDER BY waiting_position")
    assert [r["waiting_position"] for r in positions] == list(range(1, 26))
    assert sorted(line["status"] for lines in results for line in lines[1:]) == (
        ["accepted"] * 6 + ["waiting_list"] * 24)
    print(f"30 concurrent booking requests served in {elapsed:.2f}s")


def test_concurrent_requests_with_one_key_book_once(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity(capacity=3)
    child = add_enrolled_child()
    caller, key = parent(child["family_id"]), new_key()
    replies = [rpc.book.call_async(caller, child["child_id"], [change(activity)], key) for _ in range(5)]
    answers = [reply.result() for reply in replies]
    assert all(answer == answers[0] for answer in answers)
    assert answers[0]["results"][0]["status"] == "accepted"
    assert len(sql("SELECT * FROM bookings")) == 1
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 1}]


def test_requests_applied_together_fail_or_succeed_each_on_its_own(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity(capacity=3)
    children = [add_enrolled_child(first_name=f"Enfant{i}") for i in range(8)]
    stranger = add_enrolled_child(first_name="Autre")
    reused = new_key()
    first = parent(children[0]["family_id"])
    rpc.book(first, children[0]["child_id"], [change(activity)], reused)
    calls = [(parent(c["family_id"]), c["child_id"], [change(activity, "midi")], new_key()) for c in children]
    calls.insert(3, (first, stranger["child_id"], [change(activity, "midi")], new_key()))  # not their child
    calls.insert(6, (first, children[0]["child_id"], [change(activity, "apres_midi")], reused))  # key reused
    replies = [rpc.book.call_async(*call) for call in calls]

    outcomes = []
    for reply in replies:
        try:
            outcomes.append(reply.result()["results"][0]["status"])
        except ServiceError as error:
            outcomes.append(error.code)
    assert outcomes.count("not_found") == 1 and outcomes.count("idempotency_key_reused") == 1
    assert sorted(o for o in outcomes if o not in ("not_found", "idempotency_key_reused")) == (
        ["accepted"] * 3 + ["waiting_list"] * 5)
    # the failed requests left nothing, not even their key; the others all got their place or rank
    assert not sql("SELECT 1 FROM bookings WHERE child_id = %s", (stranger["child_id"],))
    assert len(sql("SELECT 1 FROM booking_requests")) == 1 + 8
    lines = sql("SELECT status, waiting_position FROM bookings WHERE unit = 'midi'")
    assert sorted(r["waiting_position"] for r in lines if r["status"] == "waiting_list") == [1, 2, 3, 4, 5]
