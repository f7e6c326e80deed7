"""Dashboard panels: one plugin per service, gathered in parallel, each within its own time budget.

A panel is discovered through the `portail.dashboard_panels` entry point group; adding a service
adds a panel, not an edit of the gateway. A panel declares its `service` (named in `unavailable`
when it fails or is late) and the dashboard `keys` it fills; `load(rpc, caller)` returns them.
"""
from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor, wait
from datetime import timedelta

from services.chassis import clock, plugins

log = logging.getLogger(__name__)

ENTRY_POINT_GROUP = "portail.dashboard_panels"

# The dashboard's sections (API.md). unread_messages and news have no panel yet (notifications does
# not offer them in this milestone): they stay null and name no service in `unavailable`, since
# nothing failed. Each becomes a panel's key when it exists.
KEYS = ("family", "unread_messages", "account", "unpaid_invoices", "upcoming_bookings",
        "pending_requests", "missing_documents", "news")

UPCOMING_DAYS = 30
UPCOMING_STATUSES = ("accepted", "pending", "waiting_list")


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
        family_id = caller.get("family_id")
        if not family_id:
            return dict.fromkeys(self.keys)
        return {
            "family": rpc.call("accounts", "get_family", caller, family_id),
            "pending_requests": rpc.call("accounts", "list_change_requests", caller, family_id, "pending"),
            "missing_documents": rpc.call("accounts", "missing_documents", caller, family_id),
        }


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
        # Invoices come with invoicing (a later milestone): none can be unpaid yet.
        return {"account": rpc.call("billing", "get_account", caller, caller["family_id"]),
                "unpaid_invoices": []}


def discover() -> list[Panel]:
    return list(plugins.installed(ENTRY_POINT_GROUP).values())


class Dashboard:
    def __init__(self, panels: list[Panel], timeout: float):
        self.panels = panels
        self.timeout = timeout
        # Late panels keep their worker until their RPC times out, hence a few spare workers.
        self._executor = ThreadPoolExecutor(max_workers=max(4, 4 * len(panels)),
                                            thread_name_prefix="dashboard-panel")

    def gather(self, rpc, caller: dict) -> dict:
        bounded = rpc.bounded(self.timeout)
        futures = {self._executor.submit(panel.load, bounded, caller): panel for panel in self.panels}
        wait(futures, timeout=self.timeout)
        result = dict.fromkeys(KEYS)
        unavailable = []
        for future, panel in futures.items():
            filled = self._outcome(future, panel)
            if filled is None:
                unavailable.append(panel.service)
            else:
                result.update({key: filled.get(key) for key in panel.keys})
        result["unavailable"] = sorted(unavailable)
        return result

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
