"""The staff reservation forms ↔ the payloads of the reservations contract (issue 4).

Every parser raises marshmallow's ValidationError with French sentences the page shows as they are;
the service validates the payload again and has the last word.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _, lazy_gettext as _l
from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate
from werkzeug.datastructures import MultiDict

from services.chassis import config
from services.chassis.schemas import StrictSchema

WEEKDAYS = (_l("lundi"), _l("mardi"), _l("mercredi"), _l("jeudi"), _l("vendredi"), _l("samedi"), _l("dimanche"))
BOOKING_MODES = {"automatic": _l("Automatique (accepté tant qu'il reste des places, sinon liste d'attente)"),
                 "validation": _l("Validation par la structure (demande à accepter ou refuser)")}
PATTERNS = {"school_days": _l("Jours d'école (lundi, mardi, jeudi, vendredi des semaines d'école)"),
            "wednesdays": _l("Mercredis en période scolaire"),
            "holidays": _l("Vacances scolaires (du lundi au vendredi)"),
            "weekdays": _l("Jours de la semaine choisis ci-dessous")}
STRUCTURE_KINDS = {"alsh": _l("Accueil de loisirs (ALSH)"), "periscolaire": _l("Périscolaire (garderie)"),
                   "restauration": _l("Restauration scolaire"), "creche": _l("Crèche / micro-crèche"),
                   "jeunesse": _l("Espace jeunes"), "autre": _l("Autre")}
UNIT_ROWS_EXTRA = 3       # empty unit rows offered below the existing ones
WINDOW_ROWS_EXTRA = 2
SCHEDULE_DAYS = range(6)  # crèche contracts: Monday to Saturday
SCHEDULE_RANGES = 2       # up to two time ranges a day (e.g. morning and afternoon)
MAX_CLOSED_DAYS = 366

CODE = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
EUROS = re.compile(r"^\d{1,6}([.,]\d{1,2})?$")


def _paris() -> ZoneInfo:
    return ZoneInfo(config.get("TIMEZONE"))


def _text(form, name: str) -> str:
    return (form.get(name) or "").strip()


def _flag(form, name: str) -> bool:
    return form.get(name) in ("1", "on", "true")


def _int(form, name: str, label: str, low: int = 0, high: int = 100000, required: bool = False) -> int | None:
    raw = _text(form, name)
    if not raw:
        if required:
            raise ValidationError(_("%(field)s : ce champ est obligatoire.", field=label))
        return None
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise ValidationError(_("%(field)s : nombre entier de %(low)s à %(high)s attendu.",
                                field=label, low=low, high=high))
    return int(raw)


def _time(form, name: str, label: str, required: bool = False) -> str | None:
    raw = _text(form, name)[:5]  # browsers may send seconds (HH:MM:SS)
    if not raw:
        if required:
            raise ValidationError(_("%(field)s : l'heure est obligatoire.", field=label))
        return None
    if not TIME.match(raw):
        raise ValidationError(_("%(field)s : heure attendue au format HH:MM.", field=label))
    return raw


def _date(form, name: str, label: str, required: bool = True) -> str | None:
    raw = _text(form, name)
    if not raw:
        if required:
            raise ValidationError(_("%(field)s : la date est obligatoire.", field=label))
        return None
    try:
        return date.fromisoformat(raw).isoformat()
    except ValueError:
        raise ValidationError(_("%(field)s : date attendue (AAAA-MM-JJ).", field=label)) from None


def cents(raw: str, label: str) -> int:
    """"12,50" or "12.5" euros → 1250 cents."""
    raw = raw.strip().replace("\u00a0", "").replace(" ", "").removesuffix("€")
    if not EUROS.match(raw):
        raise ValidationError(_("%(field)s : montant en euros attendu (par exemple 12,50).", field=label))
    euros, _sep, decimals = raw.replace(",", ".").partition(".")
    return int(euros) * 100 + int((decimals + "00")[:2])


# --- activity -----------------------------------------------------------------------------------

def _units(form) -> list[dict]:
    units, index = [], 0
    while f"unit-{index}-code" in form or f"unit-{index}-label" in form:
        prefix, line = f"unit-{index}-", index + 1
        code, label = _text(form, prefix + "code"), _text(form, prefix + "label")
        index += 1
        if not code and not label:
            continue
        if not CODE.match(code):
            raise ValidationError(_("Unité, ligne %(n)s : le code commence par une lettre minuscule, suivie de "
                                    "lettres minuscules, chiffres ou « _ » (par exemple apres_midi).", n=line))
        if not label:
            raise ValidationError(_("Unité, ligne %(n)s : le libellé est obligatoire.", n=line))
        unit = {"code": code, "label": label}
        pool = _text(form, prefix + "pool")
        if pool:
            if not CODE.match(pool):
                raise ValidationError(_("Unité, ligne %(n)s : le groupe de places s'écrit comme un code "
                                        "(minuscules, chiffres, « _ »).", n=line))
            unit["pool"] = pool
        for name, what in (("starts_at", _("heure de début")), ("ends_at", _("heure de fin"))):
            value = _time(form, prefix + name, _("Unité, ligne %(n)s, %(what)s", n=line, what=what))
            if value:
                unit[name] = value
        units.append(unit)
    codes = [unit["code"] for unit in units]
    if len(codes) != len(set(codes)):
        raise ValidationError(_("Chaque unité doit avoir un code différent."))
    return units


def combinations(text: str) -> list[list[str]] | None:
    """One allowed combination a line, codes separated by commas; nothing → any combination."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not lines:
        return None
    found = []
    for number, line in enumerate(lines, start=1):
        codes = [code.strip() for code in line.split(",") if code.strip()]
        if not codes or not all(CODE.match(code) for code in codes):
            raise ValidationError(_("Combinaison, ligne %(n)s : des codes d'unités séparés par des virgules sont "
                                    "attendus (par exemple matin, midi).", n=number))
        found.append(codes)
    return found


