"""The offer: structures, activities and their rules, opening days and capacities, windows, outings;
staff of a structure configure it, anyone reads an activity."""
import uuid
from datetime import date, timedelta

import pytest

from services.chassis.testing import refused
from services.reservations.tests.conftest import DAY, STAFF, UNITS, change, new_key, parent

ALL_UNITS = [{"code": "matin", "label": "Matin", "pool": "matin", "kind": "unit", "starts_at": "07:30",
              "ends_at": "08:30", "price_cents": None, "date": None},
             {"code": "midi", "label": "Midi", "pool": "midi", "kind": "unit", "starts_at": None,
              "ends_at": None, "price_cents": None, "date": None},
             {"code": "apres_midi", "label": "Après-midi", "pool": "apres_midi", "kind": "unit",
              "starts_at": None, "ends_at": None, "price_cents": None, "date": None}]
RULES = {"booking_deadline": [{"kind": "previous_weekday", "weekday": 4, "time": "12:00"}],
         "cancel_deadline": [{"kind": "days_before", "days": 2, "time": "18:00", "skip_weekends": True}]}


def staff_of(*structure_ids) -> dict:
    return {"user_id": "staff-2", "role": "staff", "family_id": None, "structure_ids": list(structure_ids)}


@pytest.fixture
def structure(rpc):
    return rpc.create_structure(STAFF, {"name": "École Jules Ferry", "kind": "periscolaire"})


def test_staff_create_a_structure_and_an_activity_with_its_rules(rpc, structure, add_child):
    assert structure == {"id": structure["id"], "name": "École Jules Ferry", "kind": "periscolaire"}
    units = [{**UNITS[0], "starts_at": "07:30", "ends_at": "08:30"}] + UNITS[1:]
    activity = rpc.create_activity(STAFF, {
        "structure_id": structure["id"], "name": "Garderie", "booking_mode": "validation", "units": units,
        "min_age_months": 36, "max_age_months": 144, "enrolment_approval": True,
        "required_documents": ["assurance"], "unit_combinations": [["matin"], ["matin", "midi"]],
        "blocks_on_debt": True, **RULES})
    assert activity == {
        "id": activity["id"], "name": "Garderie", "structure_id": structure["id"], "structure": structure,
        "booking_mode": "validation", "units": ALL_UNITS, "min_age_months": 36, "max_age_months": 144,
        "enrolment_approval": True, "required_documents": ["assurance"],
        "unit_combinations": [["matin"], ["matin", "midi"]],
        "booking_deadline": RULES["booking_deadline"],
        "cancel_deadline": [{**RULES["cancel_deadline"][0], "skip_holidays": False}],  # defaults filled
        "blocks_on_debt": True, "archived": False, "windows": []}
    child = add_child()
    assert rpc.get_activity(parent(child["family_id"]), activity["id"]) == activity
    with refused(404, "not_found"):
        rpc.get_activity(STAFF, str(uuid.uuid4()))


def test_defaults_of_a_new_activity(rpc, structure):
    activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": "Cantine",
                                           "booking_mode": "automatic", "units": [UNITS[1]]})
    assert {k: activity[k] for k in ("min_age_months", "max_age_months", "enrolment_approval",
                                     "required_documents", "unit_combinations", "booking_deadline",
                                     "cancel_deadline", "blocks_on_debt", "windows")} == {
        "min_age_months": None, "max_age_months": None, "enrolment_approval": False, "required_documents": [],
        "unit_combinations": None, "booking_deadline": [], "cancel_deadline": [], "blocks_on_debt": False,
        "windows": []}


