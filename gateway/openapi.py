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


def _path_param(operation: dict, *names: str) -> dict:
    """The operation with its path parameters (UUIDs) in front of its other parameters."""
    path = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
            for name in names]
    return {**operation, "parameters": path + operation.get("parameters", [])}


def _multipart(operation: dict, fields: dict, required=("file",)) -> dict:
    properties = {name: {"type": "string", **({"format": "binary"} if kind == "file" else {})}
                  for name, kind in fields.items()}
    return {**operation, "requestBody": {"required": True, "content": {"multipart/form-data": {
        "schema": {"type": "object", "required": list(required), "properties": properties}}}}}


def _download(operation: dict, *media_types: str) -> dict:
    operation["responses"]["200"] = {"description": "the file, as a download",
                                     "content": {media: {} for media in media_types}}
    return operation


def document() -> dict:
    staff = dict(ok=201, errors=(401, 403, 404, 409, 422), body=True)
    staff_read = dict(errors=(401, 403, 404, 422))
    decision = dict(errors=(401, 403, 404, 409, 422), body=True)
    token = dict(public=True, body=True, errors=(400, 422))
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
            "/auth/login": {"post": _op("Open a session: {login, password} → {user, csrf_token}; sets the cookie; "
                                        "429 too_many_attempts with a Retry-After header",
                                        public=True, body=True, errors=(401, 422, 429))},
            "/auth/logout": {"post": _op("End the session server-side")},
            "/auth/password/forgot": {"post": _op("{email} → 202, the same answer whatever the address; "
                                                  "a known address receives a one-hour reset link",
                                                  ok=202, public=True, body=True, errors=(422,))},
            "/auth/password/reset": {"post": _op("{token, password}: 400 invalid_token, 422 weak_password", **token)},
            "/auth/activate": {"post": _op("{token, password}: first password of an account → {login}", **token)},
            "/auth/email/confirm": {"post": _op("{token}: confirms a change of email", public=True, body=True,
                                                errors=(400, 422))},
            "/me": {"get": _op("The logged-in user, must_change_password and csrf_token")},
            "/me/password": {"post": _op("{current_password, new_password}", body=True)},
            "/me/email": {"post": _op("{password, new_email, new_email_confirm} → 202; a link is sent to the "
                                      "new address", ok=202, body=True, errors=(401, 403, 409, 422))},
            "/me/logins": {"get": _op("Login history [{at, ip, user_agent, success}], newest first")},
            "/family": {
                "get": _op("The caller's whole family file", params=[("family_id", False)], errors=(401, 403, 404)),
                "patch": _op("Immediate changes ({field: value}, guardians/children by id); other fields → "
                             "422 requires_change_request listing them", body=True, errors=(401, 403, 404, 422)),
            },
            "/family/change-requests": {
                "post": _op("{target: family|guardian|child|new_child, target_id, changes} → the request",
                            ok=201, body=True, errors=(401, 403, 404, 422)),
                "get": _op("The family's change requests", params=[("status", False)]),
            },
            "/family/export": {"get": _download(_op("The whole family file as JSON (GDPR access), a download"),
                                                "application/json")},
            "/documents": {
                "get": _op("Required documents and their status"),
                "post": _multipart(_op("Upload a document (PDF, JPEG or PNG, 10 MB at most)", ok=201,
                                       errors=(401, 403, 404, 413, 415, 422)),
                                   {"type": "string", "child_id": "string", "file": "file"},
                                   required=("type", "file")),
            },
            "/documents/{document_id}/file": {"get": _path_param(_download(
                _op("The file sent (`inline=1` to show it rather than download it)", params=[("inline", False)],
                    errors=(401, 403, 404)), "application/pdf", "image/jpeg", "image/png"), "document_id")},
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
            "/staff/families": {"post": _op("Create a family (accounts create_family payload)", **staff),
                                "get": _op("Search families by number, names or email", params=[("q", False)],
                                           **staff_read)},
            "/staff/families/{family_id}": {
                "get": _path_param(_op("A family's whole file", **staff_read), "family_id"),
                "patch": _path_param(_op("Change any field of a family file", body=True, **staff_read), "family_id"),
            },
            "/staff/families/import": {"post": {
                **_multipart(_op("Import families from a CSV (multipart `file` or a text/csv body), all or "
                                 "nothing → {imported} or 422 invalid_csv with errors by line",
                                 errors=(401, 403, 413, 415, 422)), {"file": "file"}),
                "requestBody": {"required": True, "content": {
                    "text/csv": {"schema": {"type": "string"}},
                    "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                        "file": {"type": "string", "format": "binary"}}}}}}}},
            "/staff/families/{family_id}/anonymise": {"post": _path_param(
                _op("Admin: anonymise a family (names, contacts, health, IBAN, uploads erased)",
                    errors=(401, 403, 404)), "family_id")},
            "/staff/change-requests": {"get": _op("Change requests", params=[("status", False), ("family_id", False)],
                                                  **staff_read)},
            "/staff/change-requests/{request_id}/decision": {"post": _path_param(
                _op("{decision: accept|refuse, reason}", **decision), "request_id")},
            "/staff/documents/pending": {"get": _op("Documents sent and waiting for review", **staff_read)},
            "/staff/documents/{document_id}/decision": {"post": _path_param(
                _op("{decision: validate|refuse, reason, valid_until}", **decision), "document_id")},
            "/staff/staff-users": {"post": _op("Admin: create a staff user {login, display_name, email, role, "
                                               "structure_ids}; an activation link is emailed", **staff)},
            "/staff/users/{user_id}/activation": {"post": _path_param(
                _op("Send the activation email again", ok=202, errors=(401, 403, 404, 409)), "user_id")},
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
