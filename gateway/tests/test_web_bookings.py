"""The parents' booking pages: activities and enrolment, the month planning (grid → summary → outcome),
my bookings, their history and the calendar link, through the real services."""
import html as markup
import re
import uuid
from datetime import timedelta

from gateway.tests.conftest import hidden_field
from gateway.tests.test_web import web_login
from services.chassis import clock

API = "/api/v1"


# --- helpers --------------------------------------------------------------------------------------

def text(response) -> str:
    """The page as read: `l'accueil`, not `l&#39;accueil` (the markup's escapes undone)."""
    return markup.unescape(response.get_data(as_text=True))


def make_activity(staff, name="Mercredis loisirs", capacity=2, offsets=(3,), units=("matin",), **extra):
    """An activity of its own structure, open `offsets` days from today, `capacity` places per unit."""
    today = clock.from_environment().today()
    days = [(today + timedelta(days=offset)).isoformat() for offset in offsets]
    structure = staff.post(f"{API}/staff/structures", json={"name": f"Centre {name}", "kind": "alsh"}).json
    created = staff.post(f"{API}/staff/activities", json={
        "structure_id": structure["id"], "name": name, "booking_mode": extra.pop("booking_mode", "automatic"),
        "units": [{"code": unit, "label": unit.capitalize()} for unit in units], **extra})
    assert created.status_code == 201, created.json
    activity = created.json
    opened = staff.post(f"{API}/staff/activities/{activity['id']}/days", json={
        "days": [{"date": day, "unit": unit, "capacity": capacity} for day in days for unit in units]})
    assert opened.status_code == 201, opened.json
    return {**activity, "days": days}


class ApiAs:
    """The web client used as an API client: the same session cookie, the CSRF token from a page."""

    def __init__(self, client):
        self.client, self.csrf = client, csrf_of(client)

    def get(self, path):
        return self.client.get(path)

    def post(self, path, json=None, headers=None):
        return self.client.post(path, json=json, headers={**(headers or {}), "X-CSRF-Token": self.csrf})


def enrol_by_api(user, child, activity):
    response = user.post(f"{API}/enrolments", json={"child_id": child["id"], "activity_id": activity["id"]})
    assert response.status_code == 201, response.json
    return response.json


def book_by_api(user, child, activity, day, unit="matin", action="book"):
    response = user.post(f"{API}/bookings", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "child_id": child["id"], "changes": [{"activity_id": activity["id"], "date": day, "unit": unit,
                                              "action": action}]})
    assert response.status_code == 200, response.json
    return response.json["results"][0]


def csrf_of(client) -> str:
    return hidden_field(text(client.get("/")), "csrf_token")


def grid_form(html: str) -> dict:
    """The planning form as a browser would send it, ticks as shown."""
    boxes = re.findall(r'name="booked" value="([^"]+)"( checked)?>', html)
    return {"csrf_token": hidden_field(html, "csrf_token"), "month": hidden_field(html, "month"),
            "shown": re.findall(r'name="shown" value="([^"]+)"', html),
            "booked": [key for key, checked in boxes if checked]}


def summary_form(html: str) -> dict:
    """Every hidden field of the summary's form (the three buttons send the same fields)."""
    form = html[html.index('class="summary-actions"'):]
    form = form[:form.index("</form>")]
    fields = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form):
        fields.setdefault(name, []).append(value)
    return {name: values if name in ("change", "shown", "booked") else values[0] for name, values in fields.items()}


def key(activity, day, unit="matin"):
    return f"{activity['id']}|{day}|{unit}"


def cell_html(html: str, cell_key: str) -> str:
    """The <td> of a cell (its checkbox's value is the key)."""
    at = html.index(f'value="{cell_key}"')
    return html[html.rindex("<td", 0, at):html.index("</td>", at)]


def enrolled_parent(app, new_family, activity, last_name="Dupont"):
    """A family logged in on the website, its first child enrolled in `activity`."""
    family = new_family(last_name)
    client = web_login(app, family)
    enrol_by_api(ApiAs(client), family["children"][0], activity)
    return family, family["children"][0], client


# --- activities and enrolment ---------------------------------------------------------------------

