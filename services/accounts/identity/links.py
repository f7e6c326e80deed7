"""Identity RPCs built on single-use links sent by email: activation, forgotten password, change of
email, and the staff accounts an admin creates (which start with an activation link).

The emails carry secrets, so they never travel as events: they are queued by a direct call to
notifications' `send_email`. If notifications does not answer, the request fails (503) and its
transaction, token included, is rolled back: nobody waits for a link that was never sent.
"""
from __future__ import annotations

import logging
import time
from datetime import timedelta

import eventlet
import psycopg
from nameko.rpc import RpcProxy, rpc

from services.accounts.identity import credentials, rules, storage
from services.accounts.identity import schemas as s
from services.accounts.identity.offload import offload
from services.chassis import config
from services.chassis.errors import ServiceError, forbidden, invalid, not_found
from services.chassis.identity import caller_from, is_uuid
from services.chassis.schemas import load

log = logging.getLogger(__name__)

NOTIFICATIONS_TIMEOUT_SECONDS = 5.0
# A reset request answers in at least this time, whether the address is known (a token made, an email
# queued) or not: the answer's delay must not tell which.
RESET_ANSWER_SECONDS = 0.4


class AccountLinksRpc:
    # An unanswered request expires in the queue with the wait, so a late notifications never sends
    # a link whose token was rolled back.
    notifications = RpcProxy("notifications", expiration=NOTIFICATIONS_TIMEOUT_SECONDS)

    @rpc
    def request_password_reset(self, email, ip=None):
        data = load(s.PasswordResetRequestInput(), {"email": email, "ip": ip})
        started = time.monotonic()
        now = self.clock.now()
        with self.db.transaction() as conn:
            users = storage.find_active_users_by_email(conn, data["email"])
            for user in users:
                recent = storage.count_tokens_since(conn, user["id"], rules.PASSWORD_RESET, now - timedelta(hours=1))
                if recent < rules.MAX_RESETS_PER_HOUR:
                    self._issue_link(conn, user, rules.PASSWORD_RESET, user["email"], ip=data["ip"])
            if not users:
                credentials.token_digest(credentials.new_token())  # the token work a known address costs
        eventlet.sleep(max(0.0, RESET_ANSWER_SECONDS - (time.monotonic() - started)))

    @rpc
    def reset_password(self, token, new_password):
        data = load(s.TokenPasswordInput(), {"token": token, "password": new_password})
        used = self._set_password_through(rules.PASSWORD_RESET, data["token"], data["password"])
        return {"login": used["login"]}

    @rpc
    def activate_account(self, token, password):
        data = load(s.TokenPasswordInput(), {"token": token, "password": password})
        used = self._set_password_through(rules.ACTIVATION, data["token"], data["password"])
        return {"login": used["login"]}

    @rpc
    def request_email_change(self, caller, password, new_email, new_email_confirm):
        caller = caller_from(caller)
        data = load(s.EmailChangeInput(), {
            "password": password, "new_email": new_email, "new_email_confirm": new_email_confirm,
        })
        if not rules.same_email(data["new_email"], data["new_email_confirm"]):
            raise rules.emails_differ()
        user = self._user(caller.user_id)
        if not offload(credentials.verify_password, user["password_hash"], data["password"]):
            raise rules.invalid_credentials()
        if rules.same_email(data["new_email"], user["email"]):
            raise invalid({"fields": {"new_email": ["C'est déjà votre adresse électronique."]}})
        with self.db.transaction() as conn:
            if storage.email_used_by_another(conn, data["new_email"], user["id"]):
                raise rules.email_taken()
            self._issue_link(conn, user, rules.EMAIL_CHANGE, data["new_email"], new_email=data["new_email"])

    @rpc
    def confirm_email_change(self, token):
        data = load(s.TokenInput(), {"token": token})
        try:
            with self.db.transaction() as conn:
                used = storage.use_token(conn, credentials.token_digest(data["token"]), rules.EMAIL_CHANGE,
                                         self.clock.now())
                if used is None:
                    raise rules.invalid_token()
                email = used["new_email"]
                if storage.email_used_by_another(conn, email, used["user_id"]):
                    raise rules.email_taken()  # taken since the request was made
                # A login that was the old address follows the address; a chosen login stays.
                login = email if rules.same_email(used["login"], used["email"]) else used["login"]
                storage.set_email(conn, used["user_id"], email, login)
                self.db.emit(conn, "user.email_changed", s.UserEmailChangedData().dump({**used, "email": email}),
                             subject=used["user_id"])
        except psycopg.errors.UniqueViolation:  # the same login created concurrently
            raise rules.email_taken() from None
        return {"login": login, "email": email}

    @rpc
    def create_staff_user(self, caller, payload):
        if caller_from(caller).role != "admin":
            raise forbidden()
        data = load(s.CreateStaffUserInput(), payload)
        try:
            with self.db.transaction() as conn:
                if storage.login_exists(conn, data["login"]):
                    raise rules.login_taken(data["login"])
                user_id = storage.insert_user(
                    conn, login=data["login"], password_hash=None, role=data["role"],
                    display_name=data["display_name"], email=data["email"], structure_ids=data["structure_ids"],
                )
                user = storage.find_user(conn, user_id)
                self._issue_link(conn, user, rules.ACTIVATION, user["email"])
        except psycopg.errors.UniqueViolation:  # the same login created concurrently
            raise rules.login_taken(data["login"]) from None
        return s.StaffUserResult().dump(user)

    @rpc
    def resend_activation(self, caller, user_id):
        caller_from(caller).require_staff()
        if not is_uuid(user_id):
            raise not_found("user")
        with self.db.transaction() as conn:
            user = storage.find_user_for_update(conn, user_id)
            if user is None or user["disabled_at"] is not None:
                raise not_found("user")
            if user["password_hash"] is not None:
                raise ServiceError("already_activated", "Ce compte est déjà activé.", {}, 409)
            self._issue_link(conn, user, rules.ACTIVATION, user["email"])
        return {"user_id": str(user["id"]), "email": user["email"]}

    def _send_activation(self, user_id) -> None:
        """Email the activation link of an account created without a password (the family area calls
        it once the family is committed). Raises ServiceError 503 if notifications does not answer."""
        with self.db.transaction() as conn:
            user = storage.find_user(conn, user_id)
            if user is None:
                raise not_found("user")
            self._issue_link(conn, user, rules.ACTIVATION, user["email"])

    def _issue_link(self, conn, user: dict, purpose: str, to_address: str | None, *, new_email=None, ip=None):
        """Make a token for `purpose` in `conn`'s transaction and queue its email to `to_address`."""
        if not to_address:
            raise ServiceError("no_email", "Ce compte n'a pas d'adresse électronique : le lien ne peut pas être "
                               "envoyé.", {}, 422)
        token = credentials.new_token()
        now = self.clock.now()
        storage.insert_token(conn, credentials.token_digest(token), user["id"], purpose, now,
                             rules.token_expiry(purpose, now), new_email=new_email, requested_ip=ip)
        context = {"display_name": user["display_name"], "login": user["login"],
                   "link": rules.link(config.get("PUBLIC_URL"), purpose, token)}
        family_id = str(user["family_id"]) if user["family_id"] else None
        self._send_email(rules.EMAIL_KINDS[purpose], to_address, context, family_id)

    def _send_email(self, kind: str, to_address: str, context: dict, family_id: str | None) -> None:
        try:
            with eventlet.Timeout(NOTIFICATIONS_TIMEOUT_SECONDS):
                self.notifications.send_email(kind, to_address, context, family_id=family_id)
        except (Exception, eventlet.Timeout):  # noqa: BLE001 - away, too slow or refusing: not sent
            log.exception("notifications did not queue the %s email", kind)
            raise rules.service_unavailable() from None

    def _set_password_through(self, purpose: str, token: str, password: str) -> dict:
        """Set the password of the link's user: the token is checked first, spent only with a valid
        password; every session of the user ends. Returns the spent token (with the user's login)."""
        digest = credentials.token_digest(token)
        with self.db.transaction() as conn:
            if storage.find_live_token(conn, digest, purpose, self.clock.now()) is None:
                raise rules.invalid_token()
        rules.require_strong_password(password)
        password_hash = offload(credentials.hash_password, password)
        now = self.clock.now()
        with self.db.transaction() as conn:
            used = storage.use_token(conn, digest, purpose, now, used_up=(rules.ACTIVATION, rules.PASSWORD_RESET))
            if used is None:
                raise rules.invalid_token()
            storage.change_password(conn, used["user_id"], password_hash)
            storage.revoke_other_sessions(conn, used["user_id"], None, now)
        return used

    def _user(self, user_id) -> dict:
        """The enabled user of that id, or 404."""
        user = None
        if is_uuid(user_id):
            with self.db.transaction() as conn:
                user = storage.find_user(conn, user_id)
        if user is None or user["disabled_at"] is not None:
            raise not_found("user")
        return user
