"""A child's planning: every open day and unit, with what the child has there."""
from services.chassis.testing import refused
from services.reservations.tests.conftest import STAFF, change, new_key, parent


def test_every_state_of_a_planning(rpc, make_activity, add_enrolled_child):
    alsh = make_activity(days=("2030-03-13", "2030-03-14"), capacity=1, units=("matin", "midi", "apres_midi"))
    canteen = make_activity(days=("2030-03-13",), capacity=5, units=("midi",), booking_mode="validation",
                            name="Restauration scolaire")
    other, child = add_enrolled_child(), add_enrolled_child()
    rpc.book(STAFF, other["child_id"], [change(alsh, "matin"), change(alsh, "midi")], new_key())
    results = rpc.book(parent(child["family_id"]), child["child_id"], [
        change(alsh, "matin"),  # full: waiting list
        change(alsh, "apres_midi"),
        change(canteen, "midi"),
    ], new_key())["results"]
    waiting, booked, pending = results

    planning = rpc.get_planning(parent(child["family_id"]), child["child_id"], "2030-03-13", "2030-03-14")
    cells = {(d["date"], d["activity_id"], d["unit"]): d for d in planning["days"]}
    assert [(d["date"], d["activity_id"], d["unit"]) for d in planning["days"]] == [
        ("2030-03-13", alsh["id"], "matin"), ("2030-03-13", alsh["id"], "midi"),
        ("2030-03-13", alsh["id"], "apres_midi"), ("2030-03-13", canteen["id"], "midi"),
        ("2030-03-14", alsh["id"], "matin"), ("2030-03-14", alsh["id"], "midi"),
        ("2030-03-14", alsh["id"], "apres_midi")]
    assert cells[("2030-03-13", alsh["id"], "matin")] == {
        "date": "2030-03-13", "activity_id": alsh["id"], "unit": "matin", "state": "waiting_list",
        "booking_id": waiting["booking_id"], "waiting_position": 1, "locked": False, "price_cents": None,
        "activity_name": "ALSH 3-6 ans", "unit_label": "Matin", "deadline": None, "closure_label": None}
    assert cells[("2030-03-13", alsh["id"], "midi")]["state"] == "full"
    assert cells[("2030-03-13", alsh["id"], "midi")]["booking_id"] is None
    assert cells[("2030-03-13", alsh["id"], "apres_midi")]["state"] == "booked"
    assert cells[("2030-03-13", alsh["id"], "apres_midi")]["booking_id"] == booked["booking_id"]
    assert cells[("2030-03-13", canteen["id"], "midi")]["state"] == "pending"
    assert cells[("2030-03-13", canteen["id"], "midi")]["booking_id"] == pending["booking_id"]
    assert {d["state"] for d in planning["days"] if d["date"] == "2030-03-14"} == {"available"}

    # a cancelled booking leaves the cell available again
    rpc.book(STAFF, child["child_id"], [change(alsh, "apres_midi", "cancel")], new_key())
    planning = rpc.get_planning(STAFF, child["child_id"], "2030-03-13", "2030-03-13")
    [cell] = [d for d in planning["days"] if (d["activity_id"], d["unit"]) == (alsh["id"], "apres_midi")]
    assert (cell["state"], cell["booking_id"]) == ("available", None)


def test_closed_days_and_days_out_of_range_are_absent(rpc, make_activity, add_enrolled_child):
    make_activity(days=("2030-03-12", "2030-03-16"))
    child = add_enrolled_child()
    planning = rpc.get_planning(STAFF, child["child_id"], "2030-03-13", "2030-03-15")
    assert planning == {"days": []}
    planning = rpc.get_planning(STAFF, child["child_id"], "2030-03-16", "2030-03-16")
    assert {d["date"] for d in planning["days"]} == {"2030-03-16"}


def test_a_bad_planning_range_is_refused(rpc, add_enrolled_child):
    child = add_enrolled_child()
    for date_from, date_to in [("2030-03-14", "2030-03-13"), ("2030-01-01", "2031-06-01"),
                               ("hier", "2030-03-13")]:
        with refused(422):
            rpc.get_planning(STAFF, child["child_id"], date_from, date_to)