def test_a_parent_reads_the_activities_and_asks_for_enrolments(new_family, app, staff, activity):
    family = new_family("Dupont", children=("Léa", "Hugo"))
    lea = family["children"][0]
    approval = make_activity(staff, "Séjour neige", min_age_months=72, max_age_months=144, enrolment_approval=True,
                             booking_mode="validation")
    papers = make_activity(staff, "Piscine", required_documents=["attestation_caf"])
    client = web_login(app, family)

    assert client.get("/activities").location == f"/children/{lea['id']}/activities"
    page = client.get(f"/children/{lea['id']}/activities")
    html = text(page)
    assert page.status_code == 200 and "Activités de Léa" in html
    assert "Centre Jean Moulin" in html and "ALSH 3-6 ans" in html and "Séjour neige" in html
    assert "de 6 à 12 ans" in html and "tous âges" in html
    assert "Matin, Après-midi" in html
    assert "Chaque réservation est soumise à la validation de la structure." in html
    assert "Attestation CAF" in html  # the required document by its label
    assert html.count("Non inscrit") == 3 and html.count("Demander l'inscription") == 3
    assert f'href="/children/{family["children"][1]["id"]}/activities"' in html  # the other child

    csrf = hidden_field(html, "csrf_token")
    enrol = f"/children/{lea['id']}/enrolments"
    done = client.post(enrol, data={"csrf_token": csrf, "activity_id": activity["id"]})
    assert done.status_code == 302
    html = text(client.get(done.location))
    assert "Inscription à « ALSH 3-6 ans » acceptée : vous pouvez réserver dans le planning." in html
    assert "Inscrit" in html and html.count("Demander l'inscription") == 2

    client.post(enrol, data={"csrf_token": csrf, "activity_id": approval["id"]})
    html = text(client.get(f"/children/{lea['id']}/activities"))
    assert "Demande d'inscription à « Séjour neige » envoyée : elle sera examinée par la structure." in html
    assert "Demande d'inscription en attente de validation" in html and "Retirer ma demande" in html

    refused = client.post(enrol, data={"csrf_token": csrf, "activity_id": papers["id"]})
    html = text(client.get(refused.location))
    assert 'class="notice notice-error"' in html and "Documents à fournir" in html and "Attestation CAF" in html
    assert html.count("Demander l'inscription") == 1  # Piscine: still not enrolled

    [accepted] = [e for e in client.get(f"{API}/enrolments").json if e["activity_id"] == activity["id"]]
    cancel = client.post(f"/children/{lea['id']}/enrolments/{accepted['id']}/cancel", data={"csrf_token": csrf})
    html = text(client.get(cancel.location))
    assert "L'inscription est annulée." in html and html.count("Demander l'inscription") == 2

    assert client.post(enrol, data={"activity_id": activity["id"]}).status_code == 403  # no CSRF token


# --- the month planning ---------------------------------------------------------------------------

def test_the_grid_shows_states_prices_locks_and_the_legend(new_family, app, staff, activity):
    locked = make_activity(staff, "Garderie du soir", units=("soir",), booking_deadline=[
        {"kind": "days_before", "days": 10, "time": "12:00", "skip_weekends": False, "skip_holidays": False}])
    family, child, client = enrolled_parent(app, new_family, activity)
    enrol_by_api(staff, child, locked)
    day = activity["days"][0]
    book_by_api(staff, child, activity, day, unit="apres_midi")

    page = client.get(f"/children/{child['id']}/planning?month={day[:7]}")
    html = text(page)
    assert page.status_code == 200 and "Planning de Léa" in html
    assert '<th scope="col" class="day-col">Jour</th>' in html and '<th scope="row" class="day-col">' in html
    matin = cell_html(html, key(activity, day))
    assert "Disponible" in matin and 'aria-hidden="true">○' in matin and "12,50\xa0€" in matin
    assert "checked" not in matin
    booked = cell_html(html, key(activity, day, "apres_midi"))
    assert "Réservé" in booked and "checked" in booked and 'aria-hidden="true">✓' in booked
    assert locked["days"][0] == day  # the same day, ten days after its deadline
    at = html.index("Garderie du soir")
    assert "Verrouillé : délai dépassé depuis le" in html[at:]
    assert f'value="{key(locked, day, "soir")}"' not in html  # a locked cell sends nothing
    assert '<input type="checkbox" disabled>' in html
    assert "Tout cocher" in html and 'name="tick_day" value="%s"' % day in html
    legend = html[html.index('id="legende"'):]
    for label in ("Disponible", "Réservé", "En attente de validation", "Liste d'attente", "Complet", "Refusé",
                  "Fermé", "Jour férié", "Présent", "Absent excusé", "Absent facturé", "Verrouillé",
                  "Pas d'accueil"):
        assert label in legend, label
    assert html.count('class="icon" aria-hidden="true"') >= 13  # every state has its icon, beside its words
    assert "Calendrier (iCal)" in html and "Créer un lien secret" in html