def test_units_may_share_a_pool(rpc, structure, sql):
    activity = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": "Accueil",
                                           "booking_mode": "automatic", "units": [
                                               {"code": "matin", "label": "Matin", "pool": "journee"},
                                               {"code": "soir", "label": "Soir", "pool": "journee"}]})
    assert [u["pool"] for u in activity["units"]] == ["journee", "journee"]
    # a unit stands for its pool; the pool may be named too
    assert rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "soir", "capacity": 8},
                                                          {"date": "2030-03-14", "pool": "journee",
                                                           "capacity": 9}]}) == {"opened": 2}
    assert sql("SELECT date::text, pool, capacity FROM opening_days ORDER BY date") == [
        {"date": DAY, "pool": "journee", "capacity": 8}, {"date": "2030-03-14", "pool": "journee", "capacity": 9}]
    with refused(422):  # the unit and its pool on the same day
        rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "soir", "capacity": 1},
                                                       {"date": DAY, "pool": "journee", "capacity": 2}]})


def test_configuration_is_for_staff_only(rpc, make_activity, add_child, sql):
    activity = make_activity(days=())
    family = parent(add_child()["family_id"])
    calls = [
        lambda: rpc.create_structure(family, {"name": "Pirate", "kind": "alsh"}),
        lambda: rpc.create_structure(staff_of(activity["structure_id"]), {"name": "Pirate", "kind": "alsh"}),
        lambda: rpc.list_structures(family),
        lambda: rpc.list_offer(family),
        lambda: rpc.create_activity(family, {"structure_id": str(uuid.uuid4()), "name": "Pirate",
                                             "booking_mode": "automatic", "units": UNITS}),
        lambda: rpc.update_activity(family, activity["id"], {"name": "Pirate"}),
        lambda: rpc.open_days(family, activity["id"], {"days": [{"date": DAY, "unit": "matin", "capacity": 100}]}),
        lambda: rpc.open_period(family, activity["id"], {"date_from": DAY, "date_to": DAY, "pattern": "weekdays",
                                                         "capacity": 5}),
        lambda: rpc.close_days(family, activity["id"], {"dates": [DAY], "label": "Grève"}),
        lambda: rpc.reopen_day(family, activity["id"], DAY),
        lambda: rpc.list_days(family, activity["id"], DAY, DAY),
        lambda: rpc.set_windows(family, activity["id"], {"windows": []}),
        lambda: rpc.add_outing(family, activity["id"], {"date": DAY, "code": "zoo", "label": "Zoo",
                                                        "capacity": 10, "price_cents": 500}),
    ]
    for call in calls:
        with refused(403, "forbidden"):
            call()
    assert len(sql("SELECT * FROM structures")) == 1
    assert len(sql("SELECT * FROM activities WHERE name = 'ALSH 3-6 ans'")) == 1
    assert sql("SELECT * FROM opening_days") == [] and sql("SELECT * FROM closures") == []
    assert len(sql("SELECT * FROM activity_units")) == 3


def test_staff_manage_only_their_structures(rpc, structure, make_activity, sql):
    other = make_activity(days=())
    mine = rpc.create_activity(STAFF, {"structure_id": structure["id"], "name": "Garderie",
                                       "booking_mode": "automatic", "units": UNITS})
    me = staff_of(structure["id"])
    assert rpc.list_structures(me) == [structure]
    assert [s["name"] for s in rpc.list_structures(STAFF)] == ["Centre de loisirs Jean Moulin",
                                                               "École Jules Ferry"]
    assert [a["id"] for a in rpc.list_offer(me)] == [mine["id"]]
    assert [a["id"] for a in rpc.list_offer(STAFF)] == [other["id"], mine["id"]]
    assert [a["id"] for a in rpc.list_offer(STAFF, other["structure_id"])] == [other["id"]]
    with refused(403, "forbidden"):
        rpc.list_offer(me, other["structure_id"])
    created = rpc.create_activity(me, {"structure_id": structure["id"], "name": "Cantine",
                                       "booking_mode": "automatic", "units": UNITS})
    assert rpc.update_activity(me, created["id"], {"name": "Restauration"})["name"] == "Restauration"
    for call in (
        lambda: rpc.create_activity(me, {"structure_id": other["structure_id"], "name": "Pirate",
                                         "booking_mode": "automatic", "units": UNITS}),
        lambda: rpc.update_activity(me, other["id"], {"name": "Pirate"}),
        lambda: rpc.open_days(me, other["id"], {"days": [{"date": DAY, "unit": "matin", "capacity": 100}]}),
        lambda: rpc.close_days(me, other["id"], {"dates": [DAY], "label": "Grève"}),
        lambda: rpc.list_days(me, other["id"], DAY, DAY),
        lambda: rpc.set_windows(me, other["id"], {"windows": []}),
    ):
        with refused(403, "forbidden"):
            call()
    assert sql("SELECT name FROM activities ORDER BY name") == [
        {"name": "ALSH 3-6 ans"}, {"name": "Garderie"}, {"name": "Restauration"}]
    assert sql("SELECT * FROM opening_days") == [] and sql("SELECT * FROM closures") == []


