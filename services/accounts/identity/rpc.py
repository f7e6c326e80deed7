"""Identity RPCs: logins (throttled), sessions, passwords, the caller's own account, login history;
the RPCs of single-use links come from `links.AccountLinksRpc`."""
from __future__ import annotations

from nameko.rpc import rpc

from services.accounts.identity import credentials, rules, storage, throttling
from services.accounts.identity import schemas as s
from services.accounts.identity.links import AccountLinksRpc
from services.accounts.identity.offload import offload
from services.chassis import config
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load

__all__ = ["IdentityRpc", "offload"]

LOGIN_HISTORY_LIMIT = 50


class IdentityRpc(AccountLinksRpc):
    @rpc
    def login(self, login, password, ip=None, user_agent=None):
        data = load(s.LoginInput(), {"login": login, "password": password, "ip": ip, "user_agent": user_agent})
        now = self.clock.now()
        with self.db.transaction() as conn:
            user = storage.find_user_by_login(conn, data["login"])
            retry_after = _retry_after(conn, data["login"], data["ip"], now)
            if retry_after is not None:  # refused before the password is even looked at
                storage.record_login(conn, user_id=user and user["id"], login=data["login"], at=now, ip=data["ip"],
                                     user_agent=data["user_agent"], success=False, throttled=True)
        if retry_after is not None:
            raise throttling.too_many_attempts(retry_after)
        if user is None or user["disabled_at"] is not None:
            success = offload(credentials.verify_unknown_login, data["password"])
        else:
            success = offload(credentials.verify_password, user["password_hash"], data["password"])
        new_hash = None
        if success and credentials.needs_rehash(user["password_hash"]):
            new_hash = offload(credentials.hash_password, data["password"])
        token = credentials.new_token() if success else None
        with self.db.transaction() as conn:
            storage.record_login(conn, user_id=user and user["id"], login=data["login"], at=now,
                                 ip=data["ip"], user_agent=data["user_agent"], success=success)
            if success:
                if new_hash:
                    storage.set_password_hash(conn, user["id"], new_hash)
                expires_at = rules.session_expiry(now, config.get_int("SESSION_TTL_HOURS"))
                storage.insert_session(conn, credentials.token_digest(token), user["id"], now, expires_at,
                                       data["ip"], data["user_agent"])
        if not success:
            raise rules.invalid_credentials()
        return {"session_token": token, "user": s.LoginUserResult().dump(user)}

    @rpc
    def resolve_session(self, session_token):
        if not isinstance(session_token, str) or not session_token:
            return None
        with self.db.transaction() as conn:
            session = storage.find_session(conn, credentials.token_digest(session_token))
        if session is None or not rules.session_is_live(session, self.clock.now()):
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
            raise rules.invalid_credentials()
        rules.require_strong_password(data["new_password"], current=data["current_password"])
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


def _retry_after(conn, login: str, ip: str | None, now) -> int | None:
    since = now - throttling.LOOKBACK
    return throttling.retry_after_seconds(storage.login_failures(conn, login, since),
                                          storage.address_failures(conn, ip, since), now)