def test_tick_summary_confirm_and_outcome(new_family, app, activity):
    family, child, client = enrolled_parent(app, new_family, activity)
    day = activity["days"][0]
    url = f"/children/{child['id']}/planning?month={day[:7]}"
    form = grid_form(text(client.get(url)))
    form["booked"] = [key(activity, day)]

    summary = client.post(f"/children/{child['id']}/planning/summary", data=form)
    html = text(summary)
    assert summary.status_code == 200 and "Récapitulatif de vos changements" in html
    assert "1 nouvelle réservation" in html and "ALSH 3-6 ans — Matin" in html and "12,50\xa0€" in html
    assert "Annulation" not in html and "Rien n'est encore enregistré" in html
    for button in ("Confirmer", "Retour", "Abandonner"):
        assert f">{button}</button>" in html
    fields = summary_form(html)
    assert fields["change"] == [f"{key(activity, day)}|book"] and len(fields["idempotency_key"]) == 36
    assert client.get(f"{API}/bookings?child_id={child['id']}").json == []  # nothing saved yet

    confirmed = client.post(f"/children/{child['id']}/planning/confirm", data=fields)
    html = text(confirmed)
    assert confirmed.status_code == 200
    assert 'aria-live="polite"' in html and "Résultat de vos demandes" in html
    assert "1 réservation acceptée" in html and "ALSH 3-6 ans — Matin : <strong>réservation acceptée</strong>" in html
    assert "Réservé" in cell_html(html, key(activity, day))
    replay = client.post(f"/children/{child['id']}/planning/confirm", data=fields)  # a reload: same key
    assert "réservation acceptée" in text(replay)
    assert len(client.get(f"{API}/bookings?child_id={child['id']}&status=accepted").json) == 1
    assert "ALSH 3-6 ans" in text(client.get("/"))  # the dashboard's upcoming bookings

    # Unticking the booked cell: the summary lists a cancellation, confirmed as such.
    form = grid_form(text(client.get(url)))
    form["booked"] = []
    html = text(client.post(f"/children/{child['id']}/planning/summary", data=form))
    assert "1 annulation" in html and "nouvelle réservation" not in html
    html = text(client.post(f"/children/{child['id']}/planning/confirm", data=summary_form(html)))
    assert "1 réservation annulée" in html and "<strong>réservation annulée</strong>" in html
    assert client.get(f"{API}/bookings?child_id={child['id']}&status=accepted").json == []

    # A summary's key sent with other changes: refused, in words, on the planning page.
    forged = client.post(f"/children/{child['id']}/planning/confirm",
                         data={**fields, "change": [f"{key(activity, day, 'apres_midi')}|book"]})
    assert forged.status_code == 422
    assert 'role="alert">Cette clé d\'idempotence a déjà servi pour une autre demande.' in text(forged)
    assert client.get(f"{API}/bookings?child_id={child['id']}&status=accepted").json == []


def test_back_keeps_the_ticks_and_abandon_changes_nothing(new_family, app, activity):
    family, child, client = enrolled_parent(app, new_family, activity)
    day = activity["days"][0]
    form = grid_form(text(client.get(f"/children/{child['id']}/planning?month={day[:7]}")))
    form["booked"] = [key(activity, day, "apres_midi")]
    fields = summary_form(text(client.post(f"/children/{child['id']}/planning/summary", data=form)))

    back = client.post(f"/children/{child['id']}/planning", data=fields)
    html = text(back)
    assert back.status_code == 200 and "pas encore enregistrés" in html
    assert "checked" in cell_html(html, key(activity, day, "apres_midi"))
    assert "checked" not in cell_html(html, key(activity, day))
    # From there, the summary is the same.
    again = summary_form(text(client.post(f"/children/{child['id']}/planning/summary", data=grid_form(html))))
    assert again["change"] == fields["change"]

    abandon = client.post(f"/children/{child['id']}/planning/abandon", data=fields)
    assert abandon.status_code == 302
    assert abandon.location == f"/children/{child['id']}/planning?month={day[:7]}"
    html = text(client.get(abandon.location))
    assert "Vos changements sont abandonnés : rien n'a été modifié." in html
    assert "checked" not in cell_html(html, key(activity, day, "apres_midi"))
    assert client.get(f"{API}/bookings?child_id={child['id']}").json == []