GOOD_ACTIVITY = {"name": "ALSH", "booking_mode": "automatic", "units": UNITS}


@pytest.mark.parametrize("fault", [
    {"structure_id": None},
    {"structure_id": "pas-un-uuid"},
    {"booking_mode": "sometimes"},
    {"units": []},
    {"units": [UNITS[0], UNITS[0]]},
    {"units": [{"code": "Matin !", "label": "Matin"}]},
    {"units": [{"code": "matin", "label": "Matin", "pool": "Grand groupe"}]},
    {"units": [{"code": "matin", "label": "Matin", "starts_at": "09:00", "ends_at": "08:00"}]},
    {"units": [{"code": "matin", "label": "Matin", "starts_at": "9h"}]},
    {"units": [{"code": "matin", "label": "Matin", "kind": "outing"}]},
    {"name": ""},
    {"price_cents": 300},
    {"min_age_months": 72, "max_age_months": 36},
    {"min_age_months": -1},
    {"max_age_months": "six ans"},
    {"required_documents": ["Assurance !"]},
    {"unit_combinations": [["matin", "soir"]]},
    {"unit_combinations": [[]]},
    {"unit_combinations": []},
    {"booking_deadline": [{"kind": "sometimes"}]},
    {"cancel_deadline": [{"kind": "days_before", "days": 2}]},
    {"booking_deadline": [{"kind": "previous_weekday", "weekday": 9, "time": "12:00"}]},
    {"enrolment_approval": "peut-être"},
    {"archived": True},
])
def test_a_bad_activity_is_refused_and_nothing_is_written(rpc, sql, fault):
    structure = rpc.create_structure(STAFF, {"name": "Centre", "kind": "alsh"})
    payload = {"structure_id": structure["id"], **GOOD_ACTIVITY, **fault}
    with refused(422, "invalid_input"):
        rpc.create_activity(STAFF, payload)
    assert sql("SELECT * FROM activities") == [] and sql("SELECT * FROM activity_units") == []


def test_an_activity_needs_an_existing_structure(rpc, sql):
    with refused(404):
        rpc.create_activity(STAFF, {"structure_id": str(uuid.uuid4()), "name": "ALSH",
                                    "booking_mode": "automatic", "units": UNITS})
    assert sql("SELECT * FROM activities") == []


def test_update_an_activity(rpc, make_activity):
    activity = make_activity(days=())
    updated = rpc.update_activity(STAFF, activity["id"], {
        "name": "ALSH maternelle", "booking_mode": "validation", "min_age_months": 30, "max_age_months": 72,
        "units": [{"code": "matin", "label": "Matinée", "starts_at": "08:00", "ends_at": "12:00"},
                  {"code": "midi", "label": "Repas", "pool": "journee"},
                  {"code": "apres_midi", "label": "Après-midi", "pool": "journee"},
                  {"code": "soir", "label": "Soir"}],
        "unit_combinations": [["matin", "midi"], ["soir"]], **RULES})
    assert [(u["code"], u["label"], u["pool"], u["starts_at"]) for u in updated["units"]] == [
        ("matin", "Matinée", "matin", "08:00"), ("midi", "Repas", "journee", None),
        ("apres_midi", "Après-midi", "journee", None), ("soir", "Soir", "soir", None)]
    assert (updated["name"], updated["booking_mode"], updated["max_age_months"]) == (
        "ALSH maternelle", "validation", 72)
    assert updated["unit_combinations"] == [["matin", "midi"], ["soir"]]
    assert rpc.get_activity(STAFF, activity["id"]) == updated
    # a partial update keeps the rest
    again = rpc.update_activity(STAFF, activity["id"], {"blocks_on_debt": True, "max_age_months": None})
    assert again == {**updated, "blocks_on_debt": True, "max_age_months": None}


