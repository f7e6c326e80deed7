"""The read model of children, fed by accounts' `child.created` events."""
import uuid

from nameko.testing.services import entrypoint_waiter

from services.reservations.tests.conftest import STAFF, parent


def test_child_created_event_feeds_the_read_model(add_child, rpc, sql):
    child = add_child(first_name="Léa", last_name="Martin")
    [row] = sql("SELECT * FROM children")
    assert str(row["id"]) == child["child_id"]
    assert str(row["family_id"]) == child["family_id"]
    assert (row["first_name"], row["last_name"], row["birth_date"].isoformat()) == (
        "Léa", "Martin", "2019-04-02")
    # the child is now known to the RPCs, for its parent and for staff
    assert rpc.get_planning(parent(child["family_id"]), child["child_id"], "2030-03-01", "2030-03-31") \
        == {"days": []}
    assert rpc.list_activities(STAFF, child["child_id"]) == []


def test_a_redelivered_event_is_handled_once(reservations, publish_event, redeliver, sql):
    data = {"child_id": str(uuid.uuid4()), "family_id": str(uuid.uuid4()), "first_name": "Hugo",
            "last_name": "Bernard", "birth_date": "2017-09-30"}
    with entrypoint_waiter(reservations, "on_child_created"):
        event = publish_event("accounts", "child.created", data)
    # changed after the first delivery: a second handling of the same event would overwrite it
    sql("UPDATE children SET first_name = 'Hugo-Changé'")
    with entrypoint_waiter(reservations, "on_child_created"):
        redeliver(event)
    assert [r["first_name"] for r in sql("SELECT first_name FROM children")] == ["Hugo-Changé"]
    assert sql("SELECT handler FROM handled_events WHERE event_id = %s", (event["id"],)) == [
        {"handler": "reservations.on_child_created"}]


def test_a_malformed_child_event_is_dropped_without_effect(reservations, publish_event, sql):
    with entrypoint_waiter(reservations, "on_child_created"):
        publish_event("accounts", "child.created", {"child_id": "not-a-uuid", "first_name": "X"})
    assert sql("SELECT * FROM children") == []
