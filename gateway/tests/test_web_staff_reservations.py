"""The staff pages of reservations, through the real services: the offer, the queues, waiting lists,
roll call and crèche contracts; closed to parents and to the staff of other structures."""
from __future__ import annotations

import re
import uuid
from datetime import timedelta

import pytest

from gateway.tests.conftest import STAFF_PASSWORD
from services.chassis import clock

ADMIN = {"user_id": "admin-h6", "role": "admin", "family_id": None, "structure_ids": []}
UNITS = [{"code": "matin", "label": "Matin"}, {"code": "apres_midi", "label": "Après-midi"}]


def text(response) -> str:
    return response.get_data(as_text=True)


def notices(response) -> list[str]:
    """The page's notices (flash messages and problems), to explain a failed assertion."""
    return re.findall(r'<p class="notice[^"]*"[^>]*>(.*?)</p>', text(response), re.S)


def assert_accessible(html: str) -> None:
    """Every field has its label, no id is used twice, nothing relies on scripts or inline styles."""
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    for tag, field_id in re.findall(r'<(input|select|textarea)\s+id="([^"]+)"', html):
        assert f'<label for="{field_id}"' in html, f"{tag} #{field_id} has no label"
    assert "<script" not in html and "style=" not in html


def today():
    return clock.from_environment().today()


def parent_caller(family: dict) -> dict:
    return {"user_id": f"parent-{family['id']}", "role": "parent", "family_id": family["id"], "structure_ids": []}


@pytest.fixture
def rpc(stack, rpc_proxy):
    return rpc_proxy("reservations", timeout=30)


@pytest.fixture
def make_activity(rpc):
    """An activity of a new structure (as the admin), open on `days` with `capacity` places per unit."""
    def make(name="ALSH 3-6 ans", booking_mode="automatic", days=(), capacity=2, **extra) -> dict:
        structure = rpc.create_structure(ADMIN, {"name": f"Centre {name}", "kind": "alsh"})
        activity = rpc.create_activity(ADMIN, {"structure_id": structure["id"], "name": name,
                                               "booking_mode": booking_mode, "units": UNITS, **extra})
        if days:
            rpc.open_days(ADMIN, activity["id"], {"days": [
                {"date": day, "unit": unit["code"], "capacity": capacity} for day in days for unit in UNITS]})
        return activity
    return make


def post(user, path: str, data: dict, follow: bool = True):
    return user.client.post(path, data={"csrf_token": user.csrf, **data}, follow_redirects=follow)


def book(rpc, family, child, activity, day, unit="matin"):
    answer = rpc.book(parent_caller(family), child["id"], [
        {"activity_id": activity["id"], "date": day, "unit": unit, "action": "book"}], str(uuid.uuid4()))
    [result] = answer["results"]
    return result


def enrol(rpc, child, activity):
    return rpc.request_enrolment(ADMIN, {"child_id": child["id"], "activity_id": activity["id"]})