@pytest.mark.parametrize("fault", [
    {"units": [{"code": "matin", "label": "Matin"}]},  # midi and apres_midi removed
    {"structure_id": str(uuid.uuid4())},
    {"min_age_months": 100},  # above the max set below
    {"unit_combinations": [["goûter"]]},
    {"booking_deadline": "vendredi"},
    {"name": None},
    {"units": UNITS + [{"code": "zoo", "label": "Zoo"}]},  # the code of an outing
])
def test_a_bad_update_changes_nothing(rpc, make_activity, fault):
    activity = make_activity(days=())
    rpc.update_activity(STAFF, activity["id"], {"max_age_months": 72})
    rpc.add_outing(STAFF, activity["id"], {"date": DAY, "code": "zoo", "label": "Zoo", "capacity": 10,
                                           "price_cents": 1200})
    before = rpc.get_activity(STAFF, activity["id"])
    with refused(422, "invalid_input"):
        rpc.update_activity(STAFF, activity["id"], fault)
    assert rpc.get_activity(STAFF, activity["id"]) == before


def test_a_unit_with_bookings_keeps_its_pool(rpc, make_activity, add_enrolled_child):
    activity = make_activity()
    child = add_enrolled_child()
    rpc.book(STAFF, child["child_id"], [change(activity)], new_key())
    with refused(409, "unit_in_use"):
        rpc.update_activity(STAFF, activity["id"], {"units": [{**UNITS[0], "pool": "journee"}] + UNITS[1:]})
    assert rpc.get_activity(STAFF, activity["id"])["units"][0]["pool"] == "matin"
    # its label may still change
    renamed = rpc.update_activity(STAFF, activity["id"], {"units": [{**UNITS[0], "label": "Matinée"}] + UNITS[1:]})
    assert renamed["units"][0]["label"] == "Matinée"


def test_staff_open_days_and_change_their_capacity(rpc, make_activity, sql):
    activity = make_activity(days=())
    days = [{"date": DAY, "unit": "matin", "capacity": 12}, {"date": DAY, "unit": "midi", "capacity": 30}]
    assert rpc.open_days(STAFF, activity["id"], {"days": days}) == {"opened": 2}
    assert rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "matin", "capacity": 15}]}) == {
        "opened": 1}
    assert [(r["pool"], r["capacity"]) for r in sql("SELECT * FROM opening_days ORDER BY pool")] == [
        ("matin", 15), ("midi", 30)]


def test_a_raised_capacity_serves_the_waiting_line(rpc, make_activity, add_enrolled_child, events, sql):
    activity = make_activity(capacity=1)
    first, second, third = (add_enrolled_child(first_name=name) for name in ("Léa", "Noé", "Zoé"))
    for child in (first, second, third):
        rpc.book(parent(child["family_id"]), child["child_id"], [change(activity)], new_key())
    assert [e["name"] for e in events.take(3)] == ["booking.accepted", "booking.waitlisted", "booking.waitlisted"]
    rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "matin", "capacity": 2}]})
    [promoted] = events.take(1)
    assert promoted["name"] == "booking.promoted" and promoted["data"]["child_id"] == second["child_id"]
    assert sql("SELECT accepted_count FROM opening_days WHERE pool = 'matin'") == [{"accepted_count": 2}]
    assert sql("SELECT waiting_position FROM bookings WHERE child_id = %s", (third["child_id"],)) == [
        {"waiting_position": 1}]


