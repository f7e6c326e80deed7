"""The dashboard's panels are kept per family until something changes them, in every gateway process."""
import pytest

from gateway import invalidation
from gateway.cache import TaggedCache
from gateway.tests.conftest import same_session, wait_until


class FakeClock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_entries_expire_and_are_forgotten_by_tag():
    clock = FakeClock()
    cache = TaggedCache(30, clock)
    cache.keep("dupont-panel", 1, ("family:dupont",), clock())
    cache.keep("martin-panel", 2, ("family:martin",), clock())
    cache.forget("family:dupont")
    assert cache.get("dupont-panel") is None and cache.get("martin-panel") == 2
    clock.now += 31
    assert cache.get("martin-panel") is None


def test_forgetting_everything_and_a_load_raced_by_a_change():
    clock = FakeClock()
    cache = TaggedCache(30, clock)
    cache.keep("a", 1, ("family:a",), clock())
    started = clock()
    clock.now += 0.1
    cache.forget("*")
    assert cache.get("a") is None
    cache.keep("b", 2, ("family:b",), started)  # read before the change: may be stale
    assert cache.get("b") is None
    clock.now += 0.1
    cache.keep("b", 3, ("family:b",), clock())
    assert cache.get("b") == 3
    assert TaggedCache(0).get("b") is None


@pytest.fixture
def listening(app):
    """The app's invalidation listener connected (it starts on the first dashboard)."""
    bus = app.extensions["portail.invalidation"]
    bus.start()
    assert invalidation.wait_listening(bus)
    return bus


def test_a_reloaded_dashboard_asks_no_service(app, listening, new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    dashboard = app.extensions["portail.dashboard"]
    first = parent.get("/api/v1/dashboard").json
    loads = dashboard.loads
    assert parent.get("/api/v1/dashboard").json == first
    assert dashboard.loads == loads


def test_without_its_listener_a_gateway_does_not_use_the_cache(app, listening, new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    dashboard = app.extensions["portail.dashboard"]
    parent.get("/api/v1/dashboard")
    listening.stop()
    assert wait_until(lambda: not listening.listening, timeout=5)
    loads = dashboard.loads
    parent.get("/api/v1/dashboard")
    assert dashboard.loads == loads + len(dashboard.panels)


def test_a_write_through_another_gateway_process_shows_at_once(app, listening, second_gateway, new_family,
                                                               parent_of):
    family = new_family("Dupont")
    parent = parent_of(family)
    assert parent.get("/api/v1/dashboard").json["pending_requests"] == []
    assert parent.get("/api/v1/dashboard").json["pending_requests"] == []  # now from the cache

    elsewhere = same_session(parent, second_gateway)
    created = elsewhere.post("/api/v1/family/change-requests", json={
        "target": "guardian", "target_id": family["guardians"][0]["id"], "changes": {"last_name": "Durand"}})
    assert created.status_code == 201, created.json

    shown = wait_until(lambda: parent.get("/api/v1/dashboard").json["pending_requests"], timeout=2)
    assert [r["id"] for r in shown] == [created.json["id"]]


def test_reading_a_message_updates_the_unread_count(app, listening, staff, new_family, parent_of, activity):
    family = new_family("Dupont")
    parent = parent_of(family)
    message = {"family_id": family["id"], "structure_id": activity["structure"]["id"], "subject": "Dossier",
               "body": "Il manque un document."}
    sent = []
    assert wait_until(lambda: sent.append(staff.post("/api/v1/staff/messages", json=message))
                      or sent[-1].status_code == 201)  # once notifications knows the family
    written = sent[-1]
    assert parent.get("/api/v1/dashboard").json["unread_messages"] == 1
    assert parent.get("/api/v1/dashboard").json["unread_messages"] == 1  # now from the cache
    assert parent.get(f"/api/v1/messages/{written.json['id']}").status_code == 200
    assert parent.get("/api/v1/dashboard").json["unread_messages"] == 0




def test_the_listener_sends_its_heartbeats_while_announcements_keep_coming():
    """A consumer that acks nothing talks to the broker only through its heartbeats: they must go out
    even when messages never let it wait (the opening-day rush), or the broker closes the connection
    after two heartbeats and every cache of the process is emptied (seen every 20-30 s of the rush)."""
    listener = invalidation.Invalidation("memory://", lambda tag: None)

    class Busy:
        """A connection with a message ready at every drain."""
        drains, checks = 0, 0

        def drain_events(self, timeout):
            self.drains += 1
            if self.drains == 100:
                listener.stop()

        def heartbeat_check(self):
            self.checks += 1

    busy = Busy()
    listener._drain(busy)
    assert busy.drains == 100 and busy.checks == 100
