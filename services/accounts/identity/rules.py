"""Identity rules: password policy, credential errors, session lifetime. No I/O."""
from __future__ import annotations

from datetime import datetime, timedelta

from services.chassis.errors import ServiceError

PASSWORD_MIN_LENGTH = 8


INVALID_CREDENTIALS_MESSAGE = "Identifiant ou mot de passe incorrect."


def password_weakness(password: str) -> str | None:
    """Why `password` breaks the policy (a French sentence), or None when it meets it."""
    if len(password) < PASSWORD_MIN_LENGTH:
        return f"Le mot de passe doit contenir au moins {PASSWORD_MIN_LENGTH} caractères."
    if not any(c.isupper() for c in password):
        return "Le mot de passe doit contenir au moins une lettre majuscule."
    if not any(c.islower() for c in password):
        return "Le mot de passe doit contenir au moins une lettre minuscule."
    if not any(c.isdigit() for c in password):
        return "Le mot de passe doit contenir au moins un chiffre."
    return None


def weak_password(reason: str) -> ServiceError:
    return ServiceError("weak_password", reason, {"reason": reason}, 422)


def require_strong_password(password: str, current: str | None = None) -> None:
    reason = password_weakness(password)
    if reason is None and current is not None and password == current:
        reason = "Le nouveau mot de passe doit être différent de l'actuel."
    if reason is not None:
        raise weak_password(reason)


def invalid_credentials() -> ServiceError:
    # One answer for an unknown login and a wrong password: the login's existence stays secret.
    return ServiceError("invalid_credentials", INVALID_CREDENTIALS_MESSAGE, {}, 401)


def login_taken(login: str) -> ServiceError:
    return ServiceError("login_taken", "Cet identifiant est déjà utilisé.", {"login": login}, 409)


def session_expiry(now: datetime, ttl_hours: int) -> datetime:
    return now + timedelta(hours=ttl_hours)


def session_is_live(session: dict, now: datetime) -> bool:
    return session["revoked_at"] is None and session["expires_at"] > now