def test_structure_and_activity_configured_through_the_pages(staff, rpc):
    page = staff.get("/staff/activities")
    assert page.status_code == 200 and "Créer une structure" in text(page)
    created = post(staff, "/staff/structures", {"name": "Centre Jean Moulin", "kind": "alsh"})
    html = text(created)
    assert "La structure « Centre Jean Moulin » est créée." in html
    structure_id = re.search(r'/staff/activities/new\?structure_id=([0-9a-f-]{36})', html).group(1)

    form = staff.get(f"/staff/activities/new?structure_id={structure_id}")
    assert form.status_code == 200 and f'<option value="{structure_id}" selected>' in text(form)
    assert_accessible(text(form))
    fields = {
        "structure_id": structure_id, "name": "ALSH 3-6 ans", "booking_mode": "validation",
        "min_age_months": "36", "max_age_months": "72", "enrolment_approval": "1", "blocks_on_debt": "1",
        "unit-0-code": "matin", "unit-0-label": "Matin", "unit-0-starts_at": "08:30", "unit-0-ends_at": "12:00",
        "unit-1-code": "midi", "unit-1-label": "Repas", "unit-2-code": "apres_midi", "unit-2-label": "Après-midi",
        "unit-3-code": "", "unit-3-label": "",
        "unit_combinations": "matin\nmatin, midi\nmatin, midi, apres_midi\napres_midi",
        "booking_days": "2", "booking_days_time": "10:00", "booking_skip_weekends": "1",
        "cancel_weekday": "4", "cancel_weekday_time": "12:00", "cancel_holidays_days": "15",
    }
    refused = post(staff, "/staff/activities", {**fields, "unit-1-code": "Midi Repas"})
    assert refused.status_code == 422
    assert "Unité, ligne 2" in text(refused) and 'value="ALSH 3-6 ans"' in text(refused)  # the input is kept

    response = post(staff, "/staff/activities", fields, follow=False)
    assert response.status_code == 302, notices(response)
    activity_id = re.search(r"/staff/activities/([0-9a-f-]{36})$", response.location).group(1)
    activity = rpc.get_activity(ADMIN, activity_id)
    assert activity["booking_mode"] == "validation" and activity["enrolment_approval"] is True
    assert (activity["min_age_months"], activity["max_age_months"], activity["blocks_on_debt"]) == (36, 72, True)
    assert [(u["code"], u["label"]) for u in activity["units"]] == [
        ("matin", "Matin"), ("midi", "Repas"), ("apres_midi", "Après-midi")]
    assert activity["units"][0]["starts_at"] == "08:30"
    assert activity["unit_combinations"] == [["matin"], ["matin", "midi"], ["matin", "midi", "apres_midi"],
                                             ["apres_midi"]]
    assert activity["booking_deadline"] == [{"kind": "days_before", "days": 2, "time": "10:00",
                                             "skip_weekends": True, "skip_holidays": False}]
    assert activity["cancel_deadline"] == [{"kind": "previous_weekday", "weekday": 4, "time": "12:00"},
                                           {"kind": "before_holidays", "days": 15}]

    page = text(staff.get(f"/staff/activities/{activity_id}"))
    assert "ALSH 3-6 ans" in page and "matin, midi, apres_midi" in page
    assert '<option value="4" selected>Vendredi</option>' in page  # the rules fill the form back
    assert_accessible(page)

    update = {k: v for k, v in fields.items() if k != "structure_id"}
    changed = post(staff, f"/staff/activities/{activity_id}", {**update, "name": "ALSH maternelle",
                                                             "unit-3-code": "soir", "unit-3-label": "Soir",
                                                             "cancel_holidays_days": ""})
    assert "La configuration de l&#39;activité est enregistrée." in text(changed), notices(changed)
    activity = rpc.get_activity(ADMIN, activity_id)
    assert activity["name"] == "ALSH maternelle" and activity["units"][-1]["code"] == "soir"
    assert activity["cancel_deadline"] == [{"kind": "previous_weekday", "weekday": 4, "time": "12:00"}]


