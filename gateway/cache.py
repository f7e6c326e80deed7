"""A small in-process cache: entries expire after a few seconds, and can be forgotten at once by tag.

Forgetting also wins over an answer that was being loaded while it happened (read before the change,
it may be stale): `keep` refuses a value whose load started before one of its tags was forgotten.
Used for the sessions (`gateway.sessions`) and the dashboard's panels (`gateway.dashboard_cache`).
"""
from __future__ import annotations

import random
import threading
import time
from collections import defaultdict
from typing import Any, Hashable, Iterable

ALL = "*"  # the tag every entry has: forgetting it empties the cache
MAX_ENTRIES = 50_000
EXPIRY_SPREAD = 0.2
# A load in flight when its tag is forgotten must not be kept: marks live longer than any RPC.
MARK_SECONDS = 120.0


class TaggedCache:
    def __init__(self, seconds: float, clock=time.monotonic, max_entries: int = MAX_ENTRIES):
        self.seconds = seconds
        self.clock = clock
        self.max_entries = max_entries
        self._lock = threading.Lock()
        self._entries: dict[Hashable, tuple[float, Any]] = {}  # key → (kept until, value)
        self._keys_of: dict[str, set] = defaultdict(set)  # tag → keys kept with it (maybe gone since)
        self._forgotten: dict[str, float] = {}  # tag → when it was last forgotten
        self._pruned = float("-inf")  # when marks older than MARK_SECONDS were last dropped

    def get(self, key: Hashable) -> Any | None:
        with self._lock:
            kept = self._entries.get(key)
        if kept is not None and kept[0] > self.clock():
            return kept[1]
        return None

    def keep(self, key: Hashable, value: Any, tags: Iterable[str], started: float) -> None:
        """Keep `value`, loaded from `started` on, unless one of its tags was forgotten since."""
        if self.seconds <= 0:
            return
        tags = tuple(tags)
        with self._lock:
            if max(self._forgotten.get(tag, float("-inf")) for tag in (*tags, ALL)) >= started:
                return
            if len(self._entries) >= self.max_entries:
                self._drop_expired(started)
            # Kept a little less than `seconds` at random: entries made together do not expire together.
            self._entries[key] = (started + self.seconds * (1 - EXPIRY_SPREAD * random.random()), value)
            for tag in tags:
                self._keys_of[tag].add(key)

    def forget(self, tag: str) -> None:
        with self._lock:
            if tag == ALL:
                self._entries.clear()
                self._keys_of.clear()
            else:
                for key in self._keys_of.pop(tag, ()):
                    self._entries.pop(key, None)
            now = self.clock()
            if now - self._pruned > 1.0:  # not at every forget: 30 a second in the rush, thousands of marks
                self._forgotten = {name: at for name, at in self._forgotten.items() if at > now - MARK_SECONDS}
                self._pruned = now
            self._forgotten[tag] = now

    def forget_all(self) -> None:
        self.forget(ALL)

    def __len__(self) -> int:
        return len(self._entries)

    def _drop_expired(self, now: float) -> None:
        self._entries = {key: kept for key, kept in self._entries.items() if kept[0] > now}
        if len(self._entries) >= self.max_entries:
            self._entries.clear()
        self._keys_of = defaultdict(set, {tag: keys & self._entries.keys() for tag, keys in self._keys_of.items()})