def deadline_rules(form, prefix: str) -> list[dict]:
    """The simple fields of one action (`booking` or `cancel`) → its JSON deadline rules."""
    rules = []
    days = _int(form, f"{prefix}_days", _("Nombre de jours avant"), 0, 365)
    if days is not None:
        rules.append({"kind": "days_before", "days": days,
                      "time": _time(form, f"{prefix}_days_time", _("Heure limite"), required=True),
                      "skip_weekends": _flag(form, f"{prefix}_skip_weekends"),
                      "skip_holidays": _flag(form, f"{prefix}_skip_holidays")})
    weekday = _text(form, f"{prefix}_weekday")
    if weekday:
        if weekday not in {str(n) for n in range(7)}:
            raise ValidationError(_("Jour de la semaine inconnu."))
        rules.append({"kind": "previous_weekday", "weekday": int(weekday),
                      "time": _time(form, f"{prefix}_weekday_time", _("Heure limite du jour précédent"),
                                    required=True)})
    before = _int(form, f"{prefix}_holidays_days", _("Jours avant les vacances"), 0, 365)
    if before is not None:
        rules.append({"kind": "before_holidays", "days": before})
    return rules


def deadline_values(rules: list[dict], prefix: str) -> dict:
    values = {}
    for rule in rules or ():
        if rule.get("kind") == "days_before":
            values.update({f"{prefix}_days": str(rule["days"]), f"{prefix}_days_time": rule.get("time", ""),
                           f"{prefix}_skip_weekends": "1" if rule.get("skip_weekends") else "",
                           f"{prefix}_skip_holidays": "1" if rule.get("skip_holidays") else ""})
        elif rule.get("kind") == "previous_weekday":
            values.update({f"{prefix}_weekday": str(rule["weekday"]),
                           f"{prefix}_weekday_time": rule.get("time", "")})
        elif rule.get("kind") == "before_holidays":
            values[f"{prefix}_holidays_days"] = str(rule["days"])
    return values


