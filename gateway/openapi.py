"""The OpenAPI document of /api/v1 (served at /api/v1/openapi.json). Field-level shapes: API.md."""
from __future__ import annotations

ERROR = {"$ref": "#/components/schemas/Error"}


def _op(summary: str, *, ok: int = 200, errors=(401, 403, 422), public: bool = False, params=(),
        body: bool = False, headers=()) -> dict:
    operation = {
        "summary": summary,
        "responses": {str(ok): {"description": "OK"},
                      **{str(code): {"description": "refused", "content": {"application/json": {"schema": ERROR}}}
                         for code in errors}},
    }
    if public:
        operation["security"] = []
    parameters = [{"name": name, "in": "query", "required": required, "schema": {"type": "string"}}
                  for name, required in params]
    parameters += [{"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
                   for name in headers]
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True,
                                    "content": {"application/json": {"schema": {"type": "object"}}}}
    return operation


def document() -> dict:
    staff = dict(ok=201, errors=(401, 403, 404, 409, 422), body=True)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Portail Famille API", "version": "1"},
        "servers": [{"url": "/api/v1"}],
        "components": {
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "portail_session"},
                "csrf": {"type": "apiKey", "in": "header", "name": "X-CSRF-Token",
                         "description": "returned by POST /auth/login and GET /me; required on POST/PUT/PATCH/DELETE"},
            },
            "schemas": {"Error": {"type": "object", "required": ["error"], "properties": {"error": {
                "type": "object", "required": ["code", "message", "details"],
                "properties": {"code": {"type": "string"}, "message": {"type": "string"},
                               "details": {"type": "object"}}}}}},
        },
        "security": [{"session": [], "csrf": []}],
        "paths": {
            "/health": {"get": _op("Liveness of the gateway", public=True, errors=())},
            "/auth/login": {"post": _op("Open a session: {login, password} → {user, csrf_token}; sets the cookie",
                                        public=True, body=True, errors=(401, 422, 429))},
            "/auth/logout": {"post": _op("End the session server-side")},
            "/me": {"get": _op("The logged-in user, must_change_password and csrf_token")},
            "/me/password": {"post": _op("{current_password, new_password}", body=True)},
            "/family": {"get": _op("The caller's family", params=[("family_id", False)], errors=(401, 403, 404))},
            "/activities": {"get": _op("Activities open to a child", params=[("child_id", True)])},
            "/children/{child_id}/planning": {"get": {
                **_op("A child's days from `from` to `to` (default: this month)",
                      params=[("from", False), ("to", False)], errors=(401, 403, 404, 422)),
                "parameters": [{"name": "child_id", "in": "path", "required": True,
                                "schema": {"type": "string", "format": "uuid"}},
                               {"name": "from", "in": "query", "schema": {"type": "string", "format": "date"}},
                               {"name": "to", "in": "query", "schema": {"type": "string", "format": "date"}}]}},
            "/bookings": {
                "post": _op("Book or cancel days: {child_id, changes}", body=True, headers=["Idempotency-Key"],
                            errors=(400, 401, 403, 404, 422)),
                "get": _op("Bookings of the family", params=[("child_id", False), ("from", False), ("to", False),
                                                              ("status", False)], errors=(401, 403, 404, 422)),
            },
            "/account": {"get": _op("{due_cents, credit_cents, balance_cents, uninvoiced_cents}")},
            "/consumptions": {"get": _op("Consumptions of a month", params=[("month", False)])},
            "/dashboard": {"get": _op("Every service's section; `unavailable` names those that did not answer")},
            "/staff/families": {"post": _op("Create a family (accounts create_family payload)", **staff)},
            "/staff/structures": {"post": _op("Create a structure {name, kind}", **staff)},
            "/staff/activities": {"post": _op("Create an activity", **staff)},
            "/staff/activities/{activity_id}/days": {"post": {
                **_op("Open days with their capacity {days: [{date, unit, capacity}]}", **staff),
                "parameters": [{"name": "activity_id", "in": "path", "required": True,
                                "schema": {"type": "string", "format": "uuid"}}]}},
            "/staff/regies": {"post": _op("Create a régie {name}", **staff)},
            "/staff/tariffs": {"post": _op("Set a tariff {regie_id, activity_id, unit, rule, amount_cents}",
                                           **staff)},
        },
    }
