"""Reading and changing a family file inside a transaction, with the events the changes imply.

`emit(name, data, subject)` is the service's outbox writer bound to the transaction's connection.
"""
from __future__ import annotations

from services.accounts.family import health, rules, storage
from services.accounts.family import schemas as s
from services.chassis.errors import invalid, not_found

_family_created = s.FamilyCreatedData()
_child_created = s.ChildCreatedData()
_child_updated = s.ChildUpdatedData()
_family_updated = s.FamilyUpdatedData()
_quotient_changed = s.QuotientChangedData()


def load_family(conn, family_id, for_update: bool = False) -> dict:
    """The family file with children's health decrypted; 404 when there is no such family."""
    family = storage.find_family(conn, family_id, for_update=for_update)
    if family is None:
        raise not_found("family")
    for child in family["children"]:
        child["health"] = health.decrypt(child.pop("health_ciphertext"))
        child["authorised_pickups"] = rules.complete_pickups(child["authorised_pickups"])
    return family


def view(family: dict, staff: bool) -> dict:
    """The file as the caller may see it: parents get the IBAN masked."""
    iban = family["iban"]
    return s.FamilyResult().dump({**family, "iban": rules.format_iban(iban) if staff else rules.mask_iban(iban)})


def insert_family(conn, emit, data: dict, number: str) -> dict:
    """Insert a family (guardians, children) and announce it: `family.created`, then `child.created`s."""
    guardians = data["guardians"]
    family_id = storage.insert_family(conn, number, {
        **data, "display_name": rules.family_display_name(guardians)})
    for rank, guardian in enumerate(guardians):
        storage.insert_guardian(conn, family_id, rank, guardian)
    for rank, child in enumerate(data["children"]):
        storage.insert_child(conn, family_id, _stored_child(child), rank=rank)
    family = load_family(conn, family_id)
    first = family["guardians"][0]
    emit("family.created", _family_created.dump({
        **family, "family_id": family_id, "email": first["email"], "consent_email": first["consent_email"],
        "login": data["login"], "password_set": bool(data.get("temporary_password")),
    }), subject=family_id)
    for child in family["children"]:
        _announce_child(emit, "child.created", _child_created, child)
    return family


def add_child(conn, emit, family_id, child: dict) -> dict:
    child_id = storage.insert_child(conn, family_id, _stored_child(child))
    added = next(c for c in load_family(conn, family_id)["children"] if c["id"] == child_id)
    _announce_child(emit, "child.created", _child_created, added)
    return added


def apply_changes(conn, emit, family: dict, changes: dict, staff: bool, today) -> list[str]:
    """Apply `changes` (loaded with `FamilyChanges` partially) to a family loaded for update.

    Only values that differ count; a parent changing a field outside the policy gets 422
    `requires_change_request` listing them, and nothing is written. Returns the changed fields' paths.
    """
    steps = _plan(family, changes)
    if not staff:
        refused = [rules.field_path(kind, entity["id"], name)
                   for kind, entity, changed in steps for name in rules.fields_needing_request(kind, changed)]
        if refused:
            raise rules.requires_change_request(refused)
    rules.check_birth_dates([changed for kind, _, changed in steps if kind == "child"], today)
    return _write(conn, emit, family, steps)


def _plan(family: dict, changes: dict) -> list[tuple[str, dict, dict]]:
    """[(kind, entity, {field: new value})] for the family, each guardian and child named."""
    family_fields = {k: v for k, v in changes.items() if k not in ("guardians", "children")}
    steps = [("family", family, rules.differences(family, family_fields))]
    for kind, key in (("guardian", "guardians"), ("child", "children")):
        entities = {str(entity["id"]): entity for entity in family[key]}
        for entry in changes.get(key, []):
            entry = dict(entry)
            if "id" not in entry:
                raise invalid({"fields": {key: {"id": ["Identifiant requis."]}}})
            entity = entities.get(str(entry.pop("id")))
            if entity is None:
                raise not_found(kind)
            changed = rules.differences(entity, entry)
            entity.update(changed)  # a second entry for the same id compares with the first
            steps.append((kind, entity, changed))
    return [step for step in steps if step[2]]


def _write(conn, emit, family: dict, steps) -> list[str]:
    paths = [rules.field_path(kind, entity["id"], name) for kind, entity, changed in steps for name in changed]
    family_changed = next((changed for kind, _, changed in steps if kind == "family"), {})
    if any(kind == "guardian" and "last_name" in changed for kind, _, changed in steps):
        display_name = rules.family_display_name(family["guardians"])
        if display_name != family["display_name"]:
            family_changed["display_name"] = display_name
            paths.append("display_name")
    family.update(family_changed)
    storage.update_family(conn, family["id"], family_changed)
    for kind, entity, changed in steps:
        if kind == "guardian":
            storage.update_guardian(conn, entity["id"], changed)
        elif kind == "child":
            stored = dict(changed)
            if "health" in stored:
                stored["health_ciphertext"] = health.encrypt(stored.pop("health"))
            storage.update_child(conn, entity["id"], stored)
            if set(changed) & set(rules.CHILD_EVENT_FIELDS):
                _announce_child(emit, "child.updated", _child_updated, {**entity, "family_id": family["id"]})
    family_paths = [path for path in paths if not path.startswith("children.")]
    if family_paths:
        first = family["guardians"][0]
        emit("family.updated", _family_updated.dump({
            **family, "family_id": family["id"], "email": first["email"], "consent_email": first["consent_email"],
            "consent_sms": first["consent_sms"], "changed": family_paths,
        }), subject=family["id"])
    if set(family_changed) & set(rules.QUOTIENT_FIELDS):
        emit("quotient.changed", _quotient_changed.dump({**family, "family_id": family["id"]}),
             subject=family["id"])
    return paths


def _stored_child(child: dict) -> dict:
    child = dict(child)
    child["authorised_pickups"] = rules.complete_pickups(child.get("authorised_pickups") or [])
    child["health_ciphertext"] = health.encrypt(child.pop("health")) if child.get("health") else None
    return child


def _announce_child(emit, name: str, schema, child: dict) -> None:
    emit(name, schema.dump({**child, "child_id": child["id"]}), subject=child["id"])
