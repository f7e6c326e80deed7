"""Staff pages of reservations: the offer, enrolment and booking queues, waiting lists, roll call, contracts."""
from __future__ import annotations

from datetime import date, timedelta

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from gateway import auth, calls
from gateway.errors import error
from gateway.rpc import ServiceUnavailable
from gateway.web import bp as web
from gateway.web import planning as grid
from gateway.web import staff_offer_forms as forms
from services.chassis.errors import ServiceError

bp = Blueprint("staff_reservations", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)  # after the web guard: the session is known

MAX_DAYS_SHOWN = 366
DEFAULT_DAYS_SHOWN = 31
ATTENDANCE_LABELS = {"present": _l("Présent"), "absent_excused": _l("Absent excusé (non facturé)"),
                     "absent_billed": _l("Absent non excusé (facturé)")}
CONTRACT_STATUS = {"active": _l("En cours"), "ended": _l("Terminé")}
CLOSURE_KINDS = {"holiday": _l("Jour férié"), "closure": _l("Fermeture")}


@bp.context_processor
def labels():
    return {"booking_modes": forms.BOOKING_MODES, "patterns": forms.PATTERNS, "weekdays": forms.WEEKDAYS,
            "structure_kinds": forms.STRUCTURE_KINDS,
            "attendance_labels": ATTENDANCE_LABELS, "contract_status": CONTRACT_STATUS,
            "closure_kinds": CLOSURE_KINDS, "day": grid.day_label, "duration": forms.duration,
            "back": request.full_path.rstrip("?"), "options": _options,
            "weekday_options": [(str(n), str(label).capitalize()) for n, label in enumerate(forms.WEEKDAYS)]}


def _options(items, value: str = "id", text: str = "name") -> list[tuple]:
    return [(item[value], item[text]) for item in items]


# --- shared helpers ------------------------------------------------------------------------------

def problem(exc: Exception) -> str:
    """What went wrong, in French: the service's message (and its field details), or the form's."""
    if isinstance(exc, ServiceError):
        fields = exc.details.get("fields") if isinstance(exc.details, dict) else None
        details = _flatten(fields) if fields else []
        return exc.message + (" (" + " ; ".join(details) + ")" if details else "")
    if isinstance(exc, ValidationError) and isinstance(exc.messages, list):
        return " ".join(str(message) for message in exc.messages)
    return _("Certaines données sont invalides.")


def _flatten(value, path: str = "") -> list[str]:
    if isinstance(value, dict):
        return [line for key, inner in value.items() for line in _flatten(inner, f"{path}.{key}" if path else str(key))]
    if isinstance(value, list):
        return [line for inner in value for line in _flatten(inner, path)]
    return [f"{path} : {value}" if path and path != "_schema" else str(value)]


def _target(endpoint: str, **values) -> str:
    """Back to the page the form was on (a /staff/ path of this site only), else to `endpoint`."""
    back = request.form.get("next") or ""
    if back.startswith("/staff/") and "\\" not in back and "//" not in back:
        return back
    return url_for(endpoint, **values)


def _done(message: str, endpoint: str, **values):
    flash(message, "success")
    return redirect(_target(endpoint, **values))


def _failed(exc: Exception, endpoint: str, **values):
    flash(problem(exc), "error")
    return redirect(_target(endpoint, **values))


def _query() -> dict:
    return forms.page_query(request.args)


def _require_structure(structure_id: str) -> None:
    """The page of another structure's activity: refused before anything is shown (the services check too)."""
    caller = g.caller
    if caller["role"] != "admin" and structure_id not in (caller.get("structure_ids") or ()):
        raise error("forbidden", _("Vous n'avez pas accès à cette action."), 403)


def _activity(activity_id) -> dict:
    activity = calls.activity(g.caller, str(activity_id))
    _require_structure(activity["structure"]["id"])
    return activity


def _document_types() -> list:
    try:
        return calls.document_types(g.caller)
    except (ServiceError, ServiceUnavailable):  # the form still works without the list of documents
        return []


def _unit_labels(offer: list) -> dict:
    return {activity["id"]: {unit["code"]: unit["label"] for unit in activity.get("units", ())}
            for activity in offer}


# --- the offer: structures and activities -------------------------------------------------------

@bp.get("/activities")
def activities():
    structures = calls.structures(g.caller)
    by_structure = {structure["id"]: [] for structure in structures}
    for activity in calls.offer(g.caller):
        by_structure.setdefault(activity["structure"]["id"], []).append(activity)
    return render_template("staff/activities.html", structures=structures, by_structure=by_structure)


