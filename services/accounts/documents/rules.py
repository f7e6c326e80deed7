"""Rules of required documents: what a family must provide, what an uploaded file really is, where
each document stands on a given day. No I/O."""
from __future__ import annotations

import calendar
from datetime import date

from services.chassis import files
from services.chassis.errors import ServiceError, invalid, not_found

# What an uploaded file may be: the chassis reads it; a family's documents are scans and photos.
ACCEPTED_FILES = (files.PDF, files.JPEG, files.PNG)
MAX_FILE_BYTES = files.MAX_FILE_BYTES
base_filename = files.base_filename
decode_content = files.decode_base64

# Statuses that leave a mandatory document to provide (again).
TO_PROVIDE = ("missing", "refused", "expired")


def requirements(types: list[dict], children: list[dict]) -> list[dict]:
    """Each document the family has to provide: `{type, child}` (child None for the family's own),
    the family's first, then each child's, in the types' order. Later milestones add requirements of
    the activities a child is enrolled in here."""
    family_types = [t for t in types if t["scope"] == "family"]
    child_types = [t for t in types if t["scope"] == "child"]
    return ([{"type": t, "child": None} for t in family_types]
            + [{"type": t, "child": child} for child in children for t in child_types])


def status(document: dict | None, today: date) -> str:
    if document is None:
        return "missing"
    if document["status"] == "validated" and document["valid_until"] is not None \
            and document["valid_until"] < today:
        return "expired"
    return document["status"]


def still_to_provide(entry: dict) -> bool:
    return entry["mandatory"] and entry["status"] in TO_PROVIDE


def content_type_of(content: bytes) -> str:
    """The file's type read from its bytes (not its name); refused unless PDF, JPEG or PNG."""
    return files.content_type_of(content, ACCEPTED_FILES,
                                 refusal="Seuls les fichiers PDF, JPEG ou PNG sont acceptés.")


def check_child(document_type: dict, child_id, children: list[dict]) -> None:
    """A child's document names one of the family's children; a family's document names none."""
    if document_type["scope"] == "family":
        if child_id is not None:
            raise invalid({"fields": {"child_id": ["Ce document concerne la famille, pas un enfant."]}})
        return
    if child_id is None:
        raise invalid({"fields": {"child_id": ["Ce document concerne un enfant : indiquez lequel."]}})
    if str(child_id) not in {str(child["id"]) for child in children}:
        raise not_found("child")


def validity_end(document_type: dict, decided_on: date, given: date | None) -> date | None:
    """The end of a validated document's validity: the date staff give, else the type's validity from
    the decision day (None: valid with no end)."""
    if given is not None:
        return given
    if document_type["validity_months"] is None:
        return None
    return add_months(decided_on, document_type["validity_months"])


def add_months(day: date, months: int) -> date:
    """`day` plus whole months, clamped to the month's last day (31 January + 1 month = 28/29 February)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def check_decision(decision: str, reason: str | None, given_valid_until: date | None, today: date) -> None:
    if decision == "refuse" and not (reason and reason.strip()):
        raise invalid({"fields": {"reason": ["Un motif est obligatoire pour refuser un document."]}})
    if given_valid_until is not None:
        if decision != "validate":
            raise invalid({"fields": {"valid_until": ["Une date de validité ne s'indique qu'à la validation."]}})
        if given_valid_until < today:
            raise invalid({"fields": {"valid_until": ["La date de validité ne peut pas être passée."]}})


def already_decided(status_now: str) -> ServiceError:
    return ServiceError("already_decided", "Ce document a déjà été examiné.", {"status": status_now}, 409)


def replaced() -> ServiceError:
    return ServiceError(
        "document_replaced", "Ce document a été remplacé par un envoi plus récent.", {}, 409)


def family_documents(types: list[dict], children: list[dict], documents: list[dict], today: date) -> list[dict]:
    """One entry per requirement with its current document (or none: missing)."""
    current = {(d["type"], _id(d["child_id"])): d for d in documents}
    return [
        entry(r["type"], r["child"], current.get((r["type"]["code"], _id(r["child"] and r["child"]["id"]))), today)
        for r in requirements(types, children)
    ]


def _id(value) -> str | None:
    return None if value is None else str(value)


def document_entry(document: dict, today: date) -> dict:
    """What list_documents shows for a stored document (a row with its type's and child's columns)."""
    child = None if document["child_id"] is None else {
        "id": document["child_id"], "first_name": document["child_first_name"],
        "last_name": document["child_last_name"]}
    document_type = {"code": document["type"], "label": document["label"], "mandatory": document["mandatory"]}
    return entry(document_type, child, document, today)


def entry(document_type: dict, child: dict | None, document: dict | None, today: date) -> dict:
    """What list_documents shows for one requirement."""
    shown = document or {}
    return {
        "id": shown.get("id"),
        "type": document_type["code"],
        "label": document_type["label"],
        "mandatory": document_type["mandatory"],
        "child_id": child["id"] if child else None,
        "child_name": f"{child['first_name']} {child['last_name']}" if child else None,
        "status": status(document, today),
        **{key: shown.get(key) for key in ("filename", "uploaded_at", "decided_at", "reason", "valid_until")},
    }
