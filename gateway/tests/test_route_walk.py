"""Rules every route must keep, checked on the app's url_map so a new route cannot be forgotten:
CSRF on every state-changing call (API and pages), staff routes closed to parents."""
import uuid

import pytest

from gateway import create_app
from gateway.tests.test_errors import assert_error

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def _routes(prefix: str):
    app = create_app({"TESTING": True})
    for rule in app.url_map.iter_rules():
        view = app.view_functions[rule.endpoint]
        if not rule.rule.startswith(prefix) or getattr(view, "public", False):
            continue
        for method in sorted(rule.methods & (UNSAFE | {"GET"})):
            yield method, rule


def _path(rule) -> str:
    """The rule with a fresh UUID for each id (an `any(...)` part takes its first choice)."""
    values = {}
    for arg in rule.arguments:
        converter = rule._converters[arg]
        values[arg] = sorted(converter.items)[0] if hasattr(converter, "items") else uuid.uuid4()
    return rule.build(values, append_unknown=False)[1]


API_UNSAFE = [(method, rule.rule, _path(rule)) for method, rule in _routes("/api/v1/") if method in UNSAFE]
WEB_UNSAFE = [(method, rule.rule, _path(rule)) for method, rule in _routes("/")
              if method in UNSAFE and not rule.rule.startswith("/api/")]
STAFF_API = [(method, rule.rule, _path(rule)) for method, rule in _routes("/api/v1/staff/")]
STAFF_WEB = [(method, rule.rule, _path(rule)) for method, rule in _routes("/staff/")]


@pytest.mark.parametrize("method,rule,path", API_UNSAFE, ids=[f"{m} {r}" for m, r, _p in API_UNSAFE])
def test_every_state_changing_api_call_needs_the_csrf_token(staff, method, rule, path):
    assert_error(staff.send(method, path, json={}, csrf=False), 403, "csrf_failed")


@pytest.mark.parametrize("method,rule,path", WEB_UNSAFE, ids=[f"{m} {r}" for m, r, _p in WEB_UNSAFE])
def test_every_state_changing_form_needs_the_csrf_token(staff, method, rule, path):
    response = staff.client.open(path, method=method, data={"decision": "accept"})
    assert response.status_code == 403, (rule, response.status_code)


@pytest.mark.parametrize("method,rule,path", STAFF_API + STAFF_WEB,
                         ids=[f"{m} {r}" for m, r, _p in STAFF_API + STAFF_WEB])
def test_staff_routes_are_closed_to_parents(new_family, parent_of, method, rule, path):
    parent = parent_of(new_family("Dupont"))
    response = parent.send(method, path, json={})
    assert response.status_code == 403, (rule, response.status_code)
    if rule.startswith("/api/"):
        assert response.json["error"]["code"] == "forbidden"


def test_the_walk_sees_the_new_routes():
    rules = {rule for _m, rule, _p in API_UNSAFE + WEB_UNSAFE + STAFF_API + STAFF_WEB}
    assert {"/api/v1/documents", "/api/v1/staff/families/import", "/documents",
            "/staff/documents/<uuid:document_id>/decision", "/api/v1/staff/documents/pending"} <= rules