@bp.post("/structures")
def create_structure():
    try:
        data = forms.StructureForm().load(_form_fields("name", "kind"))
        created = calls.create_structure(g.caller, data)
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.activities")
    return _done(_("La structure « %(name)s » est créée.", name=created["name"]),
                 "web.staff_reservations.activities")


def _form_fields(*names: str) -> dict:
    return {name: (request.form.get(name) or "").strip() for name in names}


def _activity_form(template: str, values, status: int = 200, **context):
    return render_template(template, values=values, rows=forms.unit_row_count(values),
                           locked_codes=context.pop("locked_codes", set()),
                           document_types=_document_types(), **context), status


@bp.get("/activities/new")
def new_activity():
    structures = calls.structures(g.caller)
    values = MultiDict({"booking_mode": "automatic", "structure_id": _query()["structure_id"] or ""})
    return _activity_form("staff/activity_new.html", values, structures=structures)


@bp.post("/activities")
def create_activity():
    try:
        created = calls.create_activity(g.caller, forms.activity_payload(request.form, creating=True))
    except (ValidationError, ServiceError) as exc:
        status = int(exc.status) if isinstance(exc, ServiceError) else 422
        return _activity_form("staff/activity_new.html", request.form, status,
                              structures=calls.structures(g.caller), problem=problem(exc))
    flash(_("L'activité « %(name)s » est créée : ouvrez maintenant ses jours.", name=created["name"]), "success")
    return redirect(url_for("web.staff_reservations.activity", activity_id=created["id"]))


@bp.get("/activities/<uuid:activity_id>")
def activity(activity_id):
    activity = _activity(activity_id)
    return _activity_page(activity, forms.activity_values(activity))


def _activity_page(activity: dict, values, status: int = 200, problem_text: str | None = None):
    query = _query()
    first = query["date_from"] or calls.today().isoformat()
    last = query["date_to"] or (date.fromisoformat(first) + timedelta(days=DEFAULT_DAYS_SHOWN - 1)).isoformat()
    if calls.days_between(first, last) < 0 or calls.days_between(first, last) >= MAX_DAYS_SHOWN:
        raise error("invalid_input", _("Choisissez une période d'au plus %(n)s jours, dans l'ordre.",
                                       n=MAX_DAYS_SHOWN), 422)
    days = calls.opening_days(g.caller, activity["id"], first, last)
    return _activity_form(
        "staff/activity.html", values, status, activity=activity, days=days, date_from=first, date_to=last,
        pools=forms.pools(activity), outings=forms.outings(activity), pool_options=_pool_options(activity),
        pool_labels=forms.pool_labels(activity),
        windows=forms.window_rows(activity.get("windows")), problem=problem_text,
        locked_codes={unit["code"] for unit in forms.regular_units(activity)})


def _pool_options(activity: dict) -> list[tuple]:
    labels = forms.pool_labels(activity)
    found = [(pool, labels[pool]) for pool in forms.pools(activity)]
    for outing in forms.outings(activity):
        pool = outing.get("pool") or outing["code"]
        day = grid.day_label(outing["date"], "d MMMM yyyy") if outing.get("date") else ""
        found.append((pool, f"{labels[pool]} ({day})" if day else labels[pool]))
    return found


@bp.post("/activities/<uuid:activity_id>")
def update_activity(activity_id):
    activity = _activity(activity_id)
    try:
        calls.update_activity(g.caller, activity["id"], forms.activity_payload(request.form, creating=False))
    except (ValidationError, ServiceError) as exc:
        status = int(exc.status) if isinstance(exc, ServiceError) else 422
        return _activity_page(activity, request.form, status, problem(exc))
    return _done(_("La configuration de l'activité est enregistrée."), "web.staff_reservations.activity",
                 activity_id=activity["id"])


def _activity_action(activity_id, anchor: str, action):
    """Run `action(activity)` → the success message; back to the activity's page either way."""
    activity = _activity(activity_id)
    try:
        message = action(activity)
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.activity", activity_id=activity["id"], _anchor=anchor)
    return _done(message, "web.staff_reservations.activity", activity_id=activity["id"], _anchor=anchor)


