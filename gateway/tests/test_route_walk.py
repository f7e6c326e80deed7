"""Rules every route must keep, checked on the app's url_map so a new route cannot be forgotten:
CSRF on every state-changing call (API and pages), staff routes closed to parents."""
import uuid


from gateway import create_app

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


# One logged-in user walks every route of a kind in one test (starting the services once, not once
# per route); every route that breaks the rule is reported.

def test_every_state_changing_api_call_needs_the_csrf_token(staff):
    wrong = {}
    for method, rule, path in API_UNSAFE:
        response = staff.send(method, path, json={}, csrf=False)
        if response.status_code != 403 or response.json["error"]["code"] != "csrf_failed":
            wrong[f"{method} {rule}"] = response.status_code
    assert not wrong, wrong


def test_every_state_changing_form_needs_the_csrf_token(staff):
    wrong = {}
    for method, rule, path in WEB_UNSAFE:
        response = staff.client.open(path, method=method, data={"decision": "accept"})
        if response.status_code != 403:
            wrong[f"{method} {rule}"] = response.status_code
    assert not wrong, wrong


def test_staff_routes_are_closed_to_parents(new_family, parent_of):
    parent = parent_of(new_family("Dupont"))
    wrong = {}
    for method, rule, path in STAFF_API + STAFF_WEB:
        response = parent.send(method, path, json={})
        refused = response.status_code == 403 and (
            not rule.startswith("/api/") or response.json["error"]["code"] == "forbidden")
        if not refused:
            wrong[f"{method} {rule}"] = response.status_code
    assert not wrong, wrong
    assert len(STAFF_API + STAFF_WEB) > 50  # the walk did walk


def test_the_walk_sees_the_new_routes():
    rules = {rule for _m, rule, _p in API_UNSAFE + WEB_UNSAFE + STAFF_API + STAFF_WEB}
    assert {"/api/v1/documents", "/api/v1/staff/families/import", "/documents",
            "/staff/documents/<uuid:document_id>/decision", "/api/v1/staff/documents/pending"} <= rules
