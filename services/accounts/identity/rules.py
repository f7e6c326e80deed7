"""Identity rules: password policy, credential errors, sessions, single-use links. No I/O."""
from __future__ import annotations

from datetime import datetime, timedelta
from functools import lru_cache

from zxcvbn.frequency_lists import FREQUENCY_LISTS

from services.chassis.errors import ServiceError

PASSWORD_MIN_LENGTH = 8


INVALID_CREDENTIALS_MESSAGE = "Identifiant ou mot de passe incorrect."


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    # zxcvbn's list of the 30,000 most frequent passwords of public leaks, all in lower case.
    return frozenset(FREQUENCY_LISTS["passwords"])


def is_common_password(password: str) -> bool:
    return password.lower() in _common_passwords()


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
    if is_common_password(password):
        return "Ce mot de passe fait partie des plus courants : choisissez-en un plus difficile à deviner."
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
    return (session["revoked_at"] is None and session["expires_at"] > now
            and session.get("disabled_at") is None)


# -- single-use links -------------------------------------------------------------------------

ACTIVATION = "activation"
PASSWORD_RESET = "password_reset"
EMAIL_CHANGE = "email_change"

TOKEN_LIFETIMES = {
    ACTIVATION: timedelta(days=7),
    PASSWORD_RESET: timedelta(hours=1),
    EMAIL_CHANGE: timedelta(hours=24),
}
# The pages of the website that receive each link (built by the gateway).
LINK_PATHS = {ACTIVATION: "/activation", PASSWORD_RESET: "/reset-password", EMAIL_CHANGE: "/email/confirm"}
# The email each link travels in (a kind of notifications' `send_email`).
EMAIL_KINDS = {ACTIVATION: "account_activation", PASSWORD_RESET: "password_reset", EMAIL_CHANGE: "email_change"}
# Resets asked for one account in the last hour beyond which no more emails go (mail bombing).
MAX_RESETS_PER_HOUR = 5


def token_expiry(purpose: str, now: datetime) -> datetime:
    return now + TOKEN_LIFETIMES[purpose]


def link(public_url: str, purpose: str, token: str) -> str:
    return f"{public_url.rstrip('/')}{LINK_PATHS[purpose]}?token={token}"


def invalid_token() -> ServiceError:
    return ServiceError("invalid_token", "Ce lien n'est pas valide ou a expiré. Demandez-en un nouveau.", {}, 400)


def same_email(first: str | None, second: str | None) -> bool:
    return (first or "").strip().lower() == (second or "").strip().lower()


def emails_differ() -> ServiceError:
    return ServiceError("emails_differ", "Les deux adresses électroniques saisies sont différentes.",
                        {"fields": {"new_email_confirm": ["Les deux adresses doivent être identiques."]}}, 422)


def email_taken() -> ServiceError:
    return ServiceError("email_taken", "Cette adresse électronique est déjà utilisée par un autre compte.", {}, 409)


def service_unavailable() -> ServiceError:
    return ServiceError("service_unavailable",
                        "L'envoi des courriels est momentanément indisponible. Réessayez dans quelques minutes.",
                        {}, 503)
