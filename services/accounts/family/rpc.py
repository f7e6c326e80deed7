"""Family file RPCs: staff create families; families and staff read them."""
from __future__ import annotations

import psycopg
from nameko.rpc import rpc

from services.accounts.family import rules, storage
from services.accounts.family import schemas as s
from services.accounts.identity import credentials
from services.accounts.identity import rules as identity_rules
from services.accounts.identity import storage as identity_storage
from services.accounts.identity.rpc import offload
from services.chassis.errors import not_found
from services.chassis.identity import caller_from
from services.chassis.schemas import load


class FamilyRpc:
    @rpc
    def create_family(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(s.CreateFamilyInput(), payload)
        rules.check_birth_dates(data["children"], self.clock.today())
        login = rules.family_login(data)
        identity_rules.require_strong_password(data["temporary_password"])
        password_hash = offload(credentials.hash_password, data["temporary_password"])
        try:
            with self.db.transaction() as conn:
                if identity_storage.login_exists(conn, login):
                    raise identity_rules.login_taken(login)
                family = self._insert_family(conn, data, login, password_hash)
        except psycopg.errors.UniqueViolation:  # the same login created concurrently
            raise identity_rules.login_taken(login) from None
        return {**s.FamilyResult().dump(family), "login": login}

    def _insert_family(self, conn, data, login, password_hash) -> dict:
        guardians = data["guardians"]
        # nextval is not rolled back: a refused creation leaves a gap, which family numbers may have.
        number = rules.family_number(storage.next_family_sequence(conn))
        family_id = storage.insert_family(conn, number, rules.family_display_name(guardians), data["quotient"])
        for rank, guardian in enumerate(guardians):
            storage.insert_guardian(conn, family_id, rank, guardian)
        for rank, child in enumerate(data["children"]):
            storage.insert_child(conn, family_id, rank, child)
        first = guardians[0]
        identity_storage.insert_user(
            conn, login=login, password_hash=password_hash, role="parent", family_id=family_id,
            must_change_password=True, display_name=rules.person_name(first), email=first["email"],
        )
        family = storage.find_family(conn, family_id)
        self.db.emit(conn, "family.created", s.FamilyCreatedData().dump({
            **family, "family_id": family_id, "email": first["email"], "login": login,
        }), subject=family_id)
        for child in family["children"]:
            self.db.emit(conn, "child.created", s.ChildCreatedData().dump({**child, "child_id": child["id"]}),
                         subject=child["id"])
        return family

    @rpc
    def get_family(self, caller, family_id):
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            family = storage.find_family(conn, family_id)
        if family is None:
            raise not_found("family")
        return s.FamilyResult().dump(family)