def activity_payload(form, creating: bool) -> dict:
    """The configuration form → `create_activity` (with `structure_id`) or `update_activity` payload."""
    name = _text(form, "name")
    if not name:
        raise ValidationError(_("Le nom de l'activité est obligatoire."))
    mode = _text(form, "booking_mode")
    if mode not in BOOKING_MODES:
        raise ValidationError(_("Choisissez le mode de réservation."))
    units = _units(form)
    if creating and not units:
        raise ValidationError(_("Donnez au moins une unité (par exemple matin, Matin)."))
    min_age = _int(form, "min_age_months", _("Âge minimum (mois)"), 0, 300)
    max_age = _int(form, "max_age_months", _("Âge maximum (mois)"), 1, 300)
    if min_age is not None and max_age is not None and min_age >= max_age:
        raise ValidationError(_("L'âge maximum doit dépasser l'âge minimum."))
    payload = {"name": name, "booking_mode": mode, "min_age_months": min_age, "max_age_months": max_age,
               "enrolment_approval": _flag(form, "enrolment_approval"),
               "required_documents": [code for code in form.getlist("required_documents") if code],
               "unit_combinations": combinations(form.get("unit_combinations") or ""),
               "booking_deadline": deadline_rules(form, "booking"),
               "cancel_deadline": deadline_rules(form, "cancel"),
               "blocks_on_debt": _flag(form, "blocks_on_debt")}
    if units:
        payload["units"] = units
    if not creating:
        payload["archived"] = _flag(form, "archived")
    if creating:
        structure_id = _text(form, "structure_id")
        if not structure_id:
            raise ValidationError(_("Choisissez la structure."))
        payload["structure_id"] = structure_id
    return payload


def activity_values(activity: dict) -> MultiDict:
    """An activity as the configuration form's fields, to fill it in."""
    values = MultiDict({"name": activity["name"], "booking_mode": activity["booking_mode"],
                        "min_age_months": _str(activity.get("min_age_months")),
                        "max_age_months": _str(activity.get("max_age_months")),
                        "enrolment_approval": "1" if activity.get("enrolment_approval") else "",
                        "blocks_on_debt": "1" if activity.get("blocks_on_debt") else "",
                        "archived": "1" if activity.get("archived") else "",
                        "unit_combinations": "\n".join(", ".join(c) for c in activity.get("unit_combinations") or ())})
    for code in activity.get("required_documents") or ():
        values.add("required_documents", code)
    for index, unit in enumerate(regular_units(activity)):
        for name in ("code", "label", "pool", "starts_at", "ends_at"):
            values[f"unit-{index}-{name}"] = _str(unit.get(name))[:5] if name.endswith("_at") else _str(unit.get(name))
    values.update(deadline_values(activity.get("booking_deadline"), "booking"))
    values.update(deadline_values(activity.get("cancel_deadline"), "cancel"))
    return values


def _str(value) -> str:
    return "" if value is None else str(value)


def regular_units(activity: dict) -> list[dict]:
    return [unit for unit in activity.get("units", ()) if unit.get("kind", "unit") == "unit"]


def outings(activity: dict) -> list[dict]:
    return [unit for unit in activity.get("units", ()) if unit.get("kind") == "outing"]


def pools(activity: dict) -> list[str]:
    """The capacity pools of the activity's ordinary units, in unit order."""
    found = []
    for unit in regular_units(activity):
        pool = unit.get("pool") or unit["code"]
        if pool not in found:
            found.append(pool)
    return found


def pool_labels(activity: dict) -> dict:
    """{pool: what people call it}: the labels of its units ("Matin, Repas"), or the outing's."""
    labels = {}
    for unit in activity.get("units", ()):
        pool = unit.get("pool") or unit["code"]
        if unit.get("kind") == "outing":
            labels[pool] = _("Sortie : %(label)s", label=unit["label"])
        else:
            labels[pool] = f"{labels[pool]}, {unit['label']}" if pool in labels else unit["label"]
    return labels