def test_opening_a_period_closures_capacities_windows_and_outings(staff, rpc, make_activity):
    activity = make_activity()
    base = f"/staff/activities/{activity['id']}"
    # 3–7 May 2027, Monday to Friday: Ascension Day (Thursday 6 May) stays closed.
    opened = post(staff, f"{base}/period", {"date_from": "2027-05-03", "date_to": "2027-05-07",
                                            "pattern": "weekdays", "weekdays": ["0", "1", "2", "3", "4"],
                                            "capacity": "12"})
    html = text(opened)
    assert "jour(s) ouvert(s)" in html and "6 mai 2027 (Ascension)" in html
    days = rpc.list_days(ADMIN, activity["id"], "2027-05-03", "2027-05-07")
    assert {(d["date"], d["pool"], d["capacity"]) for d in days if d["capacity"] is not None} >= {
        ("2027-05-03", "matin", 12), ("2027-05-07", "apres_midi", 12)}
    assert any(d["date"] == "2027-05-06" and d["closure"] and d["closure"]["kind"] == "holiday" for d in days)

    no_pattern = post(staff, f"{base}/period", {"date_from": "2027-05-03", "date_to": "2027-05-07",
                                                "pattern": "weekdays", "capacity": "12"})
    assert "Cochez au moins un jour de la semaine." in text(no_pattern)

    raised = post(staff, f"{base}/capacity", {"date": "2027-05-04", "pool": "matin", "capacity": "20"})
    assert "Le nombre de places est enregistré." in text(raised)
    closed = post(staff, f"{base}/closures", {"date_from": "2027-05-07", "label": "Pont de l'Ascension"})
    assert "1 jour(s) fermé(s) ; 0 réservation(s) annulée(s)." in text(closed)
    table = text(staff.get(f"{base}?from=2027-05-03&to=2027-05-07"))
    assert "Pont de l&#39;Ascension" in table and "Jour férié : Ascension" in table and ">20<" in table
    reopened = post(staff, f"{base}/reopen", {"date": "2027-05-07"})
    assert "Le 7 mai 2027 est rouvert." in text(reopened)
    assert not [d for d in rpc.list_days(ADMIN, activity["id"], "2027-05-07", "2027-05-07") if d["closure"]]

    windows = post(staff, f"{base}/windows", {
        "window-0-label": "Vacances d'été", "window-0-period_start": "2027-07-05",
        "window-0-period_end": "2027-08-27", "window-0-opens_at": "2027-05-02T08:00",
        "window-0-closes_at": "2027-06-15T23:59", "window-1-label": ""})
    assert "Les fenêtres de réservation sont enregistrées." in text(windows)
    [window] = rpc.get_activity(ADMIN, activity["id"])["windows"]
    assert window["label"] == "Vacances d'été" and window["period_end"] == "2027-08-27"
    assert 'value="2027-05-02T08:00"' in text(staff.get(base))  # shown back in Paris time

    outing = post(staff, f"{base}/outings", {"date": "2027-07-08", "code": "sortie_zoo", "label": "Sortie au zoo",
                                             "capacity": "15", "price": "8,50", "starts_at": "09:00"})
    assert "La sortie « Sortie au zoo » est ajoutée." in text(outing)
    [unit] = [u for u in rpc.get_activity(ADMIN, activity["id"])["units"] if u["kind"] == "outing"]
    assert (unit["price_cents"], unit["date"]) == (850, "2027-07-08")
    assert "8,50" in text(staff.get(base))


def test_enrolment_requests_accepted_or_refused(staff, rpc, new_family, make_activity):
    activity = make_activity(name="Club ados", enrolment_approval=True)
    family = new_family("Dupont", children=("Léa", "Hugo"))
    lea, hugo = family["children"]
    for child in (lea, hugo):
        assert rpc.request_enrolment(parent_caller(family), {"child_id": child["id"],
                                                              "activity_id": activity["id"]})["status"] == "pending"
    page = text(staff.get("/staff/enrolments"))
    assert "Léa Dupont — Club ados" in page and "Hugo Dupont — Club ados" in page
    assert_accessible(page)
    pending = {e["child_id"]: e["id"] for e in rpc.list_pending_enrolments(ADMIN)}

    no_reason = post(staff, f"/staff/enrolments/{pending[hugo['id']]}/decision", {"decision": "refuse"})
    assert "Le motif du refus est obligatoire." in text(no_reason)
    accepted = post(staff, f"/staff/enrolments/{pending[lea['id']]}/decision", {"decision": "accept"})
    assert "Inscription acceptée." in text(accepted)
    refused = post(staff, f"/staff/enrolments/{pending[hugo['id']]}/decision",
                   {"decision": "refuse", "reason": "Plus de place dans le groupe"})
    assert "Inscription refusée." in text(refused)
    again = post(staff, f"/staff/enrolments/{pending[lea['id']]}/decision", {"decision": "accept"})
    assert "déjà été traitée." in text(again), notices(again)
    statuses = {e["child_id"]: (e["status"], e["reason"]) for e in rpc.list_enrolments(ADMIN, family["id"])}
    assert statuses == {lea["id"]: ("accepted", None), hugo["id"]: ("refused", "Plus de place dans le groupe")}
    assert "Aucune demande d'inscription en attente." in text(staff.get("/staff/enrolments"))


