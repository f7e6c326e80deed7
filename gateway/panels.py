"""Dashboard panels: plugins of the services, gathered in parallel, each within its own time budget.

A panel is discovered through the `portail.dashboard_panels` entry point group; adding a service
adds a panel, not an edit of the gateway. A panel declares its `service` (named in `unavailable`
when it fails or is late, once however many of its panels fail) and the dashboard `keys` it fills;
`load(rpc, caller)` returns them.
"""
from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import timedelta

from gateway import calls
from gateway.cache import TaggedCache
from gateway.invalidation import DASHBOARDS, Invalidation, family_tag
from gateway.rpc import ServiceUnavailable
from services.chassis import clock, plugins
from services.chassis.errors import ServiceError

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "portail.dashboard_panels"

# The dashboard's sections (API.md).
KEYS = ("family", "unread_messages", "account", "unpaid_invoices", "upcoming_bookings",
        "pending_requests", "missing_documents", "news")

UPCOMING_DAYS = 30
UPCOMING_STATUSES = ("accepted", "pending", "waiting_list")
DASHBOARD_NEWS = 3


class Panel:
    service: str = ""
    keys: tuple[str, ...] = ()

    def load(self, rpc, caller: dict) -> dict:
        raise NotImplementedError


class FamilyPanel(Panel):
    """The family, its change requests still waiting for staff, its documents still to provide."""

    service = "accounts"
    keys = ("family", "pending_requests", "missing_documents")

    def load(self, rpc, caller):
        if not caller.get("family_id"):
            return dict.fromkeys(self.keys)
        return rpc.call("accounts", "family_summary", caller, caller["family_id"])


class BookingsPanel(Panel):
    service = "reservations"
    keys = ("upcoming_bookings",)

    def load(self, rpc, caller):
        if not caller.get("family_id"):
            return {"upcoming_bookings": None}
        today = clock.from_environment().today()
        found = rpc.call("reservations", "list_bookings", caller, caller["family_id"],
                         date_from=today.isoformat(),
                         date_to=(today + timedelta(days=UPCOMING_DAYS)).isoformat())
        upcoming = [b for b in found if b["status"] in UPCOMING_STATUSES]
        return {"upcoming_bookings": sorted(upcoming, key=lambda b: (b["date"], b["child_name"]))}


class AccountPanel(Panel):
    service = "billing"
    keys = ("account", "unpaid_invoices")

    def load(self, rpc, caller):
        if not caller.get("family_id"):
            return {"account": None, "unpaid_invoices": None}
        return rpc.call("billing", "account_summary", caller, caller["family_id"])


class NotificationsPanel(Panel):
    """The family's unread messages and its latest news — for everyone and for the activities its
    children are enrolled in — in one call."""

    service = "notifications"
    keys = ("unread_messages", "news")

    def load(self, rpc, caller):
        if not caller.get("family_id"):
            return {"unread_messages": None, "news": rpc.call("notifications", "list_news", [], DASHBOARD_NEWS)}
        return rpc.call("notifications", "family_summary", caller, caller["family_id"],
                        self._activity_ids(rpc, caller), DASHBOARD_NEWS)

    @staticmethod
    def _activity_ids(rpc, caller) -> list:
        """The family's activities; none when reservations does not answer within half the panel's
        budget, so that the news and the messages still show in time."""
        try:
            enrolled = rpc.call("reservations", "list_enrolments", caller, caller["family_id"],
                                timeout=rpc.timeout / 2)
        except (ServiceUnavailable, ServiceError):
            log.warning("dashboard news without the family's activities: reservations did not answer")
            return []
        return calls.accepted_activity_ids(enrolled)


def discover() -> list[Panel]:
    return list(plugins.installed(ENTRY_POINT_GROUP).values())


class Breaker:
    """A service whose panel just failed or came late is left alone for `rest` seconds: while it is
    down, a dashboard costs nothing waiting for it (nameko keeps a stopped service's queue, so calls
    would wait their whole budget), and one load per period tries it again to see it come back."""

    def __init__(self, rest: float):
        self.rest = rest
        self._resting_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def allows(self, service: str) -> bool:
        with self._lock:
            until = self._resting_until.get(service)
            if until is None:
                return True
            now = time.monotonic()
            if now < until:
                return False
            self._resting_until[service] = now + self.rest  # this load probes; the others keep skipping
            return True

    def record(self, service: str, ok: bool) -> None:
        with self._lock:
            if ok:
                self._resting_until.pop(service, None)
            else:
                self._resting_until[service] = time.monotonic() + self.rest


class Dashboard:
    """Gathers the panels; with `cache`, a panel's answer is kept per family and day until something
    changes it (`gateway.invalidation`), and only while this process's invalidation listener is connected:
    parents reload their dashboard far more often than its data changes."""

    def __init__(self, panels: list[Panel], timeout: float, rest: float = 2.0,
                 cache: TaggedCache | None = None, invalidation: Invalidation | None = None):
        self.panels = panels
        self.timeout = timeout
        self.breaker = Breaker(rest)
        self.cache = cache
        self.invalidation = invalidation
        self.loads = 0  # panels asked to their services (the others came from the cache)
        # Late panels keep their worker until their RPC times out, hence a few spare workers.
        self._executor = ThreadPoolExecutor(max_workers=max(4, 4 * len(panels)),
                                            thread_name_prefix="dashboard-panel")

    def gather(self, rpc, caller: dict) -> dict:
        family = caller.get("family_id") or ""
        day = clock.from_environment().today().isoformat()
        asked = [panel for panel in self.panels if self.breaker.allows(panel.service)]
        result = dict.fromkeys(KEYS)
        unavailable = [panel.service for panel in self.panels if panel not in asked]
        key = {panel: (type(panel).__name__, family, day) for panel in asked}
        to_load = []
        for panel in asked:
            kept = self._cached(key[panel])
            if kept is None:
                to_load.append(panel)
            else:
                result.update(kept)
        started = self.cache.clock() if self.cache is not None else 0.0
        bounded = rpc.bounded(self.timeout)
        futures = {self._executor.submit(panel.load, bounded, caller): panel for panel in to_load}
        self.loads += len(futures)
        wait(futures, timeout=self.timeout)
        for future, panel in futures.items():
            filled = self._outcome(future, panel)
            self.breaker.record(panel.service, filled is not None)
            if filled is None:
                unavailable.append(panel.service)
            else:
                filled = {key: filled.get(key) for key in panel.keys}
                result.update(filled)
                if self.cache is not None:
                    self.cache.keep(key[panel], filled, (family_tag(family), DASHBOARDS), started)
        result["unavailable"] = sorted(set(unavailable))  # a service may fill several panels
        return result

    def _cached(self, key: tuple) -> dict | None:
        if self.cache is None or self.invalidation is None or not self.invalidation.listening:
            return None
        return self.cache.get(key)

    @staticmethod
    def _outcome(future, panel: Panel) -> dict | None:
        if not future.done():
            future.cancel()
            log.warning("dashboard panel of %s late", panel.service)
            return None
        exc = future.exception()
        if exc is not None:
            log.warning("dashboard panel of %s failed: %r", panel.service, exc)
            return None
        return future.result()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
        if self.invalidation is not None:
            self.invalidation.stop()
