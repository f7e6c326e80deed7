"""Sessions resolved by accounts, kept a few seconds in this gateway process.

Resolving the session over RPC on every request halved the gateway's throughput (a request that
makes two RPCs waits twice for a pooled proxy and for accounts). A resolved session is kept here
`SESSION_CACHE_SECONDS` (5 s by default), keyed by a hash of its token, so a session revoked by
another process (another gateway worker, a password reset) is refused within that bound everywhere;
in this process logout, password changes and resets take effect at once. Only sessions in normal use
are kept: no unknown token, and no session that must still change its password (the change makes it
normal again, and another worker must see that at once).
"""
from __future__ import annotations

import hashlib
import os
import threading
import time

from flask import current_app

DEFAULT_SECONDS = 5.0
MAX_ENTRIES = 50_000
# A resolution in flight when its session is forgotten must not be kept: marks live longer than any RPC.
MARK_SECONDS = 120.0


def _key(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


class SessionCache:
    def __init__(self, seconds: float, clock=time.monotonic):
        self.seconds = seconds
        self.clock = clock
        self._lock = threading.Lock()
        self._entries: dict[str, tuple[float, dict]] = {}  # token hash → (kept until, session)
        self._forgotten: dict[str, float] = {}  # token hash, "user:<id>" or "*" → when forgotten

    def resolve(self, token: str, load) -> dict | None:
        """The session of `token`, from this cache or from `load(token)` (the RPC to accounts)."""
        key, started = _key(token), self.clock()
        with self._lock:
            kept = self._entries.get(key)
        if kept is not None and kept[0] > started:
            return kept[1]
        session = load(token)
        if session is not None and not session.get("must_change_password") and self.seconds > 0:
            self._keep(key, session, started)
        return session

    def forget(self, token: str) -> None:
        """The session was revoked (logout)."""
        key = _key(token)
        with self._lock:
            self._entries.pop(key, None)
            self._mark(key)

    def forget_user(self, user_id: str) -> None:
        """The user's sessions changed (password changed, the others revoked)."""
        with self._lock:
            for key in [k for k, (_, session) in self._entries.items() if str(session["user_id"]) == str(user_id)]:
                del self._entries[key]
            self._mark(f"user:{user_id}")

    def forget_all(self) -> None:
        """Sessions of someone this process cannot name were revoked (password reset, anonymisation)."""
        with self._lock:
            self._entries.clear()
            self._mark("*")

    def _keep(self, key: str, session: dict, started: float) -> None:
        with self._lock:
            marks = (self._forgotten.get(m, float("-inf")) for m in (key, f"user:{session['user_id']}", "*"))
            if max(marks) >= started:
                return  # forgotten while accounts was being asked: the answer may be stale
            if len(self._entries) >= MAX_ENTRIES:
                self._entries = {k: v for k, v in self._entries.items() if v[0] > started}
                if len(self._entries) >= MAX_ENTRIES:
                    self._entries.clear()
            self._entries[key] = (started + self.seconds, session)

    def _mark(self, name: str) -> None:
        now = self.clock()
        self._forgotten = {k: at for k, at in self._forgotten.items() if at > now - MARK_SECONDS}
        self._forgotten[name] = now


def cache() -> SessionCache:
    """The cache of the current app (made on first use)."""
    found = current_app.extensions.get("portail.sessions")
    if found is None:
        seconds = current_app.config.get("SESSION_CACHE_SECONDS",
                                         float(os.environ.get("SESSION_CACHE_SECONDS", DEFAULT_SECONDS)))
        found = current_app.extensions.setdefault("portail.sessions", SessionCache(float(seconds)))
    return found
