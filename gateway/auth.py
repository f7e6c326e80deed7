"""Who is asking: the session cookie, its server-side resolution, CSRF and the first-login gate.

The session lives in accounts; the cookie only holds its opaque token. The CSRF token is derived from
it (HMAC with SECRET_KEY), so it needs no storage and dies with the session.
"""
from __future__ import annotations

import hashlib
import hmac
from flask import current_app, g, request
from flask_babel import gettext as _

from gateway import calls, security, sessions
from gateway.errors import error

COOKIE = "portail_session"
UNSAFE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def csrf_token(session_token: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, session_token.encode(), hashlib.sha256).hexdigest()


def public(view):
    """Reachable without a session (login, health)."""
    view.public = True
    return view


def before_password_change(view):
    """Reachable while the user must still replace a temporary password."""
    view.before_password_change = True
    return view


def _view_flag(name: str) -> bool:
    view = current_app.view_functions.get(request.endpoint)
    return bool(getattr(view, name, False))


def current_session() -> dict | None:
    """The session behind the request's cookie, resolved once per request (None if there is none);
    kept a few seconds in this process (`gateway.sessions`)."""
    if "session" not in g:
        token = request.cookies.get(COOKIE)
        g.session_token = token
        g.session = sessions.cache().resolve(token, calls.resolve_session) if token else None
        g.caller = None
        if g.session is not None:
            g.caller = {key: g.session[key] for key in ("user_id", "role", "family_id", "structure_ids")}
    return g.session


def csrf_valid(submitted: str | None) -> bool:
    return bool(submitted) and hmac.compare_digest(submitted, csrf_token(g.session_token))


class Refusal(Exception):
    """Why a request may not reach its view; the API and the web answer it their own way."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def check_request(submitted_csrf: str | None) -> None:
    """Resolve the session and apply the rules every protected view shares; raise Refusal."""
    if _view_flag("public"):
        return
    if current_session() is None:
        raise Refusal("not_authenticated")
    if request.method in UNSAFE_METHODS and not csrf_valid(submitted_csrf):
        raise Refusal("csrf_failed")
    if g.session.get("must_change_password") and not _view_flag("before_password_change"):
        raise Refusal("password_change_required")


def refusal_error(refusal: Refusal):
    if refusal.code == "not_authenticated":
        return error("not_authenticated", _("Vous devez vous connecter."), 401)
    if refusal.code == "csrf_failed":
        return error("csrf_failed", _("Le jeton de sécurité (CSRF) est absent ou invalide."), 403)
    return error("password_change_required",
                 _("Vous devez d'abord remplacer votre mot de passe provisoire."), 403)


def require_staff() -> None:
    """Staff areas: a parent gets 403 before any service is asked."""
    if g.caller["role"] not in ("staff", "admin"):
        raise error("forbidden", _("Vous n'avez pas accès à cette action."), 403)


def set_session_cookie(response, session_token: str) -> None:
    response.set_cookie(
        COOKIE, session_token, httponly=True, samesite="Lax", path="/",
        secure=security.cookies_secure(current_app),
        max_age=current_app.config["SESSION_TTL_HOURS"] * 3600,
    )


def clear_session_cookie(response) -> None:
    response.delete_cookie(COOKIE, path="/", httponly=True, samesite="Lax",
                           secure=security.cookies_secure(current_app))


def client_info() -> tuple[str, str]:
    """(ip, user agent) recorded in the login history."""
    return request.remote_addr or "", request.user_agent.string or ""
