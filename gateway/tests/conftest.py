"""Fixtures of the gateway tests: the real services in-process, the gateway's test client in front.

Each test gets its own RabbitMQ vhost (nameko's `rabbit_config`) and fresh service databases; the
gateway's RPC pool points at that vhost. `Browser` wraps Flask's test client: it keeps the session
cookie like a browser and sends the CSRF token the way the API asks.
"""
from __future__ import annotations

import importlib
import re
import time
import uuid
from datetime import timedelta

import pytest

from gateway import create_app, invalidation
from services.chassis import clock

STAFF_LOGIN = "direction"
STAFF_PASSWORD = "Direction2025"
TEMPORARY_PASSWORD = "Bienvenue2025"
NEW_PASSWORD = "Nouveau2025mdp"

SERVICE_CLASSES = {
    "accounts": ("services.accounts.service", "AccountsService"),
    "reservations": ("services.reservations.service", "ReservationsService"),
    "billing": ("services.billing.service", "BillingService"),
    "notifications": ("services.notifications.service", "NotificationsService"),
}


def service_class(name: str):
    module, cls = SERVICE_CLASSES[name]
    return getattr(importlib.import_module(module), cls)


@pytest.fixture
def app(rabbit_config):
    app = create_app({"TESTING": True, "AMQP_URI": rabbit_config["AMQP_URI"], "RPC_TIMEOUT": 15})
    yield app
    app.extensions["portail.rpc"].close()
    app.extensions["portail.dashboard"].close()


@pytest.fixture
def stack(start_service):
    """Every service running in-process; name → container (stop one to take it down)."""
    containers = {}
    for name in SERVICE_CLASSES:
        try:
            cls = service_class(name)
        except (ImportError, AttributeError):  # a service not written yet
            continue
        containers[name] = start_service(cls)
    return containers


class Browser:
    """A client of the gateway with its own cookies; `csrf` is sent on every state-changing call."""

    def __init__(self, app):
        self.client = app.test_client()
        self.csrf = None

    def login(self, login: str, password: str):
        response = self.client.post("/api/v1/auth/login", json={"login": login, "password": password})
        if response.status_code == 200:
            self.csrf = response.json["csrf_token"]
        return response

    def get(self, path: str, **kwargs):
        return self.client.get(path, **kwargs)

    def send(self, method: str, path: str, json=None, headers=None, csrf=True):
        headers = dict(headers or {})
        if csrf and self.csrf:
            headers["X-CSRF-Token"] = self.csrf
        return self.client.open(path, method=method, json=json, headers=headers)

    def post(self, path: str, json=None, **kwargs):
        return self.send("POST", path, json, **kwargs)

    def cookie(self):
        return self.client.get_cookie("portail_session")


@pytest.fixture
def second_gateway(app, rabbit_config):
    """Another gateway process: its own caches and listener, the same services."""
    other = create_app({"TESTING": True, "AMQP_URI": rabbit_config["AMQP_URI"], "RPC_TIMEOUT": 15})
    bus = other.extensions["portail.invalidation"]
    bus.start()
    assert invalidation.wait_listening(bus)
    yield other
    other.extensions["portail.rpc"].close()
    other.extensions["portail.dashboard"].close()


def same_session(browser: Browser, app) -> Browser:
    """The same parent, their requests served by `app`."""
    twin = Browser(app)
    twin.client.set_cookie("portail_session", browser.cookie().value)
    twin.csrf = browser.csrf
    return twin


@pytest.fixture
def browser(app):
    """`browser()` → a new visitor of the gateway."""
    return lambda: Browser(app)


@pytest.fixture
def staff(stack, browser):
    from services.accounts.bootstrap import ensure_staff_user

    ensure_staff_user(STAFF_LOGIN, STAFF_PASSWORD, role="admin", display_name="Direction enfance")
    user = browser()
    assert user.login(STAFF_LOGIN, STAFF_PASSWORD).status_code == 200
    return user


def family_payload(last_name: str, children=("Léa",)) -> dict:
    return {
        "guardians": [{"civility": "Mme", "first_name": "Marie", "last_name": last_name,
                       "email": f"marie.{last_name.lower()}.{uuid.uuid4().hex[:6]}@example.org", "phone": None}],
        "children": [{"first_name": name, "last_name": last_name, "birth_date": "2018-05-04"}
                     for name in children],
        "quotient": 700,
        "temporary_password": TEMPORARY_PASSWORD,
    }


def wait_until(predicate, timeout: float = 10, interval: float = 0.1):
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture
def new_family(staff):
    """`new_family("Dupont")` → the created family (as staff got it), its children known everywhere."""
    def create(last_name: str = "Dupont", children=("Léa",)) -> dict:
        response = staff.post("/api/v1/staff/families", json=family_payload(last_name, children))
        assert response.status_code == 201, response.json
        family = response.json
        for child in family["children"]:  # reservations learns children from accounts' events
            assert wait_until(lambda: staff.get(f"/api/v1/activities?child_id={child['id']}").status_code == 200)
        return family
    return create


@pytest.fixture
def parent_of(browser):
    """`parent_of(family)` → a parent logged in, temporary password already replaced."""
    def login(family: dict) -> Browser:
        parent = browser()
        assert parent.login(family["login"], TEMPORARY_PASSWORD).status_code == 200
        changed = parent.post("/api/v1/me/password",
                              json={"current_password": TEMPORARY_PASSWORD, "new_password": NEW_PASSWORD})
        assert changed.status_code == 200, changed.json
        return parent
    return login


@pytest.fixture
def enrol(staff):
    """`enrol(child, activity)`: the child enrolled by staff (step 1 before booking)."""
    def enrol(child: dict, activity: dict) -> dict:
        response = staff.post("/api/v1/enrolments", json={"child_id": child["id"], "activity_id": activity["id"]})
        assert response.status_code == 201, response.json
        return response.json
    return enrol


@pytest.fixture
def activity(staff):
    """An automatic activity open on two days a few days ahead, 2 places per unit, with a tariff."""
    today = clock.from_environment().today()
    days = [(today + timedelta(days=offset)).isoformat() for offset in (3, 4)]
    structure = staff.post("/api/v1/staff/structures", json={"name": "Centre Jean Moulin", "kind": "alsh"}).json
    created = staff.post("/api/v1/staff/activities", json={
        "structure_id": structure["id"], "name": "ALSH 3-6 ans", "booking_mode": "automatic",
        "units": [{"code": "matin", "label": "Matin"}, {"code": "apres_midi", "label": "Après-midi"}],
    })
    assert created.status_code == 201, created.json
    activity = created.json
    opened = staff.post(f"/api/v1/staff/activities/{activity['id']}/days", json={
        "days": [{"date": day, "unit": unit, "capacity": 2} for day in days for unit in ("matin", "apres_midi")]})
    assert opened.status_code == 201, opened.json
    regie = staff.post("/api/v1/staff/regies", json={"name": "Régie enfance"}).json
    tariff = staff.post("/api/v1/staff/tariffs", json={
        "regie_id": regie["id"], "activity_id": activity["id"], "unit": "matin", "rule": "flat",
        "amount_cents": 1250})
    assert tariff.status_code == 201, tariff.json
    return {**activity, "days": days}


def hidden_field(html: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden field {name}"
    return match.group(1)
