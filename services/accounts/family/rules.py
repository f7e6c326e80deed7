"""Family file rules: numbers, names, default login, birth dates, IBAN, what parents may change at
once and what through a change request, and how a change compares with the file. No I/O."""
from __future__ import annotations

from datetime import date

from stdnum import iban as stdnum_iban
from stdnum.exceptions import ValidationError as NumberError

from services.chassis.errors import ServiceError, invalid


# What a parent may change at once; any other field of the file goes through a change request.
# Staff change any field. Names are those of the API (`address` and `health` are objects).
PARENT_EDITABLE = {
    "family": frozenset(),
    "guardian": frozenset({
        "mobile_phone", "home_phone", "work_phone", "consent_email", "consent_sms", "profession", "employer",
    }),
    "child": frozenset({"authorised_pickups", "image_consent", "health"}),
}

ADDRESS_DEFAULTS = {"line1": None, "line2": None, "postcode": None, "city": None}
HEALTH_DEFAULTS = {
    "allergies": None, "diet": None, "pai": False, "pai_details": None, "doctor_name": None,
    "doctor_phone": None, "vaccinations_up_to_date": None, "notes": None,
}
PICKUP_DEFAULTS = {"relationship": None, "phone": None}
# Objects a change completes rather than replaces: sending {"city": …} keeps the rest of the address.
MERGED_OBJECTS = {"address": ADDRESS_DEFAULTS, "health": HEALTH_DEFAULTS}

PATH_PREFIXES = {"guardian": "guardians", "child": "children"}
CHILD_EVENT_FIELDS = ("first_name", "last_name", "birth_date", "sex", "school", "school_class")
QUOTIENT_FIELDS = ("quotient", "quotient_valid_until")


def family_number(sequence_value: int) -> str:
    return f"F{sequence_value:06d}"


def family_display_name(guardians: list[dict]) -> str:
    """"Famille Dupont", or "Famille Dupont / Martin" when the guardians' names differ."""
    names = list(dict.fromkeys(g["last_name"] for g in guardians))
    return "Famille " + " / ".join(names)


def person_name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


def family_login(payload: dict) -> str:
    """The login asked for, else the first guardian's email. Without a temporary password the
    account is activated by email, so the first guardian's email is then required."""
    first_email = payload["guardians"][0].get("email")
    if not payload.get("temporary_password") and not first_email:
        raise invalid({"fields": {"guardians": {"0": {"email": [
            "L'email du premier responsable est requis pour envoyer le lien d'activation."]}}}})
    login = payload.get("login") or first_email
    if not login:
        raise invalid(
            {"fields": {"login": ["Un identifiant est requis quand le premier responsable n'a pas d'email."]}}
        )
    return login


def check_birth_dates(children: list[dict], today: date) -> None:
    future = {
        str(index): {"birth_date": ["La date de naissance ne peut pas être dans le futur."]}
        for index, child in enumerate(children)
        if child.get("birth_date") is not None and child["birth_date"] > today
    }
    if future:
        raise invalid({"fields": {"children": future}})


# IBAN ---------------------------------------------------------------------------------------------

def normalise_iban(text: str) -> str:
    """The IBAN in compact form (`FR7630006000011234567890189`), or ValueError with a French reason."""
    try:
        return stdnum_iban.validate(text)
    except NumberError:
        raise ValueError("IBAN invalide (format ou clé de contrôle).") from None


def format_iban(compact: str | None) -> str | None:
    return None if compact is None else " ".join(compact[i:i + 4] for i in range(0, len(compact), 4))


def mask_iban(compact: str | None) -> str | None:
    """`FR76 **** **** **** **** **** 189`: country and key, and the last group, nothing between."""
    if compact is None:
        return None
    groups = format_iban(compact).split(" ")
    return " ".join([groups[0], *["****"] * (len(groups) - 2), groups[-1]])


# Changes ------------------------------------------------------------------------------------------

def complete(kind: str, value):
    """An address or health object with every key, missing ones at their defaults."""
    return {**MERGED_OBJECTS[kind], **(value or {})}


def complete_pickups(pickups: list[dict]) -> list[dict]:
    return [{**PICKUP_DEFAULTS, **pickup} for pickup in pickups]


def differences(current: dict, wanted: dict) -> dict:
    """The fields of `wanted` whose value differs from `current`, as they will be stored (address
    and health merged into the current ones, pickups completed)."""
    changed = {}
    for name, value in wanted.items():
        if name in MERGED_OBJECTS:
            value = complete(name, {**(current.get(name) or {}), **value})
        elif name == "authorised_pickups":
            value = complete_pickups(value)
        if value != current.get(name):
            changed[name] = value
    return changed


def field_path(kind: str, entity_id, name: str) -> str:
    """How a changed field is named in refusals and events: `quotient`, `guardians.<id>.email`."""
    return name if kind == "family" else f"{PATH_PREFIXES[kind]}.{entity_id}.{name}"


def fields_needing_request(kind: str, changed: dict) -> list[str]:
    return sorted(name for name in changed if name not in PARENT_EDITABLE[kind])


def requires_change_request(paths: list[str]) -> ServiceError:
    return ServiceError(
        "requires_change_request",
        "Ces informations ne peuvent être modifiées que par une demande de modification.",
        {"fields": paths}, 422,
    )


def check_decision(request: dict, decision: str, reason: str | None) -> None:
    if request["status"] != "pending":
        raise ServiceError("already_decided", "Cette demande a déjà été traitée.",
                           {"status": request["status"]}, 409)
    if decision == "refuse" and not (reason or "").strip():
        raise invalid({"fields": {"reason": ["Un motif est requis pour refuser une demande."]}})


def decision_status(decision: str) -> str:
    return {"accept": "accepted", "refuse": "refused"}[decision]


def invalid_csv(errors: list[dict]) -> ServiceError:
    return ServiceError("invalid_csv", "Le fichier contient des erreurs : aucune famille n'a été importée.",
                        {"errors": errors}, 422)
