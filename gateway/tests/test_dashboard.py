"""The dashboard gathers every service's panel; a service down leaves its sections null, still 200."""
import time
import uuid

from gateway import panels
from gateway.tests.conftest import wait_until

KEYS = {"family", "unread_messages", "account", "unpaid_invoices", "upcoming_bookings",
        "pending_requests", "missing_documents", "news", "unavailable"}


def test_panels_are_discovered_from_entry_points(app):
    dashboard = app.extensions["portail.dashboard"]
    assert sorted((type(p).__name__, p.service) for p in dashboard.panels) == [
        ("AccountPanel", "billing"), ("BookingsPanel", "reservations"), ("FamilyPanel", "accounts")]


def test_the_dashboard_gathers_every_service(new_family, parent_of, activity, enrol):
    family = new_family("Dupont")
    parent = parent_of(family)
    child = family["children"][0]
    enrol(child, activity)
    day = activity["days"][0]
    parent.post("/api/v1/bookings", headers={"Idempotency-Key": str(uuid.uuid4())}, json={
        "child_id": child["id"], "changes": [{"activity_id": activity["id"], "date": day, "unit": "matin",
                                              "action": "book"}]})

    board = wait_until(lambda: _billed(parent.get("/api/v1/dashboard").json))
    assert set(board) == KEYS
    assert board["unavailable"] == []
    assert board["family"]["id"] == family["id"]
    assert [(b["date"], b["unit"], b["status"]) for b in board["upcoming_bookings"]] == [(day, "matin", "accepted")]
    assert board["account"]["uninvoiced_cents"] == 1250
    assert board["unpaid_invoices"] == []
    assert board["pending_requests"] == []
    # a new family has provided none of its mandatory documents yet
    assert board["missing_documents"]["count"] == len(board["missing_documents"]["documents"]) > 0
    assert {d["type"] for d in board["missing_documents"]["documents"]} >= {"attestation_caf"}
    # Sections no service offers yet: null, and nobody named as unavailable for them.
    assert [board[k] for k in ("unread_messages", "news")] == [None] * 2


def _billed(board):
    return board if board["account"] and board["account"]["uninvoiced_cents"] else None


def test_a_stopped_service_leaves_its_sections_null(new_family, parent_of, stack):
    parent = parent_of(new_family("Dupont"))
    stack["billing"].stop()
    started = time.monotonic()
    response = parent.get("/api/v1/dashboard")
    elapsed = time.monotonic() - started
    assert response.status_code == 200
    board = response.json
    assert board["unavailable"] == ["billing"]
    assert board["account"] is None and board["unpaid_invoices"] is None
    assert board["family"]["display_name"] == "Famille Dupont"
    assert board["upcoming_bookings"] == []
    assert elapsed < 3, elapsed  # each panel has its own budget (0.8 s), the page does not hang
    # The pool got over it: the other services still answer at once.
    assert parent.get("/api/v1/family").status_code == 200


class SlowPanel(panels.Panel):
    service = "slow"
    keys = ("news",)

    def load(self, rpc, caller):
        time.sleep(2)
        return {"news": ["trop tard"]}


class BrokenPanel(panels.Panel):
    service = "broken"
    keys = ("pending_requests",)

    def load(self, rpc, caller):
        raise RuntimeError("boom")


def test_late_and_failing_panels_are_named_unavailable(app):
    dashboard = panels.Dashboard([SlowPanel(), BrokenPanel()], timeout=0.3)
    started = time.monotonic()
    board = dashboard.gather(app.extensions["portail.rpc"], {"user_id": "u", "role": "parent", "family_id": "f"})
    assert time.monotonic() - started < 1.5
    assert board["unavailable"] == ["broken", "slow"]
    assert board["news"] is None and board["pending_requests"] is None
    dashboard.close()