@bp.post("/activities/<uuid:activity_id>/period")
def open_period(activity_id):
    def run(activity):
        result = calls.open_period(g.caller, activity["id"], forms.period_payload(request.form, forms.pools(activity)))
        message = _("%(n)s jour(s) ouvert(s).", n=result["opened"])
        holidays = result.get("holidays") or []
        if holidays:
            message += " " + _("Jours fériés laissés fermés : %(days)s.", days=", ".join(
                f"{grid.day_label(item['date'], 'd MMMM yyyy')} ({item['label']})" for item in holidays))
        return message
    return _activity_action(activity_id, "ouverture", run)


@bp.post("/activities/<uuid:activity_id>/capacity")
def set_capacity(activity_id):
    def run(activity):
        calls.open_days(g.caller, activity["id"], forms.capacity_payload(request.form))
        return _("Le nombre de places est enregistré.")
    return _activity_action(activity_id, "places", run)


@bp.post("/activities/<uuid:activity_id>/closures")
def close_days(activity_id):
    def run(activity):
        result = calls.close_days(g.caller, activity["id"], forms.closure_payload(request.form))
        return _("%(n)s jour(s) fermé(s) ; %(c)s réservation(s) annulée(s).", n=result["closed"],
                 c=result.get("cancelled_bookings", 0))
    return _activity_action(activity_id, "fermetures", run)


@bp.post("/activities/<uuid:activity_id>/reopen")
def reopen_day(activity_id):
    def run(activity):
        day = forms.day_of(request.form)
        result = calls.reopen_day(g.caller, activity["id"], day)
        if not result.get("reopened"):
            return _("Ce jour n'était pas fermé.")
        return _("Le %(day)s est rouvert.", day=grid.day_label(day, "d MMMM yyyy"))
    return _activity_action(activity_id, "places", run)


@bp.post("/activities/<uuid:activity_id>/windows")
def set_windows(activity_id):
    def run(activity):
        calls.set_windows(g.caller, activity["id"], forms.windows_payload(request.form))
        return _("Les fenêtres de réservation sont enregistrées.")
    return _activity_action(activity_id, "fenetres", run)


@bp.post("/activities/<uuid:activity_id>/outings")
def add_outing(activity_id):
    def run(activity):
        outing = calls.add_outing(g.caller, activity["id"], forms.outing_payload(request.form))
        return _("La sortie « %(label)s » est ajoutée.", label=outing.get("label", ""))
    return _activity_action(activity_id, "sorties", run)


# --- queues: enrolments and bookings -----------------------------------------------------------------

@bp.get("/enrolments")
def enrolments():
    query = _query()
    structures = calls.structures(g.caller)
    return render_template("staff/enrolments.html", structures=structures, structure_id=query["structure_id"],
                           names={s["id"]: s["name"] for s in structures},
                           enrolments=calls.pending_enrolments(g.caller, query["structure_id"]))


@bp.post("/enrolments/<uuid:enrolment_id>/decision")
def decide_enrolment(enrolment_id):
    try:
        data = forms.refuse_needs_reason(forms.EnrolmentDecisionForm().load(_decision_form()))
        calls.decide_enrolment(g.caller, str(enrolment_id), data["decision"], data["reason"])
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.enrolments")
    message = _("Inscription acceptée.") if data["decision"] == "accept" else _("Inscription refusée.")
    return _done(message, "web.staff_reservations.enrolments")


def _decision_form() -> dict:
    reason = (request.form.get("reason") or "").strip()
    return {"decision": request.form.get("decision", ""), "reason": reason or None}


@bp.get("/bookings/pending")
def pending_bookings():
    query = _query()
    structures = calls.structures(g.caller)
    return render_template("staff/pending_bookings.html", structures=structures,
                           structure_id=query["structure_id"], date=query["date"],
                           names={s["id"]: s["name"] for s in structures},
                           unit_labels=_unit_labels(calls.offer(g.caller, query["structure_id"])),
                           bookings=calls.pending_bookings(g.caller, query["structure_id"], query["date"]))


BOOKING_DECIDED = {"accept": _l("Réservation acceptée."), "waiting_list": _l("Réservation mise en liste d'attente."),
                   "refuse": _l("Réservation refusée.")}


@bp.post("/bookings/<uuid:booking_id>/decision")
def decide_booking(booking_id):
    try:
        data = forms.refuse_needs_reason(forms.BookingDecisionForm().load(_decision_form()))
        calls.decide_booking(g.caller, str(booking_id), data["decision"], data["reason"])
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.pending_bookings")
    return _done(str(BOOKING_DECIDED[data["decision"]]), "web.staff_reservations.pending_bookings")


