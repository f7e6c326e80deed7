"""Family file rules: numbers, names, default login, birth dates. No I/O."""
from __future__ import annotations

from datetime import date

from services.chassis.errors import invalid

def family_number(sequence_value: int) -> str:
    return f"F{sequence_value:06d}"


def family_display_name(guardians: list[dict]) -> str:
    """"Famille Dupont", or "Famille Dupont / Martin" when the guardians' names differ."""
    names = list(dict.fromkeys(g["last_name"] for g in guardians))
    return "Famille " + " / ".join(names)


def person_name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


def family_login(payload: dict) -> str:
    """The login asked for, else the first guardian's email."""
    login = payload.get("login") or payload["guardians"][0].get("email")
    if not login:
        raise invalid(
            {"fields": {"login": ["Un identifiant est requis quand le premier responsable n'a pas d'email."]}}
        )
    return login


def check_birth_dates(children: list[dict], today: date) -> None:
    future = {
        str(index): {"birth_date": ["La date de naissance ne peut pas être dans le futur."]}
        for index, child in enumerate(children)
        if child["birth_date"] > today
    }
    if future:
        raise invalid({"fields": {"children": future}})
