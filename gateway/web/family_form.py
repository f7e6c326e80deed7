"""The family file's edit forms: which field goes where, and what a submitted form changes.

Each person's form has two parts. Fields a parent may change at once (accounts' policy: phones, email
consents, profession, employer, authorised pickups, image consent, health) are saved by
`update_family`; the others become a change request for staff to decide. The service enforces the
policy; this split only decides which call the page makes and tells the parent which is which.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

PICKUP_ROWS = 3


@dataclass(frozen=True)
class Field:
    path: str  # "mobile_phone", "address.city", "health.allergies"
    label: object
    kind: str = "text"  # text, email, date, number, bool, tristate, choice, pickups
    choices: tuple = ()

    @property
    def name(self) -> str:
        return self.path.replace(".", "__")

    def current(self, record: dict):
        value = record
        for part in self.path.split("."):
            value = (value or {}).get(part)
        return value

    def submitted(self, form):
        if self.kind == "bool":
            return form.get(self.name) == "1"
        if self.kind == "pickups":
            return _pickups(form, self.name)
        raw = (form.get(self.name) or "").strip()
        if self.kind == "tristate":
            return {"1": True, "0": False}.get(raw)
        if self.kind == "number" and raw:
            return int(raw) if raw.isdigit() else raw  # the service refuses what is not a number
        return raw or None


def _pickups(form, name: str) -> list[dict]:
    rows = []
    for index in range(PICKUP_ROWS):
        row = {key: (form.get(f"{name}-{index}-{key}") or "").strip() or None
               for key in ("name", "relationship", "phone")}
        if row["name"]:
            rows.append(row)
    return rows


ALLOWANCE = (("caf", _l("CAF")), ("msa", _l("MSA")), ("other", _l("Autre régime")))
POSITIONS = (("father", _l("Père")), ("mother", _l("Mère")), ("guardian", _l("Tuteur ou tutrice")),
             ("other", _l("Autre")))
CIVILITIES = (("Mme", _l("Madame")), ("M.", _l("Monsieur")))
SEXES = (("F", _l("Fille")), ("M", _l("Garçon")))

FORMS = {
    "family": {
        "now": (),
        "request": (
            Field("caf_number", _l("Numéro d'allocataire CAF ou MSA")),
            Field("allowance_scheme", _l("Régime d'allocations"), "choice", ALLOWANCE),
            Field("quotient", _l("Quotient familial (euros)"), "number"),
            Field("iban", _l("IBAN (prélèvement)")),
            Field("bank_account_holder", _l("Titulaire du compte")),
        ),
    },
    "guardian": {
        "now": (
            Field("mobile_phone", _l("Téléphone portable"), "tel"),
            Field("home_phone", _l("Téléphone du domicile"), "tel"),
            Field("work_phone", _l("Téléphone professionnel"), "tel"),
            Field("profession", _l("Profession")),
            Field("employer", _l("Employeur")),
            Field("consent_email", _l("J'accepte de recevoir des courriels"), "bool"),
            Field("consent_sms", _l("J'accepte de recevoir des SMS"), "bool"),
        ),
        "request": (
            Field("civility", _l("Civilité"), "choice", CIVILITIES),
            Field("first_name", _l("Prénom")),
            Field("last_name", _l("Nom")),
            Field("position", _l("Qualité"), "choice", POSITIONS),
            Field("address.line1", _l("Adresse")),
            Field("address.line2", _l("Complément d'adresse")),
            Field("address.postcode", _l("Code postal")),
            Field("address.city", _l("Commune")),
            Field("email", _l("Adresse électronique de contact"), "email"),
        ),
    },
    "child": {
        "now": (
            Field("image_consent", _l("J'autorise les photos de mon enfant (droit à l'image)"), "bool"),
            Field("health.allergies", _l("Allergies")),
            Field("health.diet", _l("Régime alimentaire")),
            Field("health.pai", _l("Projet d'accueil individualisé (PAI)"), "bool"),
            Field("health.pai_details", _l("Précisions sur le PAI")),
            Field("health.doctor_name", _l("Médecin traitant")),
            Field("health.doctor_phone", _l("Téléphone du médecin"), "tel"),
            Field("health.vaccinations_up_to_date", _l("Vaccinations à jour"), "tristate"),
            Field("health.notes", _l("Autres informations de santé")),
            Field("authorised_pickups", _l("Personnes autorisées à venir chercher l'enfant"), "pickups"),
        ),
        "request": (
            Field("first_name", _l("Prénom")),
            Field("last_name", _l("Nom")),
            Field("birth_date", _l("Date de naissance"), "date"),
            Field("sex", _l("Sexe"), "choice", SEXES),
            Field("school", _l("École")),
            Field("school_class", _l("Classe")),
        ),
    },
}

NEW_CHILD = (Field("first_name", _l("Prénom")), Field("last_name", _l("Nom")),
             Field("birth_date", _l("Date de naissance"), "date"))


def field_labels() -> dict:
    """How a change request's field names read on the pages."""
    labels = {"address": _l("Adresse"), "health": _l("Santé")}
    for form in FORMS.values():
        for field in form["now"] + form["request"]:
            labels.setdefault(field.path, field.label)
    return labels


def changed(fields, record: dict, form) -> dict:
    """The fields whose submitted value differs from the record, nested as the file is; a nested
    object (address, health) is sent whole when one of its parts changed."""
    changes: dict = {}
    for field in fields:
        value, current = field.submitted(form), field.current(record)
        if field.kind == "bool":
            current = bool(current)
        if value == current or (value in (None, []) and current in (None, [], "")):
            continue
        head, _sep, part = field.path.partition(".")
        if part:
            changes[head] = {f.path.partition(".")[2]: f.submitted(form)
                             for f in fields if f.path.startswith(head + ".")}
        else:
            changes[head] = value
    return changes


def new_child(form) -> dict:
    return {field.path: field.submitted(form) for field in NEW_CHILD}


def update_payload(target: str, target_id: str | None, changes: dict) -> dict:
    """`update_family`'s changes: the family's own fields at the top, a person's in its list by id."""
    if target == "family":
        return changes
    return {f"{target}s": [{"id": target_id, **changes}]}
