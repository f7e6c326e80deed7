"""The children read model follows accounts: `child.updated`, a child added later (`child.created`
once its request is accepted) and `family.anonymised`."""
import uuid
from datetime import datetime, timedelta, timezone

from nameko.testing.services import entrypoint_waiter

from services.chassis.events import envelope
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent


def updated(child: dict, **changes) -> dict:
    return {**child, "sex": "F", "school": "École Jean Macé", "school_class": "CE1", **changes}


def test_child_updated_changes_the_read_model(reservations, add_child, publish_event, sql):
    child = add_child(first_name="Léa", last_name="Martin")
    with entrypoint_waiter(reservations, "on_child_updated"):
        publish_event("accounts", "child.updated", updated(child, first_name="Léane", birth_date="2019-04-03"))
    [row] = sql("SELECT first_name, last_name, birth_date::text FROM children")
    assert row == {"first_name": "Léane", "last_name": "Martin", "birth_date": "2019-04-03"}


def test_an_older_update_arriving_late_changes_nothing(reservations, add_child, redeliver, sql):
    child = add_child(first_name="Léa")
    newer = envelope("accounts", "child.updated", updated(child, first_name="Léane"))
    older = {**envelope("accounts", "child.updated", updated(child, first_name="Lili")),
             "time": (datetime.now(timezone.utc) - timedelta(hours=1)).isoformat()}
    for event in (newer, older):
        with entrypoint_waiter(reservations, "on_child_updated"):
            redeliver(event)
    assert sql("SELECT first_name FROM children") == [{"first_name": "Léane"}]


def test_a_child_added_on_request_can_be_booked(reservations, add_child, make_activity, enrol, rpc):
    family_id = str(uuid.uuid4())
    add_child(family_id=family_id, first_name="Noé")
    later = add_child(family_id=family_id, first_name="Lina")  # accepted new_child request → child.created
    activity = make_activity()
    enrol(later, activity)
    [result] = rpc.book(parent(family_id), later["child_id"], [change(activity)], new_key())["results"]
    assert result["status"] == "accepted"


def test_family_anonymised_scrubs_the_names_of_its_children(reservations, add_child, publish_event, redeliver,
                                                             rpc, sql, make_activity, enrol):
    family_id = str(uuid.uuid4())
    first, second = add_child(family_id=family_id, first_name="Noé"), add_child(family_id=family_id)
    stranger = add_child(first_name="Zoé")
    activity = make_activity()
    enrol(first, activity)
    rpc.book(parent(family_id), first["child_id"], [change(activity)], new_key())
    with entrypoint_waiter(reservations, "on_family_anonymised"):
        publish_event("accounts", "family.anonymised", {"family_id": family_id, "number": "F000001"})
    rows = sql("SELECT id::text, first_name, last_name FROM children ORDER BY first_name")
    assert {r["id"]: (r["first_name"], r["last_name"]) for r in rows} == {
        first["child_id"]: ("Anonyme", "Anonyme"), second["child_id"]: ("Anonyme", "Anonyme"),
        stranger["child_id"]: ("Zoé", "Martin")}
    # the bookings stay, under the anonymous name
    [booking] = rpc.list_bookings(STAFF, family_id)
    assert (booking["child_name"], booking["date"]) == ("Anonyme Anonyme", DAY)

    # an update published before the anonymisation and arriving after it restores nothing
    late = {**envelope("accounts", "child.updated", updated(first, first_name="Noé")),
            "time": (datetime.now(timezone.utc) - timedelta(minutes=5)).isoformat()}
    with entrypoint_waiter(reservations, "on_child_updated"):
        redeliver(late)
    assert sql("SELECT first_name FROM children WHERE id = %s", (first["child_id"],)) == [{"first_name": "Anonyme"}]
