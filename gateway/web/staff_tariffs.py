"""Staff pages of régies (settings) and tariffs (rules, quotient brackets, packages, sibling reductions)."""
from __future__ import annotations

from flask import Blueprint, g, render_template, request
from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import ValidationError

from gateway import auth, calls
from gateway.errors import error
from gateway.rpc import ServiceUnavailable
from gateway.web import bp as web
from gateway.web import done
from gateway.web.payments import cents_of
from gateway.web.staff_reservations import problem
from services.chassis.errors import ServiceError

bp = Blueprint("staff_tariffs", __name__, url_prefix="/staff")
bp.before_request(auth.require_staff)  # after the web guard: the session is known

RULES = {"flat": _l("Prix fixe"), "quotient": _l("Selon le quotient familial"),
         "outing": _l("Supplément sortie"), "package": _l("Forfait")}
CATEGORIES = {"care": _l("Garde (comptée dans l'attestation fiscale)"), "meal": _l("Repas"), "other": _l("Autre")}
PERIODS = {"week": _l("Par semaine"), "month": _l("Par mois")}
BRACKET_ROWS = 6


@bp.context_processor
def labels():
    return {"rule_labels": RULES, "category_labels": CATEGORIES, "period_labels": PERIODS,
            "bracket_rows": BRACKET_ROWS, "choices": _choices}


def _choices(items: list[dict]) -> list[tuple]:
    return [(item["id"], item["name"]) for item in items]


# --- form fields → payloads ------------------------------------------------------------------------

def _text(name: str) -> str:
    return (request.form.get(name) or "").strip()


def _whole(name: str, label: str) -> int | None:
    text = _text(name)
    if not text:
        return None
    if not text.isdigit():
        raise ValidationError([_("%(field)s : un nombre entier est attendu.", field=label)])
    return int(text)


def _euros(name: str, label: str) -> int | None:
    text = _text(name)
    if not text:
        return None
    cents = cents_of(text)
    if cents is None:
        raise ValidationError([_("%(field)s : un montant en euros est attendu, par exemple 3,50.", field=label)])
    return cents


def regie_payload() -> dict:
    payload = {"name": _text("name"), "code": _text("code") or None, "prepaid": bool(request.form.get("prepaid")),
               "payfip_numcli": _text("payfip_numcli") or None,
               "payment_instructions": _text("payment_instructions") or None}
    for key, value in (("due_days", _whole("due_days", _("Délai de paiement"))),
                       ("minimum_payment_cents", _euros("minimum_payment", _("Paiement en ligne minimum")))):
        if value is not None:
            payload[key] = value
    return payload


def tariff_payload() -> dict:
    rule = _text("rule")
    payload = {"regie_id": _text("regie_id"), "activity_id": _text("activity_id"), "unit": _text("unit"),
               "rule": rule, "category": _text("category") or "care",
               "amount_cents": _euros("amount", _("Montant")), "valid_from": _text("valid_from") or None,
               "sibling_reductions": _reductions(), "parameters": {}}
    if rule == "quotient":
        payload["parameters"] = {"brackets": _brackets()}
    elif rule == "package":
        payload["parameters"] = {"period": _text("period")}
    return payload


def _reductions() -> list[int]:
    """`0, 10, 20` → [0, 10, 20]: percent off by child's rank."""
    parts = [part.strip().rstrip("%").strip() for part in _text("sibling_reductions").split(",") if part.strip()]
    if not all(part.isdigit() for part in parts):
        raise ValidationError([_("Réductions fratrie : des pourcentages séparés par des virgules, par exemple 0, 10, 20.")])
    return [int(part) for part in parts]


def _brackets() -> list[dict]:
    """The filled rows of the bracket table; a row without ceiling is the last, open-ended one."""
    brackets = []
    for row in range(BRACKET_ROWS):
        amount = _euros(f"bracket-{row}-amount", _("Tranche %(n)d, montant", n=row + 1))
        up_to = _whole(f"bracket-{row}-up_to", _("Tranche %(n)d, plafond", n=row + 1))
        if amount is None and up_to is None:
            continue
        if amount is None:
            raise ValidationError([_("Tranche %(n)d : indiquez le montant.", n=row + 1)])
        brackets.append({"up_to": up_to, "amount_cents": amount})
    return brackets


def tariff_values(tariff: dict) -> dict:
    """A tariff as the form shows it (amounts in euros as typed, brackets as rows)."""
    def euros(cents):
        return "" if cents is None else f"{cents // 100},{cents % 100:02d}"
    values = {key: tariff.get(key) or "" for key in ("regie_id", "activity_id", "unit", "rule", "category",
                                                     "valid_from")}
    values.update(amount=euros(tariff.get("amount_cents")),
                  sibling_reductions=", ".join(str(p) for p in tariff.get("sibling_reductions") or []),
                  period=(tariff.get("parameters") or {}).get("period", ""))
    for row, bracket in enumerate((tariff.get("parameters") or {}).get("brackets", [])):
        values[f"bracket-{row}-up_to"] = "" if bracket["up_to"] is None else str(bracket["up_to"])
        values[f"bracket-{row}-amount"] = euros(bracket["amount_cents"])
    return values


