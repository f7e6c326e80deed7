"""Secrets at rest: argon2id password hashes; session and link tokens stored only as SHA-256 digests."""
from __future__ import annotations

import hashlib
import secrets
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

_hasher = PasswordHasher()  # argon2id with argon2-cffi's current recommended parameters


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """False for a wrong password and for an account without one yet (which takes the same time)."""
    if password_hash is None:
        return verify_unknown_login(password)
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


@lru_cache(maxsize=1)
def _dummy_hash() -> str:
    return _hasher.hash(secrets.token_urlsafe(16))


def verify_unknown_login(password: str) -> bool:
    """Spend the time a real verification takes, so an unknown login is not faster to refuse."""
    verify_password(_dummy_hash(), password)
    return False


def new_token() -> str:
    """A session token or the token of a single-use link: 256 random bits, URL-safe."""
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()
