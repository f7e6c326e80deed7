"""Reading the staff's CSV import of families. No I/O: the text in, families or errors out.

One row per child; the rows of one family share a `family_ref` (any text unique to the family in
the file) and repeat the family's and guardian's columns. The separator is `,` or `;` (taken from
the header line), the encoding UTF-8. Columns (header names, in any order):

| column | required | content |
| --- | --- | --- |
| family_ref | yes | groups the rows of one family |
| family_number | no | the family's number from a previous system (else the next `F000123`) |
| civility | yes | `M.` or `Mme` (the guardian, who receives the activation email) |
| first_name, last_name | yes | the guardian's names |
| email | yes | the guardian's email, also the login |
| mobile_phone | no | |
| address_line1, address_line2, postcode, city | no | the guardian's address |
| child_first_name, child_last_name | yes* | the child's names (*a family without children: leave the child columns empty) |
| child_birth_date | yes* | `YYYY-MM-DD` or `DD/MM/YYYY` |
| child_sex | no | `F` or `M` |
| child_school, child_school_class | no | |
| quotient | no | quotient familial, whole euros |
"""
from __future__ import annotations

import csv
import io
import re
from datetime import date

from marshmallow import ValidationError

from services.accounts.family import schemas as s

COLUMNS = (
    "family_ref", "family_number", "civility", "first_name", "last_name", "email", "mobile_phone",
    "address_line1", "address_line2", "postcode", "city", "child_first_name", "child_last_name",
    "child_birth_date", "child_sex", "child_school", "child_school_class", "quotient",
)
REQUIRED_COLUMNS = ("family_ref", "civility", "first_name", "last_name", "email", "child_first_name",
                    "child_last_name", "child_birth_date")
FAMILY_COLUMNS = ("family_number", "civility", "first_name", "last_name", "email", "mobile_phone",
                  "address_line1", "address_line2", "postcode", "city", "quotient")
CHILD_COLUMNS = ("child_first_name", "child_last_name", "child_birth_date", "child_sex", "child_school",
                 "child_school_class")
MAX_ROWS = 20_000
FRENCH_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")

# The schemas' field names → the CSV's column names, to name the column at fault.
GUARDIAN_FIELD_COLUMNS = {"mobile_phone": "mobile_phone", "civility": "civility", "first_name": "first_name",
                          "last_name": "last_name", "email": "email"}
ADDRESS_FIELD_COLUMNS = {"line1": "address_line1", "line2": "address_line2", "postcode": "postcode",
                         "city": "city"}
CHILD_FIELD_COLUMNS = {"first_name": "child_first_name", "last_name": "child_last_name",
                       "birth_date": "child_birth_date", "sex": "child_sex", "school": "child_school",
                       "school_class": "child_school_class"}


class Errors(list):
    def add(self, line: int, field: str | None, message: str) -> None:
        self.append({"line": line, "field": field, "message": message})


def parse(text: str, today: date) -> tuple[list[dict], list[dict]]:
    """(families, errors). Each family: `{ref, line, number, payload}`, `payload` shaped as
    `create_family`'s loaded input (without password: accounts are activated by email)."""
    errors = Errors()
    text = text.lstrip("\ufeff")
    header = text.split("\n", 1)[0]
    delimiter = ";" if header.count(";") > header.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    columns = [name.strip() for name in reader.fieldnames or []]
    reader.fieldnames = columns
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    unknown = [name for name in columns if name not in COLUMNS]
    for name in missing:
        errors.add(1, name, "Colonne obligatoire absente.")
    for name in unknown:
        errors.add(1, name, "Colonne inconnue.")
    if errors:
        return [], errors

    families: dict[str, dict] = {}
    for row in reader:
        line = reader.line_num
        if line > MAX_ROWS + 1:
            errors.add(line, None, f"Au plus {MAX_ROWS} lignes par import.")
            break
        if None in row:
            errors.add(line, None, "Plus de valeurs que de colonnes.")
            continue
        values = {name: (value or "").strip() or None for name, value in row.items()}
        if not any(values.values()):
            continue  # a blank line
        ref = values["family_ref"]
        if ref is None:
            errors.add(line, "family_ref", "Référence de famille requise.")
            continue
        family = families.get(ref)
        if family is None:
            family = families[ref] = _family(values, line, errors)
        else:
            for name in FAMILY_COLUMNS:
                if values.get(name) != family["values"].get(name):
                    errors.add(line, name, f"Diffère de la ligne {family['line']} de la même famille.")
        child = _child(values, line, errors)
        if child is not None and child["birth_date"] > today:
            errors.add(line, "child_birth_date", "La date de naissance ne peut pas être dans le futur.")
        if child is not None and family["payload"] is not None:
            family["payload"]["children"].append(child)
    if not families and not errors:
        errors.add(1, None, "Aucune famille dans le fichier.")
    _check_unique(families.values(), "login", "email", errors)
    _check_unique(families.values(), "number", "family_number", errors)
    for family in families.values():
        family.pop("values")
    return list(families.values()), sorted(errors, key=lambda e: e["line"])


def _family(values: dict, line: int, errors: Errors) -> dict:
    guardian = {name: values.get(name) for name in GUARDIAN_FIELD_COLUMNS}
    guardian["address"] = {key: values.get(column) for key, column in ADDRESS_FIELD_COLUMNS.items()}
    payload = None
    try:
        loaded = s.GuardianInput().load(guardian)
    except ValidationError as exc:
        _report(exc.messages, {**GUARDIAN_FIELD_COLUMNS, **{"address": ADDRESS_FIELD_COLUMNS}}, line, errors)
    else:
        if loaded["email"] is None:
            errors.add(line, "email", "L'email est requis : il sert à activer le compte.")
        payload = {"guardians": [loaded], "children": [], "login": loaded["email"], "temporary_password": None,
                   **s.FamilyFieldsInput().load({})}
    quotient = values.get("quotient")
    if quotient is not None:
        if not quotient.isdigit():
            errors.add(line, "quotient", "Nombre entier positif attendu.")
        elif payload is not None:
            payload["quotient"] = int(quotient)
    return {"ref": values["family_ref"], "line": line, "number": values.get("family_number"),
            "login": payload and payload["login"], "payload": payload, "values": values}


def _child(values: dict, line: int, errors: Errors) -> dict | None:
    child = {field: values.get(column) for field, column in CHILD_FIELD_COLUMNS.items()}
    if not any(child.values()):
        return None
    if child["birth_date"] and (match := FRENCH_DATE.match(child["birth_date"])):
        day, month, year = match.groups()
        child["birth_date"] = f"{year}-{int(month):02d}-{int(day):02d}"
    try:
        return s.ChildInput().load(child)
    except ValidationError as exc:
        _report(exc.messages, CHILD_FIELD_COLUMNS, line, errors)
        return None


def _report(messages: dict, columns: dict, line: int, errors: Errors) -> None:
    for field, value in messages.items():
        if isinstance(value, dict):
            _report(value, columns.get(field) or {}, line, errors)
        else:
            errors.add(line, columns.get(field, field), " ".join(map(str, value)))


def _check_unique(families, key: str, column: str, errors: Errors) -> None:
    seen = {}
    for family in families:
        value = family[key]
        if value is None:
            continue
        folded = value.lower()
        if folded in seen:
            errors.add(family["line"], column, f"Déjà utilisé par une autre famille, ligne {seen[folded]}.")
        else:
            seen[folded] = family["line"]