# --- régies ----------------------------------------------------------------------------------------

def _regies_page(form=None, problem_text=None, status=200):
    return render_template("staff/regies.html", regies=calls.regies(g.caller), form=form or {"due_days": "30"},
                           problem=problem_text), status


@bp.get("/regies")
def regies():
    return _regies_page()


@bp.post("/regies")
def create_regie():
    try:
        created = calls.create_regie(g.caller, regie_payload())
    except (ValidationError, ServiceError) as exc:
        return _regies_page(request.form, problem(exc), 422)
    return done(_("La régie « %(name)s » est créée.", name=created["name"]), "web.staff_tariffs.regies")


def _regie(regie_id) -> dict:
    found = next((regie for regie in calls.regies(g.caller) if regie["id"] == str(regie_id)), None)
    if found is None:
        raise error("not_found", _("Élément introuvable."), 404, {"resource": "regie"})
    return found


@bp.get("/regies/<uuid:regie_id>")
def regie(regie_id):
    found = _regie(regie_id)
    form = {**found, "minimum_payment": f"{found['minimum_payment_cents'] // 100},"
                                        f"{found['minimum_payment_cents'] % 100:02d}"}
    return render_template("staff/regies_edit.html", regie=found, form=form, problem=None)


@bp.post("/regies/<uuid:regie_id>")
def update_regie(regie_id):
    found = _regie(regie_id)
    try:
        calls.update_regie(g.caller, str(regie_id), regie_payload())
    except (ValidationError, ServiceError) as exc:
        return render_template("staff/regies_edit.html", regie=found, form=request.form, problem=problem(exc)), 422
    return done(_("La régie est enregistrée."), "web.staff_tariffs.regies")


# --- tariffs ---------------------------------------------------------------------------------------

def _activities() -> list[dict]:
    """The offer, for the activity names and units (the tariffs page still works without it)."""
    try:
        return calls.offer(g.caller)
    except (ServiceError, ServiceUnavailable):
        return []


def _tariffs_page(form=None, problem_text=None, status=200):
    regie_id, activity_id = request.args.get("regie_id") or None, request.args.get("activity_id") or None
    regies_ = calls.regies(g.caller)
    try:
        listed = calls.tariffs(g.caller, regie_id, activity_id)
    except ServiceError:  # an id that is not one: show everything
        listed, regie_id, activity_id = calls.tariffs(g.caller), None, None
    activities = _activities()
    return render_template(
        "staff/tariffs.html", tariffs=listed, regies=regies_, activities=activities,
        regie_names={regie["id"]: regie["name"] for regie in regies_},
        activity_names={activity["id"]: activity["name"] for activity in activities},
        filters={"regie_id": regie_id, "activity_id": activity_id},
        form=form or {"rule": "flat", "category": "care", "regie_id": regie_id or "",
                      "activity_id": activity_id or ""},
        problem=problem_text), status


@bp.get("/tariffs")
def tariffs():
    return _tariffs_page()


@bp.post("/tariffs")
def set_tariff():
    try:
        calls.set_tariff(g.caller, tariff_payload())
    except (ValidationError, ServiceError) as exc:
        return _tariffs_page(request.form, problem(exc), 422)
    return done(_("Le tarif est enregistré."), "web.staff_tariffs.tariffs", regie_id=_text("regie_id"))


def _tariff(tariff_id) -> dict:
    found = next((tariff for tariff in calls.tariffs(g.caller) if tariff["id"] == str(tariff_id)), None)
    if found is None:
        raise error("not_found", _("Élément introuvable."), 404, {"resource": "tariff"})
    return found


def _tariff_edit(tariff: dict, form, problem_text=None, status=200):
    return render_template("staff/tariffs_edit.html", tariff=tariff, form=form, problem=problem_text,
                           regies=calls.regies(g.caller), activities=_activities()), status


@bp.get("/tariffs/<uuid:tariff_id>")
def tariff(tariff_id):
    found = _tariff(tariff_id)
    return _tariff_edit(found, tariff_values(found))


@bp.post("/tariffs/<uuid:tariff_id>")
def update_tariff(tariff_id):
    found = _tariff(tariff_id)
    try:
        calls.update_tariff(g.caller, str(tariff_id), tariff_payload())
    except (ValidationError, ServiceError) as exc:
        return _tariff_edit(found, request.form, problem(exc), 422)
    return done(_("Le tarif est enregistré."), "web.staff_tariffs.tariffs", regie_id=_text("regie_id"))


web.register_blueprint(bp)