def test_tout_cocher_works_without_javascript(new_family, app, activity):
    family, child, client = enrolled_parent(app, new_family, activity)
    day = activity["days"][0]
    form = grid_form(text(client.get(f"/children/{child['id']}/planning?month={day[:7]}")))

    ticked = text(client.post(f"/children/{child['id']}/planning", data={**form, "tick_day": day}))
    assert "checked" in cell_html(ticked, key(activity, day))
    assert "checked" in cell_html(ticked, key(activity, day, "apres_midi"))
    assert "Tout décocher" in ticked
    summary = text(client.post(f"/children/{child['id']}/planning/summary", data=grid_form(ticked)))
    assert "2 nouvelles réservations" in summary

    unticked = text(client.post(f"/children/{child['id']}/planning", data={**grid_form(ticked), "tick_day": day}))
    assert "checked" not in cell_html(unticked, key(activity, day))
    assert "checked" not in cell_html(unticked, key(activity, day, "apres_midi"))


def test_outcomes_waiting_list_pending_and_refusal_rechecked_at_confirmation(
        new_family, app, staff, activity):
    full = make_activity(staff, "Sortie au zoo", capacity=1, offsets=(5,))
    validated = make_activity(staff, "Atelier théâtre", offsets=(5,), booking_mode="validation")
    family, child, client = enrolled_parent(app, new_family, activity)
    for other in (full, validated):
        enrol_by_api(staff, child, other)
    rival = new_family("Martin")
    enrol_by_api(staff, rival["children"][0], full)
    book_by_api(staff, rival["children"][0], full, full["days"][0])
    day = full["days"][0]

    html = text(client.get(f"/children/{child['id']}/planning?month={day[:7]}"))
    assert "Complet" in cell_html(html, key(full, day))
    form = grid_form(html)
    form["booked"] = [key(full, day), key(validated, day)]
    summary = text(client.post(f"/children/{child['id']}/planning/summary", data=form))
    assert "complet : votre enfant sera inscrit sur la liste d'attente" in summary
    assert "soumis à la validation de la structure" in summary
    fields = summary_form(summary)

    closed = staff.post(f"{API}/staff/activities/{validated['id']}/closures", json={"dates": [day], "label": "Grève"})
    assert closed.status_code in (200, 201), closed.json
    html = text(client.post(f"/children/{child['id']}/planning/confirm", data=fields))
    assert "Sortie au zoo — Matin : <strong>inscrit sur la liste d'attente (position 1)</strong>" in html
    assert "Atelier théâtre — Matin : <strong>réservation refusée : l'accueil est fermé ce jour-là</strong>" in html
    assert "1 inscription sur liste d'attente" in html and "1 demande refusée" in html
    assert "Liste d'attente (position 1)" in cell_html(html, key(full, day))

    # Validation mode: the request waits for the structure.
    closed_day = day
    reopen = staff.send("DELETE", f"{API}/staff/activities/{validated['id']}/closures/{closed_day}")
    assert reopen.status_code == 200, reopen.json
    form = grid_form(text(client.get(f"/children/{child['id']}/planning?month={day[:7]}")))
    form["booked"] = [*form["booked"], key(validated, day)]
    fields = summary_form(text(client.post(f"/children/{child['id']}/planning/summary", data=form)))
    html = text(client.post(f"/children/{child['id']}/planning/confirm", data=fields))
    assert "<strong>demande en attente de validation par la structure</strong>" in html
    assert "En attente de validation" in cell_html(html, key(validated, day))


