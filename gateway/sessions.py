"""Sessions resolved by accounts, kept a few seconds in this gateway process.

Resolving the session over RPC on every request halved the gateway's throughput (a request that
makes two RPCs waits twice for a pooled proxy and for accounts). A resolved session is kept here,
keyed by a hash of its token. Every revocation goes through a gateway process (logout, password change
or reset, anonymisation), which announces it to all of them (`gateway.invalidation`): they forget the
session at once. So a session is kept `SESSION_CACHE_SECONDS` (600 s by default, never past its expiry)
while this process's listener is connected, and 5 s at most while it is not (an announcement could be
missed). Only sessions in normal use
are kept: no unknown token, and no session that must still change its password (the change makes it
normal again, and another worker must see that at once).
"""
from __future__ import annotations

import hashlib
import os
import time
from datetime import datetime

from flask import current_app

from gateway.cache import ALL, TaggedCache
from services.chassis import clock

DEFAULT_SECONDS = 5.0  # the bound when revocations may not reach this process
TOLD_SECONDS = 600.0  # while they do (an expiry is checked here: accounts gives it)


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def session_tag(token: str) -> str:
    return f"session:{_key(token)}"


def user_tag(user_id) -> str:
    return f"user:{user_id}"


class SessionCache:
    """`seconds` while `told()` (revocations reach this process: its invalidation listener is
    connected), `DEFAULT_SECONDS` at most otherwise."""

    def __init__(self, seconds: float, clock=time.monotonic, told=lambda: False):
        self._cache = TaggedCache(seconds, clock)
        self.told = told

    def resolve(self, token: str, load) -> dict | None:
        """The session of `token`, from this cache or from `load(token)` (the RPC to accounts)."""
        key, started = _key(token), self._cache.clock()
        kept = self._cache.get(key)
        if kept is not None and (started - kept[0] < DEFAULT_SECONDS or self.told()) \
                and clock.from_environment().now() < kept[2]:
            return kept[1]
        session = load(token)
        if session is not None and not session.get("must_change_password"):
            expires_at = datetime.fromisoformat(session["expires_at"])
            self._cache.keep(key, (started, session, expires_at), (session_tag(token), user_tag(session["user_id"])),
                             started)
        return session

    def forget_tag(self, tag: str) -> None:
        """`session_tag(token)`, `user_tag(id)` (the user's sessions changed) or everything (`ALL`)."""
        self._cache.forget(tag)


def cache(app=None) -> SessionCache:
    """The cache of `app` or the current app (made on first use)."""
    app = app or current_app
    found = app.extensions.get("portail.sessions")
    if found is None:
        seconds = float(app.config.get("SESSION_CACHE_SECONDS",
                                       os.environ.get("SESSION_CACHE_SECONDS", TOLD_SECONDS)))
        invalidation = app.extensions["portail.invalidation"]
        found = app.extensions.setdefault("portail.sessions",
                                          SessionCache(seconds, told=lambda: invalidation.listening))
    return found
