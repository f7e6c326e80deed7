"""Account rules: password policy, family numbers and names, logins, session lifetime. No I/O."""
from __future__ import annotations

from datetime import date, datetime, timedelta

from services.chassis.errors import ServiceError, invalid

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


def family_number(sequence_value: int) -> str:
    return f"F{sequence_value:06d}"


def family_display_name(guardians: list[dict]) -> str:
    """"Famille Dupont", or "Famille Dupont / Martin" when the guardians' names differ."""
    names = list(dict.fromkeys(g["last_name"] for g in guardians))
    return "Famille " + " / ".join(names)


def person_name(person: dict) -> str:
    return f"{person['first_name']} {person['last_name']}"


def family_login(payload: dict) -> str:
    """The login asked for, else the first guardian's email."""
    login = payload.get("login") or payload["guardians"][0].get("email")
    if not login:
        raise invalid(
            {"fields": {"login": ["Un identifiant est requis quand le premier responsable n'a pas d'email."]}}
        )
    return login


def check_birth_dates(children: list[dict], today: date) -> None:
    future = {
        str(index): {"birth_date": ["La date de naissance ne peut pas être dans le futur."]}
        for index, child in enumerate(children)
        if child["birth_date"] > today
    }
    if future:
        raise invalid({"fields": {"children": future}})


def session_expiry(now: datetime, ttl_hours: int) -> datetime:
    return now + timedelta(hours=ttl_hours)


def session_is_live(session: dict, now: datetime) -> bool:
    return session["revoked_at"] is None and session["expires_at"] > now
