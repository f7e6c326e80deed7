"""Family file RPCs: staff create, import, search and anonymise families; parents and staff read,
change (parents within the policy, else through change requests) and export them."""
from __future__ import annotations

import json
import uuid
from functools import partial

import psycopg
from marshmallow import ValidationError
from nameko.rpc import rpc

from services.accounts.documents.rpc import family_documents, missing_view
from services.accounts.family import csv_import, editing, rules, storage
from services.accounts.family import schemas as s
from services.accounts.identity import credentials
from services.accounts.identity import rules as identity_rules
from services.accounts.identity import storage as identity_storage
from services.accounts.identity.offload import offload
from services.chassis.events import ANONYMOUS
from services.chassis.errors import ServiceError, forbidden, invalid, not_found
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load

try:  # the documents area, written beside this one: what the export and the anonymisation ask of it
    from services.accounts.documents import storage as documents_storage
except ImportError:  # pragma: no cover
    documents_storage = None

EXPORT_LOGIN_LIMIT = 10_000


class FamilyRpc:
    @rpc
    def create_family(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(s.CreateFamilyInput(), payload)
        rules.check_birth_dates(data["children"], self.clock.today())
        data["login"] = rules.family_login(data)
        password_hash = None
        if data["temporary_password"] is not None:
            identity_rules.require_strong_password(data["temporary_password"])
            password_hash = offload(credentials.hash_password, data["temporary_password"])
        try:
            with self.db.transaction() as conn:
                if identity_storage.login_exists(conn, data["login"]):
                    raise identity_rules.login_taken(data["login"])
                family, user_id = self._create(conn, data, password_hash, self._new_number(conn))
        except psycopg.errors.UniqueViolation:  # the same login created concurrently
            raise identity_rules.login_taken(data["login"]) from None
        if password_hash is None:
            self._activate(user_id)
        return {**editing.view(family, staff=True), "login": data["login"]}

    @rpc
    def import_families(self, caller, csv_text):
        """Families from a CSV (columns: `family.csv_import`), all or none; accounts activated by email."""
        caller_from(caller).require_staff()
        text = load(s.ImportInput(), {"csv_text": csv_text})["csv_text"]
        families, errors = csv_import.parse(text, self.clock.today())
        if errors:
            raise rules.invalid_csv(errors)
        user_ids = []
        try:
            with self.db.transaction() as conn:
                errors = _already_used(conn, families)
                if errors:
                    raise rules.invalid_csv(errors)
                for family in families:
                    number = family["number"] or self._new_number(conn)
                    user_ids.append(self._create(conn, family["payload"], None, number)[1])
        except psycopg.errors.UniqueViolation:  # a login or number taken concurrently: nothing imported
            raise ServiceError("conflict", "Une famille ou un identifiant du fichier vient d'être créé ; "
                               "rien n'a été importé, réessayez.", {}, 409) from None
        for user_id in user_ids:
            self._activate(user_id)
        return {"imported": len(families)}

    @rpc
    def get_family(self, caller, family_id):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            family = editing.load_family(conn, family_id)
        return editing.view(family, caller.is_staff)

    @rpc
    def search_families(self, caller, query, limit=50):
        caller_from(caller).require_staff()
        data = load(s.SearchInput(), {"query": query, "limit": limit})
        terms = data["query"].split()[:5]
        with self.db.transaction() as conn:
            rows = storage.search_families(conn, terms, data["limit"])
        return s.SearchResult(many=True).dump(rows)

    @rpc
    def update_family(self, caller, family_id, changes):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        data = load(s.FamilyChanges(), _object(changes), partial=True)
        with self.db.transaction() as conn:
            family = editing.load_family(conn, family_id, for_update=True)
            editing.apply_changes(conn, self._emitter(conn), family, data, caller.is_staff, self.clock.today())
            family = editing.load_family(conn, family_id)
        return editing.view(family, caller.is_staff)

    @rpc
    def create_change_request(self, caller, payload):
        caller = caller_from(caller)
        if caller.is_staff:
            raise forbidden()  # staff change the file directly
        family_id = caller.require_family(caller.family_id)
        request = load(s.ChangeRequestInput(), payload)
        target, target_id = request["target"], request["target_id"] and str(request["target_id"])
        schema = s.CHANGE_SCHEMAS[target]()
        changes = _load_changes(schema, request["changes"], target)
        if target == "new_child":
            rules.check_birth_dates([changes], self.clock.today())
        if (target == "new_child") != (target_id is None):
            raise invalid({"fields": {"target_id": [
                "Pas d'identifiant pour un nouvel enfant." if target_id else "Identifiant requis."]}})
        with self.db.transaction() as conn:
            if target != "new_child" and _target_family(conn, target, target_id) != family_id:
                raise not_found(target)
            row = storage.insert_change_request(conn, {
                "id": uuid.uuid4(), "family_id": family_id, "target": target, "target_id": target_id,
                "changes": schema.dump(changes), "requested_by": caller.user_id,
                "requested_at": self.clock.now(),
            })
        return _request_result(row, staff=False)

    @rpc
    def list_change_requests(self, caller, family_id=None, status=None):
        caller = caller_from(caller)
        query = load(s.ChangeRequestQuery(), {"family_id": family_id, "status": status})
        wanted = query["family_id"] and str(query["family_id"])
        if not caller.is_staff:
            own = caller.require_family(caller.family_id)
            if wanted not in (None, own):
                raise not_found("family")
            wanted = own
        elif wanted is None:
            query["status"] = query["status"] or "pending"
        with self.db.transaction() as conn:
            rows = storage.list_change_requests(conn, wanted, query["status"])
        return [_request_result(row, caller.is_staff) for row in rows]

    @rpc
    def family_summary(self, caller, family_id):
        """The dashboard's accounts sections in one transaction → `{family, pending_requests,
        missing_documents}`, as `get_family`, `list_change_requests(…, "pending")` and
        `missing_documents` answer them."""
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            family = editing.load_family(conn, family_id)
            pending = storage.list_change_requests(conn, family_id, "pending")
            documents = family_documents(conn, family_id, self.clock.today())
        return {"family": editing.view(family, caller.is_staff),
                "pending_requests": [_request_result(row, caller.is_staff) for row in pending],
                "missing_documents": missing_view(documents)}

    @rpc
    def decide_change_request(self, caller, request_id, decision, reason=None):
        caller = caller_from(caller)
        caller.require_staff()
        if not is_uuid(request_id):
            raise not_found("change_request")
        data = load(s.DecisionInput(), {"request_id": request_id, "decision": decision, "reason": reason})
        reason = (data["reason"] or "").strip() or None
        with self.db.transaction() as conn:
            request = storage.find_change_request_for_update(conn, data["request_id"])
            if request is None:
                raise not_found("change_request")
            rules.check_decision(request, data["decision"], reason)
            status = rules.decision_status(data["decision"])
            emit = self._emitter(conn)
            if status == "accepted":
                self._apply_request(conn, emit, request)
            decided = storage.decide_change_request(conn, request["id"], status, reason, caller.user_id,
                                                    self.clock.now())
            emit("change_request.decided", s.ChangeRequestDecidedData().dump({
                **decided, "request_id": decided["id"]}), subject=decided["id"])
        return _request_result(decided, staff=True)

    @rpc
    def export_family(self, caller, family_id):
        caller = caller_from(caller)
        family_id = caller.require_family(family_id)
        with self.db.transaction() as conn:
            family = editing.load_family(conn, family_id)
            requests = storage.list_change_requests(conn, family_id, limit=100_000)
            users = storage.family_users(conn, family_id)
            for user in users:
                user["logins"] = identity_storage.list_logins(conn, user["id"], EXPORT_LOGIN_LIMIT)
            documents = _documents_metadata(conn, family_id)
        return {
            "exported_at": self.clock.now().isoformat(),
            "family": editing.view(family, caller.is_staff),
            "change_requests": [_request_result(row, caller.is_staff) for row in requests],
            "documents": documents,
            "users": s.ExportedUser(many=True).dump(users),
        }

    @rpc
    def anonymise_family(self, caller, family_id):
        caller = caller_from(caller)
        if caller.role != "admin":
            raise forbidden()
        family_id = caller.require_family(family_id)
        now = self.clock.now()
        with self.db.transaction() as conn:
            family = storage.find_family(conn, family_id, for_update=True)
            if family is None:
                raise not_found("family")
            if family["anonymised_at"] is not None:
                raise ServiceError("already_anonymised", "Cette famille est déjà anonymisée.", {}, 409)
            storage.anonymise_family(conn, family_id, ANONYMOUS, now)
            identity_storage.disable_family_users(conn, family_id, now)
            documents_storage.erase_family_uploads(conn, family_id, now)
            data = s.FamilyAnonymisedData().dump({"family_id": family_id, "number": family["number"]})
            self.db.emit(conn, "family.anonymised", data, subject=family_id)
        return data

    # Helpers ---------------------------------------------------------------------------------------

    def _emitter(self, conn):
        return partial(self.db.emit, conn)

    def _create(self, conn, data: dict, password_hash: str | None, number: str) -> tuple[dict, uuid.UUID]:
        """Insert a family and its parent user (which, without a password, waits for activation)."""
        family = editing.insert_family(conn, self._emitter(conn), data, number)
        first = data["guardians"][0]
        user_id = identity_storage.insert_user(
            conn, login=data["login"], password_hash=password_hash, role="parent", family_id=family["id"],
            must_change_password=password_hash is not None, display_name=rules.person_name(first),
            email=first["email"],
        )
        return family, user_id

    @staticmethod
    def _new_number(conn) -> str:
        # nextval is not rolled back: a refused creation leaves a gap, which family numbers may have;
        # numbers kept from an import are skipped.
        while storage.number_exists(conn, number := rules.family_number(storage.next_family_sequence(conn))):
            pass
        return number

    def _activate(self, user_id) -> None:
        """Email the activation link (identity area), once the account is committed."""
        self._send_activation(user_id)

    def _apply_request(self, conn, emit, request: dict) -> None:
        target = request["target"]
        changes = _load_changes(s.CHANGE_SCHEMAS[target](), request["changes"], target)
        family = editing.load_family(conn, request["family_id"], for_update=True)
        if target == "new_child":
            editing.add_child(conn, emit, family["id"], changes)
            return
        if target == "guardian":
            changes = {"guardians": [{**changes, "id": request["target_id"]}]}
        elif target == "child":
            changes = {"children": [{**changes, "id": request["target_id"]}]}
        editing.apply_changes(conn, emit, family, changes, staff=True, today=self.clock.today())


def _object(value) -> dict:
    if not isinstance(value, dict):
        raise invalid({"fields": {"_schema": ["Un objet est attendu."]}})
    return value


def _load_changes(schema, changes: dict, target: str) -> dict:
    try:
        loaded = schema.load(changes, partial=target != "new_child")
    except ValidationError as exc:
        raise invalid({"fields": {"changes": exc.messages}}) from None
    if not loaded:
        raise invalid({"fields": {"changes": ["Aucune modification demandée."]}})
    return loaded


def _target_family(conn, target: str, target_id: str) -> str | None:
    """The id of the family the target belongs to, or None when there is no such target."""
    if target == "family":
        return target_id
    return storage.family_of(conn, {"guardian": "guardians", "child": "children"}[target], target_id)


def _request_result(row: dict, staff: bool) -> dict:
    changes = dict(row["changes"])
    if "iban" in changes and not staff:
        changes["iban"] = rules.mask_iban(changes["iban"])
    return s.ChangeRequestResult().dump({**row, "changes": changes})


def _already_used(conn, families: list[dict]) -> list[dict]:
    errors = []
    for family in families:
        if identity_storage.login_exists(conn, family["login"]):
            errors.append({"line": family["line"], "field": "email", "message": "Cet identifiant est déjà utilisé."})
        if family["number"] and storage.number_exists(conn, family["number"]):
            errors.append({"line": family["line"], "field": "family_number",
                           "message": "Ce numéro de famille existe déjà."})
    return errors


def _documents_metadata(conn, family_id) -> list[dict]:
    """The family's current documents without their content, as JSON (the documents area's rows)."""
    return json.loads(json.dumps(documents_storage.current_documents(conn, family_id), default=str))