@pytest.mark.parametrize("days", [
    [{"date": DAY, "unit": "soir", "capacity": 10}],  # not a unit of the activity
    [{"date": DAY, "pool": "soir", "capacity": 10}],
    [{"date": DAY, "unit": "matin", "pool": "matin", "capacity": 10}],
    [{"date": DAY, "capacity": 10}],
    [{"date": DAY, "unit": "matin", "capacity": -1}],
    [{"date": DAY, "unit": "matin", "capacity": "10"}],
    [{"date": "13/03/2030", "unit": "matin", "capacity": 10}],
    [{"date": DAY, "unit": "matin", "capacity": 10}, {"date": DAY, "unit": "matin", "capacity": 5}],
    [],
])
def test_bad_opening_days_are_refused_and_nothing_is_opened(rpc, make_activity, sql, days):
    activity = make_activity(days=())
    with refused(422):
        # a valid day first: a refusal of the whole request opens none of them
        rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "midi", "capacity": 3}] + days
                                              if days else []})
    assert sql("SELECT * FROM opening_days") == []


def test_opening_days_of_an_unknown_activity_is_not_found(rpc):
    with refused(404):
        rpc.open_days(STAFF, str(uuid.uuid4()), {"days": [{"date": DAY, "unit": "matin", "capacity": 3}]})
    with refused(422):
        rpc.open_days(STAFF, "pas-un-uuid", {"days": [{"date": DAY, "unit": "matin", "capacity": 3}]})
    with refused(422):
        rpc.open_days(STAFF, str(uuid.uuid4()), ["pas un objet"])


def test_a_payload_cannot_name_another_activity(rpc, make_activity, sql):
    activity, other = make_activity(days=()), make_activity(days=(), name="Autre")
    with refused(422, "invalid_input"):
        rpc.open_days(STAFF, activity["id"], {"activity_id": other["id"], "days": [
            {"date": DAY, "unit": "matin", "capacity": 3}]})
    assert sql("SELECT * FROM opening_days") == []


WINDOWS = [{"label": "Vacances de printemps", "period_start": "2030-04-13", "period_end": "2030-04-28",
            "opens_at": "2030-03-01T08:00:00+01:00", "closes_at": "2030-03-20T23:59:00+01:00"},
           {"label": "Été", "period_start": "2030-07-06", "period_end": "2030-08-31",
            "opens_at": "2030-05-02T08:00:00+02:00", "closes_at": "2030-06-20T23:59:00+02:00"}]


def test_booking_windows_are_replaced_as_a_whole(rpc, make_activity, sql):
    activity = make_activity(days=())
    assert rpc.set_windows(STAFF, activity["id"], {"windows": WINDOWS}) == WINDOWS
    assert rpc.get_activity(STAFF, activity["id"])["windows"] == WINDOWS
    assert rpc.set_windows(STAFF, activity["id"], {"windows": WINDOWS[1:]}) == WINDOWS[1:]
    assert len(sql("SELECT * FROM booking_windows")) == 1
    assert rpc.set_windows(STAFF, activity["id"], {"windows": []}) == []
    assert sql("SELECT * FROM booking_windows") == []


@pytest.mark.parametrize("fault", [
    {"period_end": "2030-04-01"},
    {"closes_at": "2030-02-01T08:00:00+01:00"},
    {"opens_at": "2030-03-01T08:00:00"},  # no offset
    {"label": ""},
    {"period_start": None},
    {"colour": "bleu"},
])
def test_bad_windows_are_refused_and_the_old_ones_stay(rpc, make_activity, sql, fault):
    activity = make_activity(days=())
    rpc.set_windows(STAFF, activity["id"], {"windows": WINDOWS[1:]})
    with refused(422, "invalid_input"):
        rpc.set_windows(STAFF, activity["id"], {"windows": [WINDOWS[1], {**WINDOWS[0], **fault}]})
    assert rpc.get_activity(STAFF, activity["id"])["windows"] == WINDOWS[1:]