def unit_row_count(values) -> int:
    """The rows the unit table shows: the filled ones, then a few empty ones."""
    filled, index = 0, 0
    while f"unit-{index}-code" in values or f"unit-{index}-label" in values:
        index += 1
        if (values.get(f"unit-{index - 1}-code") or values.get(f"unit-{index - 1}-label") or "").strip():
            filled = index
    return filled + UNIT_ROWS_EXTRA


# --- calendar -----------------------------------------------------------------------------------

def period_payload(form, activity_pools: list[str]) -> dict:
    date_from, date_to = _date(form, "date_from", _("Du")), _date(form, "date_to", _("Au"))
    if date_from > date_to:
        raise ValidationError(_("La fin de la période précède son début."))
    pattern = _text(form, "pattern")
    if pattern not in PATTERNS:
        raise ValidationError(_("Choisissez les jours à ouvrir."))
    capacity = _int(form, "capacity", _("Places"), 0, 100000)
    per_pool = {pool: _int(form, f"capacity-{pool}", _("Places (%(pool)s)", pool=pool), 0, 100000)
                for pool in activity_pools}
    if any(value is not None for value in per_pool.values()):
        if capacity is None and any(value is None for value in per_pool.values()):
            raise ValidationError(_("Donnez le nombre de places de chaque groupe, ou un nombre pour tous."))
        capacity = {pool: capacity if value is None else value for pool, value in per_pool.items()}
    elif capacity is None:
        raise ValidationError(_("Places : ce champ est obligatoire."))
    payload = {"date_from": date_from, "date_to": date_to, "pattern": pattern, "capacity": capacity}
    if pattern == "weekdays":
        chosen = sorted({int(day) for day in form.getlist("weekdays") if day in {str(n) for n in range(7)}})
        if not chosen:
            raise ValidationError(_("Cochez au moins un jour de la semaine."))
        payload["weekdays"] = chosen
    return payload


def day_of(form, name: str = "date") -> str:
    return _date(form, name, _("Jour"))


def capacity_payload(form) -> dict:
    day = _date(form, "date", _("Jour"))
    pool = _text(form, "pool")
    if not CODE.match(pool):
        raise ValidationError(_("Choisissez le groupe de places."))
    capacity = _int(form, "capacity", _("Places"), 0, 100000, required=True)
    return {"days": [{"date": day, "pool": pool, "capacity": capacity}]}


def closure_payload(form) -> dict:
    first = _date(form, "date_from", _("Fermé du"))
    last = _date(form, "date_to", _("au"), required=False) or first
    if last < first:
        raise ValidationError(_("La fin de la fermeture précède son début."))
    label = _text(form, "label")
    if not label:
        raise ValidationError(_("Le motif de la fermeture est obligatoire (il est montré aux familles)."))
    start, count = date.fromisoformat(first), (date.fromisoformat(last) - date.fromisoformat(first)).days + 1
    if count > MAX_CLOSED_DAYS:
        raise ValidationError(_("Une fermeture couvre au plus %(n)s jours.", n=MAX_CLOSED_DAYS))
    return {"dates": [(start + timedelta(days=n)).isoformat() for n in range(count)], "label": label}


def _instant(form, name: str, label: str) -> str:
    """A `datetime-local` field, read in Paris time → ISO 8601 with its offset."""
    raw = _text(form, name)
    try:
        local = datetime.fromisoformat(raw)
    except ValueError:
        raise ValidationError(_("%(field)s : date et heure attendues.", field=label)) from None
    return local.replace(tzinfo=_paris()).isoformat()


def local_instant(value: str | None) -> str:
    """An ISO instant → the `datetime-local` value in Paris time."""
    if not value:
        return ""
    return datetime.fromisoformat(value).astimezone(_paris()).strftime("%Y-%m-%dT%H:%M")


