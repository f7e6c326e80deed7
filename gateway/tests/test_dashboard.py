"""The dashboard gathers every service's panel; a service down leaves its sections null, still 200."""
import time
import uuid

from gateway import panels
from gateway.rpc import ServiceUnavailable
from gateway.tests.conftest import wait_until

KEYS = {"family", "unread_messages", "account", "unpaid_invoices", "upcoming_bookings",
        "pending_requests", "missing_documents", "news", "unavailable"}


def test_panels_are_discovered_from_entry_points(app):
    dashboard = app.extensions["portail.dashboard"]
    assert sorted((type(p).__name__, p.service) for p in dashboard.panels) == [
        ("AccountPanel", "billing"), ("BookingsPanel", "reservations"), ("FamilyPanel", "accounts"),
        ("NotificationsPanel", "notifications")]


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
    assert board["unread_messages"] == 0 and board["news"] == []


def test_the_dashboard_counts_unread_messages_and_shows_the_family_news(staff, new_family, parent_of, activity,
                                                                        enrol):
    family = new_family("Dupont")
    parent = parent_of(family)
    enrol(family["children"][0], activity)
    other = staff.post("/api/v1/staff/activities", json={
        "structure_id": activity["structure"]["id"], "name": "Crèche", "booking_mode": "automatic",
        "units": [{"code": "matin", "label": "Matin"}]}).json
    for title, activity_id in (("Fête de l'école", None), ("Réunion de la crèche", other["id"]),
                               ("Sortie au zoo", activity["id"])):
        created = staff.post("/api/v1/staff/news", json={"title": title, "body": "Jeudi.", "activity_id": activity_id})
        assert created.status_code == 201, created.json
    written = wait_until(lambda: staff.post("/api/v1/staff/messages", json={  # once notifications knows the family
        "family_id": family["id"], "structure_id": activity["structure"]["id"], "subject": "Dossier",
        "body": "Il manque un document."}).status_code == 201)
    assert written

    board = parent.get("/api/v1/dashboard").json
    assert board["unavailable"] == []
    assert board["unread_messages"] == 1
    assert [n["title"] for n in board["news"]] == ["Sortie au zoo", "Fête de l'école"]
    page = parent.get("/").get_data(as_text=True)
    assert "1 message non lu" in page and "Sortie au zoo" in page and "Réunion de la crèche" not in page


def test_notifications_down_leaves_messages_and_news_null(new_family, parent_of, stack):
    parent = parent_of(new_family("Dupont"))
    stack["notifications"].stop()
    started = time.monotonic()
    board = parent.get("/api/v1/dashboard").json
    assert time.monotonic() - started < 3
    assert board["unavailable"] == ["notifications"]  # named once for its two panels
    assert board["unread_messages"] is None and board["news"] is None
    assert board["family"]["display_name"] == "Famille Dupont" and board["account"] is not None


def test_reservations_down_still_shows_the_public_news(staff, new_family, parent_of, stack):
    assert staff.post("/api/v1/staff/news", json={"title": "Fête de l'école", "body": "Samedi."}).status_code == 201
    parent = parent_of(new_family("Dupont"))
    stack["reservations"].stop()
    board = parent.get("/api/v1/dashboard").json
    assert board["unavailable"] == ["reservations"]
    assert [n["title"] for n in board["news"]] == ["Fête de l'école"]


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


class CountingPanel(panels.Panel):
    """Fails while `down`; counts the loads it was asked for."""
    service = "flaky"
    keys = ("news",)

    def __init__(self):
        self.calls, self.down = 0, True

    def load(self, rpc, caller):
        self.calls += 1
        if self.down:
            raise ServiceUnavailable("flaky", "timeout")
        return {"news": ["de retour"]}


def test_a_failed_service_is_left_alone_for_a_while_then_tried_again(app):
    panel = CountingPanel()
    dashboard = panels.Dashboard([panel], timeout=0.3, rest=0.5)
    rpc, caller = app.extensions["portail.rpc"], {"user_id": "u", "role": "parent", "family_id": "f"}
    assert dashboard.gather(rpc, caller)["unavailable"] == ["flaky"] and panel.calls == 1
    for _ in range(5):  # resting: answered at once, the service is not asked
        assert dashboard.gather(rpc, caller)["unavailable"] == ["flaky"]
    assert panel.calls == 1
    time.sleep(0.55)
    panel.down = False
    assert dashboard.gather(rpc, caller)["news"] == ["de retour"] and panel.calls == 2  # one load probes
    assert dashboard.gather(rpc, caller)["unavailable"] == [] and panel.calls == 3  # back for good
    dashboard.close()