def test_an_outing_is_a_unit_of_its_own_open_on_its_day(rpc, make_activity, sql):
    activity = make_activity(days=())
    outing = rpc.add_outing(STAFF, activity["id"], {"date": DAY, "code": "zoo", "label": "Sortie au zoo",
                                                    "capacity": 16, "price_cents": 1200, "starts_at": "09:00",
                                                    "ends_at": "17:30"})
    assert outing == {"code": "zoo", "label": "Sortie au zoo", "pool": "zoo", "kind": "outing",
                      "starts_at": "09:00", "ends_at": "17:30", "price_cents": 1200, "date": DAY}
    assert rpc.get_activity(STAFF, activity["id"])["units"][-1] == outing
    assert sql("SELECT date::text, pool, capacity FROM opening_days") == [{"date": DAY, "pool": "zoo",
                                                                            "capacity": 16}]
    with refused(422):  # an outing opens on its own day only
        rpc.open_days(STAFF, activity["id"], {"days": [{"date": "2030-03-14", "unit": "zoo", "capacity": 3}]})
    assert rpc.open_days(STAFF, activity["id"], {"days": [{"date": DAY, "unit": "zoo", "capacity": 20}]}) == {
        "opened": 1}
    # open_period opens the ordinary units only
    rpc.open_period(STAFF, activity["id"], {"date_from": "2030-03-18", "date_to": "2030-03-18",
                                            "pattern": "weekdays", "capacity": 5})
    assert sql("SELECT pool FROM opening_days WHERE date = '2030-03-18' ORDER BY pool") == [
        {"pool": "apres_midi"}, {"pool": "matin"}, {"pool": "midi"}]


@pytest.mark.parametrize("fault", [
    {"code": "matin"},  # already a unit
    {"code": "Zoo !"},
    {"date": (date.today() - timedelta(days=2)).isoformat()},
    {"price_cents": -1},
    {"price_cents": None},
    {"capacity": 1.5},
    {"starts_at": "18:00", "ends_at": "09:00"},
    {"label": ""},
])
def test_a_bad_outing_is_refused(rpc, make_activity, sql, fault):
    activity = make_activity(days=())
    with refused(422, "invalid_input"):
        rpc.add_outing(STAFF, activity["id"], {"date": DAY, "code": "zoo", "label": "Zoo", "capacity": 16,
                                               "price_cents": 1200, **fault})
    assert len(sql("SELECT * FROM activity_units")) == 3 and sql("SELECT * FROM opening_days") == []


def test_list_days_counts_places_and_shows_closures(rpc, make_activity, add_enrolled_child):
    activity = make_activity(days=(DAY, "2030-03-14"), capacity=1, units=("matin", "midi"))
    first, second = add_enrolled_child(), add_enrolled_child()
    rpc.book(STAFF, first["child_id"], [change(activity)], new_key())
    rpc.book(STAFF, second["child_id"], [change(activity)], new_key())
    rpc.close_days(STAFF, activity["id"], {"dates": ["2030-03-15"], "label": "Pont"})
    assert rpc.list_days(STAFF, activity["id"], DAY, "2030-03-15") == [
        {"date": DAY, "pool": "matin", "capacity": 1, "accepted": 1, "pending": 0, "waiting": 1, "closure": None},
        {"date": DAY, "pool": "midi", "capacity": 1, "accepted": 0, "pending": 0, "waiting": 0, "closure": None},
        {"date": "2030-03-14", "pool": "matin", "capacity": 1, "accepted": 0, "pending": 0, "waiting": 0,
         "closure": None},
        {"date": "2030-03-14", "pool": "midi", "capacity": 1, "accepted": 0, "pending": 0, "waiting": 0,
         "closure": None},
        {"date": "2030-03-15", "pool": None, "capacity": None, "accepted": 0, "pending": 0, "waiting": 0,
         "closure": {"kind": "closure", "label": "Pont"}}]
    assert rpc.list_days(STAFF, activity["id"], "2030-03-16", "2030-03-17") == []
    for bad in (("2030-03-14", DAY), (DAY, "2031-03-14"), ("demain", DAY)):
        with refused(422):
            rpc.list_days(STAFF, activity["id"], *bad)