def windows_payload(form) -> dict:
    windows, index = [], 0
    while f"window-{index}-label" in form:
        prefix, line = f"window-{index}-", index + 1
        index += 1
        names = ("label", "period_start", "period_end", "opens_at", "closes_at")
        if not any(_text(form, prefix + name) for name in names):
            continue
        label = _text(form, prefix + "label")
        if not label:
            raise ValidationError(_("Fenêtre %(n)s : le libellé est obligatoire.", n=line))
        where = _("Fenêtre %(n)s", n=line)
        window = {"label": label,
                  "period_start": _date(form, prefix + "period_start", _("%(w)s, début de la période", w=where)),
                  "period_end": _date(form, prefix + "period_end", _("%(w)s, fin de la période", w=where)),
                  "opens_at": _instant(form, prefix + "opens_at", _("%(w)s, ouverture", w=where)),
                  "closes_at": _instant(form, prefix + "closes_at", _("%(w)s, clôture", w=where))}
        if window["period_start"] > window["period_end"]:
            raise ValidationError(_("%(w)s : la fin de la période précède son début.", w=where))
        if _text(form, prefix + "opens_at") >= _text(form, prefix + "closes_at"):  # both Paris local times
            raise ValidationError(_("%(w)s : la clôture doit suivre l'ouverture.", w=where))
        windows.append(window)
    return {"windows": windows}


def window_rows(windows: list[dict]) -> list[dict]:
    rows = [{"label": w.get("label", ""), "period_start": w.get("period_start", ""),
             "period_end": w.get("period_end", ""), "opens_at": local_instant(w.get("opens_at")),
             "closes_at": local_instant(w.get("closes_at"))} for w in windows or ()]
    return rows + [dict.fromkeys(("label", "period_start", "period_end", "opens_at", "closes_at"), "")
                   for _n in range(WINDOW_ROWS_EXTRA)]


def outing_payload(form) -> dict:
    day = _date(form, "date", _("Date de la sortie"))
    code, label = _text(form, "code"), _text(form, "label")
    if not CODE.match(code):
        raise ValidationError(_("Code de la sortie : une lettre minuscule, puis minuscules, chiffres ou « _ »."))
    if not label:
        raise ValidationError(_("Le libellé de la sortie est obligatoire."))
    payload = {"date": day, "code": code, "label": label,
               "capacity": _int(form, "capacity", _("Places"), 0, 100000, required=True),
               "price_cents": cents(_text(form, "price") or "0", _("Prix"))}
    for name, what in (("starts_at", _("Heure de départ")), ("ends_at", _("Heure de retour"))):
        value = _time(form, name, what)
        if value:
            payload[name] = value
    return payload


# --- crèche contracts ---------------------------------------------------------------------------

def schedule(form) -> dict:
    """`schedule-<weekday>-<n>-start|end` → `{"0": [["08:30", "17:30"]], …}` (days without hours left out)."""
    result = {}
    for day in SCHEDULE_DAYS:
        ranges = []
        for n in range(SCHEDULE_RANGES):
            label = _("%(day)s, plage %(n)s", day=str(WEEKDAYS[day]).capitalize(), n=n + 1)
            start = _time(form, f"schedule-{day}-{n}-start", label)
            end = _time(form, f"schedule-{day}-{n}-end", label)
            if not start and not end:
                continue
            if not start or not end or start >= end:
                raise ValidationError(_("%(field)s : une heure d'arrivée puis une heure de départ plus tardive.",
                                        field=label))
            ranges.append([start, end])
        if ranges:
            result[str(day)] = ranges
    if not result:
        raise ValidationError(_("Indiquez les heures d'accueil d'au moins un jour."))
    return result


