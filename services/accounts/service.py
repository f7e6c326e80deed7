"""The accounts service: families, logins and sessions over nameko RPC."""
from __future__ import annotations

import psycopg
from eventlet import tpool
from nameko.rpc import rpc

from services.accounts import credentials, domain, storage
from services.accounts import schemas as s
from services.chassis import config
from services.chassis.dependencies import ServiceBase
from services.chassis.errors import not_found
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load

LOGIN_HISTORY_LIMIT = 50


def offload(function, *args):
    """Run CPU-heavy argon2 work in a real thread: it would otherwise stall every green thread."""
    return tpool.execute(function, *args)


class AccountsService(ServiceBase):
    name = "accounts"

    @rpc
    def create_family(self, caller, payload):
        caller_from(caller).require_staff()
        data = load(s.CreateFamilyInput(), payload)
        domain.check_birth_dates(data["children"], self.clock.today())
        login = domain.family_login(data)
        domain.require_strong_password(data["temporary_password"])
        password_hash = offload(credentials.hash_password, data["temporary_password"])
        try:
            with self.db.transaction() as conn:
                if storage.login_exists(conn, login):
                    raise domain.login_taken(login)
                family = self._insert_family(conn, data, login, password_hash)
        except psycopg.errors.UniqueViolation:  # the same login created concurrently
            raise domain.login_taken(login) from None
        return {**s.FamilyResult().dump(family), "login": login}

    def _insert_family(self, conn, data, login, password_hash) -> dict:
        guardians = data["guardians"]
        # nextval is not rolled back: a refused creation leaves a gap, which family numbers may have.
        number = domain.family_number(storage.next_family_sequence(conn))
        family_id = storage.insert_family(conn, number, domain.family_display_name(guardians), data["quotient"])
        for rank, guardian in enumerate(guardians):
            storage.insert_guardian(conn, family_id, rank, guardian)
        for rank, child in enumerate(data["children"]):
            storage.insert_child(conn, family_id, rank, child)
        first = guardians[0]
        storage.insert_user(
            conn, login=login, password_hash=password_hash, role="parent", family_id=family_id,
            must_change_password=True, display_name=domain.person_name(first), email=first["email"],
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
    def login(self, login, password, ip=None, user_agent=None):
        data = load(s.LoginInput(), {"login": login, "password": password, "ip": ip, "user_agent": user_agent})
        with self.db.transaction() as conn:
            user = storage.find_user_by_login(conn, data["login"])
        if user is None:
            success = offload(credentials.verify_unknown_login, data["password"])
        else:
            success = offload(credentials.verify_password, user["password_hash"], data["password"])
        new_hash = None
        if success and credentials.needs_rehash(user["password_hash"]):
            new_hash = offload(credentials.hash_password, data["password"])
        token = credentials.new_session_token() if success else None
        now = self.clock.now()
        with self.db.transaction() as conn:
            storage.record_login(conn, user_id=user and user["id"], login=data["login"], at=now,
                                 ip=data["ip"], user_agent=data["user_agent"], success=success)
            if success:
                if new_hash:
                    storage.set_password_hash(conn, user["id"], new_hash)
                expires_at = domain.session_expiry(now, config.get_int("SESSION_TTL_HOURS"))
                storage.insert_session(conn, credentials.token_digest(token), user["id"], now, expires_at,
                                       data["ip"], data["user_agent"])
        if not success:
            raise domain.invalid_credentials()
        return {"session_token": token, "user": s.LoginUserResult().dump(user)}

    @rpc
    def resolve_session(self, session_token):
        if not isinstance(session_token, str) or not session_token:
            return None
        with self.db.transaction() as conn:
            session = storage.find_session(conn, credentials.token_digest(session_token))
        if session is None or not domain.session_is_live(session, self.clock.now()):
            return None
        return s.SessionResult().dump(session)

    @rpc
    def logout(self, session_token):
        if isinstance(session_token, str) and session_token:
            with self.db.transaction() as conn:
                storage.revoke_session(conn, credentials.token_digest(session_token), self.clock.now())

    @rpc
    def change_password(self, caller, current_password, new_password, session_token=None):
        caller = caller_from(caller)
        data = load(s.ChangePasswordInput(), {
            "current_password": current_password, "new_password": new_password, "session_token": session_token,
        })
        user = self._user(caller.user_id)
        if not offload(credentials.verify_password, user["password_hash"], data["current_password"]):
            raise domain.invalid_credentials()
        domain.require_strong_password(data["new_password"], current=data["current_password"])
        new_hash = offload(credentials.hash_password, data["new_password"])
        keep = credentials.token_digest(data["session_token"]) if data["session_token"] else None
        with self.db.transaction() as conn:
            storage.change_password(conn, user["id"], new_hash)
            revoked = storage.revoke_other_sessions(conn, user["id"], keep, self.clock.now())
        return {"revoked_sessions": revoked}

    @rpc
    def get_me(self, caller):
        return s.MeResult().dump(self._user(caller_from(caller).user_id))

    @rpc
    def list_logins(self, caller):
        caller = caller_from(caller)
        with self.db.transaction() as conn:
            rows = storage.list_logins(conn, caller.user_id, LOGIN_HISTORY_LIMIT) if is_uuid(caller.user_id) else []
        return s.LoginHistoryResult(many=True).dump(rows)

    @rpc
    def get_family(self, caller, family_id):
        family_id = caller_from(caller).require_family(family_id)
        with self.db.transaction() as conn:
            family = storage.find_family(conn, family_id)
        if family is None:
            raise not_found("family")
        return s.FamilyResult().dump(family)

    def _user(self, user_id) -> dict:
        user = None
        if is_uuid(user_id):
            with self.db.transaction() as conn:
                user = storage.find_user(conn, user_id)
        if user is None:
            raise not_found("user")
        return user