def test_pending_bookings_decided_and_waiting_lists_with_ranks(staff, rpc, new_family, make_activity):
    day = (today() + timedelta(days=5)).isoformat()
    activity = make_activity(name="Mercredis", booking_mode="validation", days=[day], capacity=1)
    family = new_family("Martin", children=("Léa", "Hugo", "Zoé", "Tom"))
    for child in family["children"]:
        enrol(rpc, child, activity)
        assert book(rpc, family, child, activity, day)["status"] == "pending"

    structure_id = activity["structure"]["id"]
    url = f"/staff/bookings/pending?structure_id={structure_id}&date={day}"
    page = text(staff.get(url))
    assert "4 demande(s)" in page
    assert_accessible(page)
    for name in ("Léa Martin", "Hugo Martin", "Zoé Martin", "Tom Martin"):
        assert name in page
    ids = {b["child_name"]: b["id"] for b in rpc.list_pending_bookings(ADMIN, structure_id, day)}

    accepted = post(staff, f"/staff/bookings/{ids['Léa Martin']}/decision", {"decision": "accept", "next": url})
    assert "Réservation acceptée." in text(accepted) and "3 demande(s)" in text(accepted)  # back on the same page
    for name in ("Hugo Martin", "Zoé Martin"):
        waiting = post(staff, f"/staff/bookings/{ids[name]}/decision", {"decision": "waiting_list"})
        assert "Réservation mise en liste d&#39;attente." in text(waiting)
    no_reason = post(staff, f"/staff/bookings/{ids['Tom Martin']}/decision", {"decision": "refuse", "reason": " "})
    assert "Le motif du refus est obligatoire." in text(no_reason)
    refused = post(staff, f"/staff/bookings/{ids['Tom Martin']}/decision", {"decision": "refuse",
                                                                           "reason": "Groupe complet"})
    assert "Réservation refusée." in text(refused), notices(refused)
    assert "Aucune demande de réservation en attente." in text(staff.get(url))

    lists_url = f"/staff/waiting-lists?activity_id={activity['id']}&date={day}"
    lists = text(staff.get(lists_url))
    assert "1 place(s) prise(s) sur 1" in lists and "Pas de place libre" in lists
    assert_accessible(lists)
    assert re.search(r"<td>1</td>\s*<th scope=\"row\">Hugo Martin</th>", lists)
    assert re.search(r"<td>2</td>\s*<th scope=\"row\">Zoé Martin</th>", lists)
    not_first = post(staff, f"/staff/bookings/{ids['Zoé Martin']}/decision", {"decision": "accept"})
    assert "Seul le premier de la liste d&#39;attente" in text(not_first), notices(not_first)
    full = post(staff, f"/staff/bookings/{ids['Hugo Martin']}/decision", {"decision": "accept"})
    assert "Il n&#39;y a plus de place ce jour-là." in text(full), notices(full)

    raised = post(staff, f"/staff/activities/{activity['id']}/capacity", {"date": day, "pool": "matin",
                                                                          "capacity": "2"})
    assert "Le nombre de places est enregistré." in text(raised)
    served = post(staff, f"/staff/bookings/{ids['Hugo Martin']}/decision", {"decision": "accept",
                                                                             "next": lists_url})
    html = text(served)
    assert "Réservation acceptée." in html and "2 place(s) prise(s) sur 2" in html
    assert re.search(r"<td>1</td>\s*<th scope=\"row\">Zoé Martin</th>", html)  # the line closed up
    statuses = {b["child_name"]: b["status"] for b in rpc.list_bookings(ADMIN, family["id"])}
    assert statuses == {"Léa Martin": "accepted", "Hugo Martin": "accepted", "Zoé Martin": "waiting_list",
                        "Tom Martin": "refused"}


def test_roll_call_recorded_for_today_not_for_a_future_day(staff, rpc, new_family, make_activity):
    day, later = today().isoformat(), (today() + timedelta(days=2)).isoformat()
    activity = make_activity(name="Garderie", days=[day, later])
    family = new_family("Petit", children=("Léa", "Hugo"))
    lea, hugo = family["children"]
    for child in (lea, hugo):
        enrol(rpc, child, activity)
        answer = rpc.book(ADMIN, child["id"], [{"activity_id": activity["id"], "date": day, "unit": "matin",
                                                "action": "book"}], str(uuid.uuid4()))
        assert answer["results"][0]["status"] == "accepted"  # staff book today, past any deadline
    url = f"/staff/roll-call?activity_id={activity['id']}&date={day}"
    page = text(staff.get(url))
    assert "Léa Petit — Matin" in page and "Hugo Petit — Matin" in page
    assert_accessible(page)
    entries = {e["child_name"]: e["booking_id"] for e in rpc.roll_call(ADMIN, activity["id"], day)}

    recorded = post(staff, "/staff/roll-call", {"activity_id": activity["id"], "date": day,
                                                f"status-{entries['Léa Petit']}": "absent_excused",
                                                "everyone_present": "1"})
    html = text(recorded)
    assert "L&#39;appel est enregistré (2 enfant(s))." in html
    assert f'name="status-{entries["Léa Petit"]}" type="radio" value="absent_excused" checked' in html
    statuses = {e["child_name"]: e["status"] for e in rpc.roll_call(ADMIN, activity["id"], day)}
    assert statuses == {"Léa Petit": "absent_excused", "Hugo Petit": "present"}

    nothing = post(staff, "/staff/roll-call", {"activity_id": activity["id"], "date": day})
    assert "Aucun enfant pointé" in text(nothing)
    enrolled_later = book(rpc, family, lea, activity, later)
    assert enrolled_later["status"] == "accepted"
    future_page = text(staff.get(f"/staff/roll-call?activity_id={activity['id']}&date={later}"))
    assert "Ce jour n'est pas encore passé" in future_page
    refused = post(staff, "/staff/roll-call", {"activity_id": activity["id"], "date": later,
                                               f"status-{enrolled_later['booking_id']}": "present"})
    assert "On ne peut pas pointer un jour à venir." in text(refused)