def contract_payload(form) -> dict:
    child_id, activity_id = _text(form, "child_id"), _text(form, "activity_id")
    if not child_id:
        raise ValidationError(_("Choisissez l'enfant."))
    if not activity_id:
        raise ValidationError(_("Choisissez l'activité (la crèche)."))
    starts_on, ends_on = _date(form, "starts_on", _("Début du contrat")), _date(form, "ends_on", _("Fin du contrat"))
    if starts_on > ends_on:
        raise ValidationError(_("La fin du contrat précède son début."))
    return {"child_id": child_id, "activity_id": activity_id, "starts_on": starts_on, "ends_on": ends_on,
            "schedule": schedule(form)}


def extra_hours_payload(form) -> dict:
    hours = _int(form, "hours", _("Heures"), 0, 24) or 0
    minutes = _int(form, "minutes", _("Minutes"), 0, 59) or 0
    if hours * 60 + minutes <= 0:
        raise ValidationError(_("Indiquez une durée d'au moins une minute."))
    return {"date": _date(form, "date", _("Jour")), "minutes": hours * 60 + minutes}


def absence_payload(form) -> dict:
    first = _date(form, "date_from", _("Absent du"))
    last = _date(form, "date_to", _("au"), required=False) or first
    if last < first:
        raise ValidationError(_("La fin de l'absence précède son début."))
    reason = _text(form, "reason")
    if not reason:
        raise ValidationError(_("Le motif de l'absence est obligatoire."))
    return {"date_from": first, "date_to": last, "reason": reason}


def duration(minutes: int | None) -> str:
    if not minutes:
        return "0 min"
    hours, rest = divmod(int(minutes), 60)
    return f"{hours} h {rest:02d}" if hours else f"{rest} min"


# --- small forms ---------------------------------------------------------------------------------

REASON = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=1000))


class EnrolmentDecisionForm(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "refuse")))
    reason = REASON


class BookingDecisionForm(StrictSchema):
    decision = fields.String(required=True, validate=validate.OneOf(("accept", "waiting_list", "refuse")))
    reason = REASON


class StructureForm(StrictSchema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    kind = fields.String(required=True, validate=validate.OneOf(tuple(STRUCTURE_KINDS)))


def refuse_needs_reason(data: dict) -> dict:
    if data["decision"] == "refuse" and not (data.get("reason") or "").strip():
        raise ValidationError(_("Le motif du refus est obligatoire."))
    return data


ATTENDANCE = ("present", "absent_excused", "absent_billed")


def attendance_entries(form, booking_ids: list[str], everyone_present: bool) -> list[dict]:
    """`status-<booking_id>` radios → the entries to record; `everyone_present` fills the blanks."""
    entries = []
    for booking_id in booking_ids:
        status = form.get(f"status-{booking_id}") or ("present" if everyone_present else "")
        if status:
            if status not in ATTENDANCE:
                raise ValidationError(_("Statut de présence inconnu."))
            entries.append({"booking_id": booking_id, "status": status})
    if not entries:
        raise ValidationError(_("Aucun enfant pointé : choisissez un statut pour au moins un enfant."))
    return entries


class PageQuery(Schema):
    """The filters of the staff pages' query strings (empty fields mean no filter)."""

    class Meta:
        unknown = EXCLUDE

    activity_id = fields.UUID(load_default=None)
    structure_id = fields.UUID(load_default=None)
    family_id = fields.UUID(load_default=None)
    date = fields.Date(load_default=None)
    date_from = fields.Date(data_key="from", load_default=None)
    date_to = fields.Date(data_key="to", load_default=None)
    q = fields.String(load_default="", validate=validate.Length(max=200))


def page_query(args) -> dict:
    """Ids and dates as the wire's strings (None when absent)."""
    data = PageQuery().load({key: value for key, value in args.items() if value.strip()})
    return {key: _wire(value) for key, value in data.items()}


def _wire(value):
    if value is None or isinstance(value, str):
        return value
    return value.isoformat() if isinstance(value, date) else str(value)