# --- waiting lists and roll call --------------------------------------------------------------------

def _chosen_activity(query: dict, offer: list) -> dict | None:
    if not query["activity_id"]:
        return None
    chosen = next((a for a in offer if a["id"] == query["activity_id"]), None)
    return chosen or _activity(query["activity_id"])


@bp.get("/waiting-lists")
def waiting_lists():
    query, offer = _query(), calls.offer(g.caller)
    chosen = _chosen_activity(query, offer)
    day = query["date"] or calls.today().isoformat()
    lines = calls.waiting_lists(g.caller, chosen["id"], day) if chosen else None
    return render_template("staff/waiting_lists.html", offer=offer, chosen=chosen, date=day, pools=lines,
                           unit_labels=_unit_labels([chosen]) if chosen else {},
                           pool_labels=forms.pool_labels(chosen) if chosen else {})


@bp.get("/roll-call")
def roll_call():
    query, offer = _query(), calls.offer(g.caller)
    chosen = _chosen_activity(query, offer)
    day = query["date"] or calls.today().isoformat()
    entries = calls.roll_call(g.caller, chosen["id"], day) if chosen else None
    return render_template("staff/roll_call.html", offer=offer, chosen=chosen, date=day, entries=entries,
                           statuses=forms.ATTENDANCE, future=day > calls.today().isoformat())


@bp.post("/roll-call")
def record_roll_call():
    query = forms.page_query(request.form)
    if not query["activity_id"] or not query["date"]:
        raise error("invalid_input", _("Choisissez l'activité et le jour."), 422)
    activity_id, day = query["activity_id"], query["date"]
    _activity(activity_id)
    try:
        booking_ids = [entry["booking_id"] for entry in calls.roll_call(g.caller, activity_id, day)]
        entries = forms.attendance_entries(request.form, booking_ids, bool(request.form.get("everyone_present")))
        calls.record_attendance(g.caller, activity_id, day, {"entries": entries})
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.roll_call", activity_id=activity_id, date=day)
    return _done(_("L'appel est enregistré (%(n)s enfant(s)).", n=len(entries)),
                 "web.staff_reservations.roll_call", activity_id=activity_id, date=day)


# --- crèche contracts --------------------------------------------------------------------------------

@bp.get("/contracts")
def contracts():
    query = _query()
    found = calls.search_families(g.caller, query["q"].strip()) if query["q"].strip() else None
    family = contracts_of = None
    if query["family_id"]:
        family = calls.family(g.caller, query["family_id"])
        contracts_of = calls.contracts(g.caller, family["id"])
    offer = calls.offer(g.caller)
    children = {child["id"]: child for child in (family or {}).get("children", ())}
    return render_template("staff/contracts.html", query=query["q"], families=found, family=family,
                           contracts=contracts_of, offer=offer, children=children,
                           activity_names={a["id"]: a["name"] for a in offer},
                           schedule_days=forms.SCHEDULE_DAYS, schedule_ranges=range(forms.SCHEDULE_RANGES),
                           today=calls.today().isoformat())


def _family_of_form() -> str:
    family_id = forms.page_query({"family_id": request.form.get("family_id") or ""})["family_id"]
    if not family_id:
        raise error("invalid_input", _("La famille n'est pas indiquée."), 422)
    return family_id


def _contract_action(action, message: str):
    family_id = _family_of_form()
    try:
        action()
    except (ValidationError, ServiceError) as exc:
        return _failed(exc, "web.staff_reservations.contracts", family_id=family_id)
    return _done(message, "web.staff_reservations.contracts", family_id=family_id)


@bp.post("/contracts")
def create_contract():
    return _contract_action(lambda: calls.create_contract(g.caller, forms.contract_payload(request.form)),
                            _("Le contrat est créé."))


@bp.post("/contracts/<uuid:contract_id>/extra-hours")
def record_extra_hours(contract_id):
    return _contract_action(
        lambda: calls.record_extra_hours(g.caller, str(contract_id), forms.extra_hours_payload(request.form)),
        _("Les heures supplémentaires sont enregistrées."))


@bp.post("/contracts/<uuid:contract_id>/absences")
def declare_absence(contract_id):
    return _contract_action(
        lambda: calls.declare_absence(g.caller, str(contract_id), forms.absence_payload(request.form)),
        _("L'absence est enregistrée."))


web.register_blueprint(bp)