def test_creche_contract_with_extra_hours_and_absences(staff, rpc, new_family, make_activity):
    activity = make_activity(name="Micro-crèche Les Lutins")
    family = new_family("Bernard", children=("Jade",))
    [jade] = family["children"]
    found = text(staff.get("/staff/contracts?q=Bernard"))
    assert f"/staff/contracts?family_id={family['id']}" in found
    page = text(staff.get(f"/staff/contracts?family_id={family['id']}"))
    assert "Aucun contrat pour cette famille." in page and "Micro-crèche Les Lutins" in page

    start = today().replace(day=1).isoformat()
    end = (today().replace(day=1) + timedelta(days=200)).isoformat()
    form = {"family_id": family["id"], "child_id": jade["id"], "activity_id": activity["id"],
            "starts_on": start, "ends_on": end, "schedule-0-0-start": "08:30", "schedule-0-0-end": "17:30",
            "schedule-2-0-start": "08:30", "schedule-2-0-end": "12:00", "schedule-2-1-start": "13:30",
            "schedule-2-1-end": "17:00"}
    backwards = post(staff, "/staff/contracts", {**form, "schedule-0-0-end": "07:00"})
    assert "une heure d&#39;arrivée puis une heure de départ plus tardive" in text(backwards)
    created = text(post(staff, "/staff/contracts", form))
    assert "Le contrat est créé." in created and "Lundi : 08:30–17:30" in created
    assert "Mercredi : 08:30–12:00, 13:30–17:00" in created
    assert_accessible(created)
    [contract] = rpc.list_contracts(ADMIN, family["id"])
    assert contract["schedule"] == {"0": [["08:30", "17:30"]], "2": [["08:30", "12:00"], ["13:30", "17:00"]]}

    extra = post(staff, f"/staff/contracts/{contract['id']}/extra-hours",
                 {"family_id": family["id"], "date": today().isoformat(), "hours": "1", "minutes": "30"})
    assert "Les heures supplémentaires sont enregistrées." in text(extra) and "1 h 30" in text(extra)
    absent = post(staff, f"/staff/contracts/{contract['id']}/absences",
                  {"family_id": family["id"], "date_from": start, "date_to": start, "reason": "Maladie"})
    assert "L&#39;absence est enregistrée." in text(absent) and "(Maladie)" in text(absent)
    [contract] = rpc.list_contracts(ADMIN, family["id"])
    assert [e["minutes"] for e in contract["extra_hours"]] == [90]
    assert [(a["date_from"], a["reason"]) for a in contract["absences"]] == [(start, "Maladie")]


def _staff_reservation_paths(app):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("web.staff_reservations."):
            path = rule.build({arg: uuid.uuid4() for arg in rule.arguments}, append_unknown=False)[1]
            for method in sorted(rule.methods & {"GET", "POST"}):
                yield method, path