def test_booking_pages_of_another_familys_child_are_404(new_family, app, activity):
    ours, theirs = new_family("Dupont"), new_family("Martin")
    client = web_login(app, ours)
    csrf = csrf_of(client)
    other = theirs["children"][0]["id"]
    day = activity["days"][0]
    for method, path, data in [
        ("GET", f"/children/{other}/activities", None),
        ("GET", f"/children/{other}/planning", None),
        ("POST", f"/children/{other}/planning", {"csrf_token": csrf}),
        ("POST", f"/children/{other}/planning/summary", {"csrf_token": csrf, "month": day[:7]}),
        ("POST", f"/children/{other}/planning/confirm", {"csrf_token": csrf, "idempotency_key": "k",
                                                          "change": f"{key(activity, day)}|book"}),
        ("POST", f"/children/{other}/enrolments", {"csrf_token": csrf, "activity_id": activity["id"]}),
        ("POST", f"/children/{other}/calendar", {"csrf_token": csrf}),
        ("GET", f"/bookings?child={other}", None),
    ]:
        response = client.open(path, method=method, data=data)
        assert response.status_code == 404, (path, response.status_code)
        assert "Élément introuvable." in text(response)
    assert client.get(f"/children/{ours['children'][0]['id']}/planning?month=2026-13").status_code == 422
    assert client.get("/bookings?month=mars").status_code == 422
    forged = client.post(f"/children/{ours['children'][0]['id']}/planning/confirm",
                         data={"csrf_token": csrf, "idempotency_key": "k", "change": "x|demain|matin|steal"})
    assert forged.status_code == 422


# --- my bookings, history, calendar ---------------------------------------------------------------

def test_my_bookings_and_their_history(new_family, app, staff, activity):
    family, child, client = enrolled_parent(app, new_family, activity)
    day = activity["days"][0]
    form = grid_form(text(client.get(f"/children/{child['id']}/planning?month={day[:7]}")))
    form["booked"] = [key(activity, day)]
    fields = summary_form(text(client.post(f"/children/{child['id']}/planning/summary", data=form)))
    client.post(f"/children/{child['id']}/planning/confirm", data=fields)
    book_by_api(staff, child, activity, day, unit="apres_midi")  # the town hall books too

    html = text(client.get(f"/bookings?month={day[:7]}"))
    assert "Mes réservations" in html and "<caption" in html and 'scope="col"' in html
    assert html.count("Acceptée</span>") == 2
    assert "ALSH 3-6 ans — Matin" in html and "ALSH 3-6 ans — Après-midi" in html
    assert "par vous sur le web le" in html and "par la mairie le" in html
    assert "Aucune réservation" in text(client.get(f"/bookings?month={day[:7]}&status=cancelled"))
    assert "ALSH 3-6 ans" in text(client.get(f"/bookings?month={day[:7]}&child={child['id']}"))

    book_by_api(ApiAs(client), child, activity, day, unit="matin", action="cancel")
    history = text(client.get("/bookings/history"))
    assert "Historique de mes réservations" in history
    assert history.count("Réservation acceptée") == 2 and "Réservation annulée" in history
    assert history.index("Réservation annulée") < history.index("Réservation acceptée")  # newest first
    assert "par vous sur le web le" in history and "par la mairie le" in history
    assert "ALSH 3-6 ans — Matin" in history
    filtered = text(client.get(f"/bookings/history?child={child['id']}"))
    assert "Réservation annulée" in filtered


def test_calendar_link_is_shown_once_and_revoked(new_family, app):
    family = new_family("Dupont")
    child = family["children"][0]
    client = web_login(app, family)
    csrf = csrf_of(client)

    created = client.post(f"/children/{child['id']}/calendar", data={"csrf_token": csrf})
    html = text(created)
    assert created.status_code == 200 and created.headers["Cache-Control"] == "no-store"
    assert "il ne sera plus jamais affiché" in html
    feed = re.search(r'readonly class="feed-url">(http://localhost/api/v1/calendar/[^<\s]+\.ics)<', html).group(1)
    assert 'href="webcal://localhost/api/v1/calendar/' in html
    ics = client.get(feed.removeprefix("http://localhost"))
    assert ics.status_code == 200 and "BEGIN:VCALENDAR" in text(ics)
    assert feed not in text(client.get(f"/children/{child['id']}/planning"))  # never shown again

    revoked = client.post(f"/children/{child['id']}/calendar/revoke", data={"csrf_token": csrf})
    assert revoked.location == f"/children/{child['id']}/planning"
    assert "1 lien de calendrier révoqué" in text(client.get(revoked.location))
    assert client.get(feed.removeprefix("http://localhost")).status_code == 404
