"""A parent reaches only their own family's children and bookings; others look like missing ones."""
import uuid

from services.chassis.testing import refused
from services.reservations.tests.conftest import DAY, STAFF, change, new_key, parent


def test_a_parent_cannot_reach_another_familys_child(rpc, make_activity, add_enrolled_child, sql):
    activity = make_activity()
    mine, theirs = add_enrolled_child(first_name="Léa"), add_enrolled_child(first_name="Tom", last_name="Durand")
    me = parent(mine["family_id"])
    rpc.book(parent(theirs["family_id"]), theirs["child_id"], [change(activity)], new_key())
    rpc.book(me, mine["child_id"], [change(activity, "midi")], new_key())
    before = sql("SELECT * FROM bookings ORDER BY id")

    for call in [
        lambda: rpc.book(me, theirs["child_id"], [change(activity, "apres_midi")], new_key()),
        lambda: rpc.book(me, theirs["child_id"], [change(activity, action="cancel")], new_key()),
        lambda: rpc.get_planning(me, theirs["child_id"], DAY, DAY),
        lambda: rpc.list_activities(me, theirs["child_id"]),
        lambda: rpc.list_bookings(me, theirs["family_id"]),
        lambda: rpc.list_bookings(me, mine["family_id"], child_id=theirs["child_id"]),
        lambda: rpc.get_planning(me, str(uuid.uuid4()), DAY, DAY),  # unknown: the same answer
    ]:
        with refused(404, "not_found"):
            call()
    assert sql("SELECT * FROM bookings ORDER BY id") == before

    # their own family's bookings, and staff see any family's
    [own] = rpc.list_bookings(me, mine["family_id"])
    assert own == {"id": own["id"], "child_id": mine["child_id"], "child_name": "Léa Martin",
                   "activity_id": activity["id"], "activity_name": "ALSH 3-6 ans", "date": DAY,
                   "unit": "midi", "status": "accepted", "waiting_position": None, "by": "family",
                   "updated_at": own["updated_at"]}
    assert [b["child_name"] for b in rpc.list_bookings(STAFF, theirs["family_id"])] == ["Tom Durand"]


def test_list_bookings_filters(rpc, make_activity, add_enrolled_child):
    activity = make_activity(days=("2030-03-13", "2030-03-14"), capacity=1)
    child = add_enrolled_child()
    sibling = add_enrolled_child(family_id=child["family_id"], first_name="Zoé")
    other = add_enrolled_child()
    me = parent(child["family_id"])
    rpc.book(STAFF, other["child_id"], [change(activity, "midi")], new_key())
    rpc.book(me, child["child_id"], [change(activity, "matin"), change(activity, "matin", date="2030-03-14"),
                                     change(activity, "midi")], new_key())
    rpc.book(me, sibling["child_id"], [change(activity, "apres_midi")], new_key())
    rpc.book(me, child["child_id"], [change(activity, "matin", "cancel", "2030-03-14")], new_key())

    def listed(**filters):
        return [(b["child_name"].split()[0], b["date"], b["unit"], b["status"])
                for b in rpc.list_bookings(me, child["family_id"], **filters)]

    assert len(listed()) == 4
    assert listed(child_id=sibling["child_id"]) == [("Zoé", "2030-03-13", "apres_midi", "accepted")]
    assert listed(date_from="2030-03-14") == [("Léa", "2030-03-14", "matin", "cancelled")]
    assert listed(date_to="2030-03-13", status="waiting_list") == [("Léa", "2030-03-13", "midi", "waiting_list")]
    with refused(422):
        rpc.list_bookings(me, child["family_id"], status="lost")