def test_every_page_is_refused_to_parents(app, new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    paths = list(_staff_reservation_paths(app))
    assert len(paths) >= 20
    for method, path in paths:
        if method == "GET":
            response = parent.client.get(path)
        else:
            response = parent.client.post(path, data={"csrf_token": parent.csrf, "decision": "accept"})
        assert response.status_code == 403, (method, path, response.status_code)
        assert "Vous n&#39;avez pas accès à cette action." in text(response)


def test_staff_of_another_structure_are_refused(staff, rpc, browser, service_sql, new_family, make_activity):
    from services.accounts.bootstrap import ensure_staff_user

    day = (today() + timedelta(days=3)).isoformat()
    theirs = make_activity(name="Restauration scolaire", booking_mode="validation", days=[day])
    mine = make_activity(name="Accueil du soir")
    family = new_family("Leroy")
    [child] = family["children"]
    enrol(rpc, child, theirs)
    booking = book(rpc, family, child, theirs, day)
    ensure_staff_user("animateur.h6", STAFF_PASSWORD, role="staff")
    service_sql("accounts")("UPDATE users SET structure_ids = %s WHERE login = %s",
                            ([mine["structure"]["id"]], "animateur.h6"))
    agent = browser()
    assert agent.login("animateur.h6", STAFF_PASSWORD).status_code == 200

    offer = text(agent.get("/staff/activities"))
    assert "Accueil du soir" in offer and "Restauration scolaire" not in offer
    assert "Créer une structure" not in offer  # admins only
    assert agent.get(f"/staff/activities/{mine['id']}").status_code == 200
    for path in (f"/staff/activities/{theirs['id']}",
                 f"/staff/bookings/pending?structure_id={theirs['structure']['id']}",
                 f"/staff/waiting-lists?activity_id={theirs['id']}&date={day}",
                 f"/staff/roll-call?activity_id={theirs['id']}&date={day}",
                 f"/staff/enrolments?structure_id={theirs['structure']['id']}"):
        response = agent.get(path)
        assert response.status_code == 403, path
        assert "Vous n&#39;avez pas accès à cette action." in text(response)
    assert "Restauration scolaire" not in text(agent.get("/staff/bookings/pending"))
    assert agent.client.post(f"/staff/activities/{theirs['id']}/closures", data={
        "csrf_token": agent.csrf, "date_from": day, "label": "Grève"}).status_code == 403
    decided = post(agent, f"/staff/bookings/{booking['booking_id']}/decision", {"decision": "accept"})
    assert "Vous n&#39;avez pas accès à cette action." in text(decided)
    assert rpc.list_bookings(ADMIN, family["id"])[0]["status"] == "pending"


# --- the form conversions alone --------------------------------------------------------------------

def test_deadline_fields_and_rules_convert_both_ways():
    from werkzeug.datastructures import MultiDict

    from gateway.web import staff_offer_forms as forms

    rules = [{"kind": "days_before", "days": 3, "time": "18:00", "skip_weekends": True, "skip_holidays": True},
             {"kind": "previous_weekday", "weekday": 4, "time": "12:00"},
             {"kind": "before_holidays", "days": 15}]
    assert forms.deadline_rules(MultiDict(forms.deadline_values(rules, "cancel")), "cancel") == rules
    assert forms.deadline_rules(MultiDict({"booking_days": "", "booking_weekday": ""}), "booking") == []
    with pytest.raises(forms.ValidationError, match="Heure limite"):
        forms.deadline_rules(MultiDict({"booking_days": "2"}), "booking")


def test_amounts_combinations_and_schedules_from_the_forms():
    from werkzeug.datastructures import MultiDict

    from gateway.web import staff_offer_forms as forms

    assert [forms.cents(raw, "Prix") for raw in ("8,50", "8.5", "12", "0,05 €")] == [850, 850, 1200, 5]
    with pytest.raises(forms.ValidationError, match="montant en euros"):
        forms.cents("huit", "Prix")
    assert forms.combinations(" \n") is None
    assert forms.combinations("matin\nmatin , midi\n") == [["matin"], ["matin", "midi"]]
    with pytest.raises(forms.ValidationError, match="ligne 2"):
        forms.combinations("matin\nApres midi")
    schedule = forms.schedule(MultiDict({"schedule-1-0-start": "08:00", "schedule-1-0-end": "12:00",
                                         "schedule-1-1-start": "14:00", "schedule-1-1-end": "18:00"}))
    assert schedule == {"1": [["08:00", "12:00"], ["14:00", "18:00"]]}
    with pytest.raises(forms.ValidationError, match="au moins un jour"):
        forms.schedule(MultiDict())
    assert forms.extra_hours_payload(MultiDict({"date": "2026-03-02", "hours": "2", "minutes": "15"})) == {
        "date": "2026-03-02", "minutes": 135}
