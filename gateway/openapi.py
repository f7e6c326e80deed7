"""The OpenAPI document of /api/v1 (served at /api/v1/openapi.json). Field-level shapes: API.md.

Request bodies, multipart form fields and query strings are the marshmallow schemas the views load
(apispec turns them into `components.schemas` and parameters); the staff payloads that the services
validate stay plain objects. The answers a parent's client reads are the schemas of gateway.responses.
"""
from __future__ import annotations

from functools import cache

from apispec import APISpec
from apispec.ext.marshmallow import MarshmallowPlugin

from gateway import responses as r, schemas as s, uploads
from gateway.api.billing import StatementQuery
from gateway.api.invoices import InvoicesQuery
from gateway.api.messages import BoxQuery, StructureBoxQuery
from gateway.api.payments import WalletsQuery
from gateway.api.publications import FormUploadSchema, NewsQuery
from gateway.api.staff_invoicing import RunsQuery
from gateway.api.staff_tariffs import TariffQuery

ERROR = {"$ref": "#/components/schemas/Error"}
SERVICE_PAYLOAD = {"type": "object", "description": "the payload of the service that owns it, validated there "
                                                    "(docs/contracts.md); not a gateway schema"}
ERROR_SCHEMA = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message", "details"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {"type": "object"}}}}}
LOGIN_ANSWER = {"type": "object", "required": ["user", "csrf_token"],
                "properties": {"user": {"type": "object"}, "csrf_token": {"type": "string"}}}
STATUS_ANSWER = {"type": "object", "required": ["status"], "properties": {"status": {"type": "string"}}}


def _op(summary: str, *, ok: int = 200, errors=(401, 403, 422), public: bool = False, query=None, params=(),
        body=None, headers=(), answer=None) -> dict:
    """An operation; `query` and `body` are the marshmallow schemas the view loads (`body=True`: a
    service's payload), `params` the query parameters read without a schema, `answer` the schema of the
    answer (a gateway.responses schema, `many=True` for a list)."""
    operation = {
        "summary": summary,
        "responses": {str(ok): {"description": "OK", **({"content": {"application/json": {"schema": answer}}}
                                                         if answer else {})},
                      **{str(code): {"description": "refused", "content": {"application/json": {"schema": ERROR}}}
                         for code in errors}},
    }
    if public:
        operation["security"] = []
    parameters = [{"in": "query", "schema": query}] if query else []
    parameters += [{"name": name, "in": "query", "required": required, "schema": {"type": "string"}}
                   for name, required in params]
    parameters += [{"name": name, "in": "header", "required": True, "schema": {"type": "string"}}
                   for name in headers]
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": SERVICE_PAYLOAD if body is True else body}}}
    return operation


def _path_param(operation: dict, *names: str) -> dict:
    """The operation with its path parameters (UUIDs) in front of its other parameters."""
    path = [{"name": name, "in": "path", "required": True, "schema": {"type": "string", "format": "uuid"}}
            for name in names]
    return {**operation, "parameters": path + operation.get("parameters", [])}


def _ref(schema) -> dict:
    return {"$ref": f"#/components/schemas/{_schema_name(schema)}"}


def _file_part(kinds: str) -> dict:
    """The schema of a multipart body's file part, `file`, whatever the form's other fields."""
    limit = uploads.MAX_FILE_BYTES
    return {"type": "object", "required": [uploads.FILE_FIELD], "properties": {uploads.FILE_FIELD: {
        "type": "string", "format": "binary", "x-max-bytes": limit,
        "description": f"{kinds}; {limit // (1024 * 1024)} MB ({limit} bytes) at most, else 413 file_too_large"}}}


def _multipart(operation: dict, kinds: str, fields=None) -> dict:
    """A multipart/form-data body: the file part, and the form fields as the marshmallow schema the view
    loads them with (`fields`, listed in QUERIES)."""
    schema = _file_part(kinds)
    if fields:  # file's properties stay at the top: clients (and schemathesis) see the part as a file
        schema["allOf"] = [_ref(fields)]
    return {**operation, "requestBody": {"required": True, "content": {"multipart/form-data": {"schema": schema}}}}


def _csv_import(operation: dict) -> dict:
    """The import takes the CSV as a text/csv body too."""
    operation["requestBody"]["content"]["text/csv"] = {"schema": {"type": "string"}}
    return operation


def _download(operation: dict, *media_types: str) -> dict:
    operation["responses"]["200"] = {"description": "the file, as a download",
                                     "content": {media: {} for media in media_types}}
    return operation


def _schema_name(schema) -> str:
    cls = schema if isinstance(schema, type) else type(schema)
    return cls.__name__


@cache
def document() -> dict:
    spec = APISpec(title="Portail Famille API", version="1", openapi_version="3.1.0",
                   plugins=[MarshmallowPlugin(schema_name_resolver=_schema_name)],
                   servers=[{"url": "/api/v1"}], security=[{"session": [], "csrf": []}])
    spec.components.security_scheme("session", {"type": "apiKey", "in": "cookie", "name": "portail_session"})
    spec.components.security_scheme("csrf", {
        "type": "apiKey", "in": "header", "name": "X-CSRF-Token",
        "description": "returned by POST /auth/login and GET /me; required on POST/PUT/PATCH/DELETE"})
    spec.components.schema("Error", ERROR_SCHEMA)
    spec.components.schema("LoginAnswer", LOGIN_ANSWER)
    for query in QUERIES:  # parameters or form fields: listed as components too, by the name the views use
        spec.components.schema(query.__name__, schema=query)
    for path, operations in paths().items():
        spec.path(path=path, operations=operations)
    return spec.to_dict()


QUERIES = (s.FamilyQuery, s.MonthQuery, StatementQuery, s.ActivitiesQuery, s.PlanningQuery, s.BookingsQuery,
           s.HistoryQuery, InvoicesQuery, WalletsQuery, BoxQuery, StructureBoxQuery, NewsQuery, s.SearchQuery,
           s.ChangeRequestsQuery, s.StructureQuery, s.PeriodQuery, s.DayQuery, s.PendingBookingsQuery,
           s.StaffFamilyQuery, RunsQuery, TariffQuery, s.DocumentUploadSchema, FormUploadSchema)


def paths() -> dict:
    staff = dict(ok=201, errors=(401, 403, 404, 409, 422), body=True)
    staff_read = dict(errors=(401, 403, 404, 422))
    decision = dict(errors=(401, 403, 404, 409, 422))
    token = dict(public=True, body=s.TokenPasswordSchema, errors=(400, 422))
    family = dict(query=s.FamilyQuery)
    return {
            "/health": {"get": _op("Liveness of the gateway", public=True, errors=(), answer=STATUS_ANSWER)},
            "/auth/login": {"post": _op("Open a session: {login, password} → {user, csrf_token}; sets the cookie; "
                                        "429 too_many_attempts with a Retry-After header",
                                        public=True, body=s.LoginSchema,
                                        answer={"$ref": "#/components/schemas/LoginAnswer"},
                                        errors=(401, 422, 429))},
            "/auth/logout": {"post": _op("End the session server-side", answer=STATUS_ANSWER)},
            "/auth/password/forgot": {"post": _op("{email} → 202, the same answer whatever the address; "
                                                  "a known address receives a one-hour reset link",
                                                  ok=202, public=True, body=s.ForgotPasswordSchema, errors=(422,))},
            "/auth/password/reset": {"post": _op("{token, password}: 400 invalid_token, 422 weak_password", **token)},
            "/auth/activate": {"post": _op("{token, password}: first password of an account → {login}", **token)},
            "/auth/email/confirm": {"post": _op("{token}: confirms a change of email", public=True, body=s.TokenSchema,
                                                errors=(400, 422))},
            "/me": {"get": _op("The logged-in user, must_change_password and csrf_token", answer=r.MeAnswer)},
            "/me/password": {"post": _op("{current_password, new_password}", body=s.PasswordChangeSchema)},
            "/me/email": {"post": _op("{password, new_email, new_email_confirm} → 202; a link is sent to the "
                                      "new address", ok=202, body=s.EmailChangeSchema, errors=(401, 403, 409, 422))},
            "/me/logins": {"get": _op("Login history [{at, ip, user_agent, success}], newest first")},
            "/family": {
                "get": _op("The caller's whole family file", **family, errors=(401, 403, 404),
                           answer=r.FamilyAnswer),
                "patch": _op("Immediate changes ({field: value}, guardians/children by id); other fields → "
                             "422 requires_change_request listing them", body=True, errors=(401, 403, 404, 422)),
            },
            "/family/change-requests": {
                "post": _op("{target: family|guardian|child|new_child, target_id, changes} → the request",
                            ok=201, body=s.ChangeRequestSchema, errors=(401, 403, 404, 422)),
                "get": _op("The family's change requests", query=s.ChangeRequestsQuery,
                           answer=r.ChangeRequestAnswer(many=True)),
            },
            "/family/export": {"get": _download(_op("The whole family file as JSON (GDPR access), a download",
                                                    **family),
                                                "application/json")},
            "/documents": {
                "get": _op("Required documents and their status", **family,
                           answer=r.DocumentAnswer(many=True)),
                "post": _multipart(_op("Upload a document (PDF, JPEG or PNG, 10 MB at most) → the document, "
                                       "submitted; 415 unsupported_file_type for another type",
                                       ok=201, **family, errors=(401, 403, 404, 413, 415, 422),
                                       answer=r.DocumentAnswer),
                                   "the document: PDF, JPEG or PNG", s.DocumentUploadSchema),
            },
            "/documents/{document_id}/file": {"get": _path_param(_download(
                _op("The file sent (`inline=1` to show it rather than download it)", params=[("inline", False)],
                    errors=(401, 403, 404)), "application/pdf", "image/jpeg", "image/png"), "document_id")},
            **reservations_paths(),
            **billing_paths(),
            **payments_paths(),
            **invoices_paths(),
            **publications_paths(),
            **messages_paths(),
            "/notification-settings": {
                "get": _op("{family_id, locale: fr|en, daily_report, extra_invoice_emails, consent_email, consent_sms}",
                           **family, errors=(401, 403, 404)),
                "put": _op("Any of those fields but family_id (the others stay); extra_invoice_emails: 3 at most, "
                           "no duplicates; consents are the guardians' in the family file",
                           **family, body=True, errors=(401, 403, 404, 422)),
            },
            "/dashboard": {"get": _op("Every service's section; `unavailable` names those that did not answer",
                                      answer=r.DashboardAnswer)},
            "/staff/families": {"post": _op("Create a family (accounts create_family payload)", **staff),
                                "get": _op("Search families by number, names or email", query=s.SearchQuery,
                                           **staff_read)},
            "/staff/families/{family_id}": {
                "get": _path_param(_op("A family's whole file", **staff_read, answer=r.FamilyAnswer), "family_id"),
                "patch": _path_param(_op("Change any field of a family file", body=True, **staff_read), "family_id"),
            },
            "/staff/families/import": {"post": _csv_import(_multipart(
                _op("Import families from a CSV (multipart `file` or a text/csv body), all or nothing → "
                    "{imported} or 422 invalid_csv with errors by line", errors=(401, 403, 413, 415, 422)),
                "the CSV, in UTF-8"))},
            "/staff/families/{family_id}/anonymise": {"post": _path_param(
                _op("Admin: anonymise a family (names, contacts, health, IBAN, uploads erased)",
                    errors=(401, 403, 404)), "family_id")},
            "/staff/change-requests": {"get": _op("Change requests", query=s.ChangeRequestsQuery,
                                                  **staff_read)},
            "/staff/change-requests/{request_id}/decision": {"post": _path_param(
                _op("{decision: accept|refuse, reason}", body=s.ChangeDecisionSchema, **decision), "request_id")},
            "/staff/documents/pending": {"get": _op("Documents sent and waiting for review", **staff_read)},
            "/staff/documents/{document_id}/decision": {"post": _path_param(
                _op("{decision: validate|refuse, reason, valid_until}", body=s.DocumentDecisionSchema, **decision),
                "document_id")},
            "/staff/staff-users": {"post": _op("Admin: create a staff user {login, display_name, email, role, "
                                               "structure_ids}; an activation link is emailed", **staff)},
            "/staff/users/{user_id}/activation": {"post": _path_param(
                _op("Send the activation email again", ok=202, errors=(401, 403, 404, 409)), "user_id")},
            **staff_reservations_paths(),
            **staff_payments_paths(),
            **staff_webhooks_paths(),
            **staff_invoicing_paths(),
            **staff_tariffs_paths(),
    }


def _in_path(operation: dict, name: str, schema: dict) -> dict:
    """The operation with a path parameter that is not a UUID (a date, a token)."""
    return {**operation, "parameters": [{"name": name, "in": "path", "required": True, "schema": schema}]
            + operation.get("parameters", [])}


def reservations_paths() -> dict:
    """Parents (staff with `family_id`): the offer, enrolments, planning, bookings, contracts, feeds."""
    read = dict(errors=(401, 403, 404, 422))
    family = dict(query=s.FamilyQuery)
    return {
        "/activities": {"get": _op("Activities open to a child, with the child's enrolment_status and "
                                   "enrolment_id", query=s.ActivitiesQuery, **read)},
        "/activities/{activity_id}": {"get": _path_param(_op(
            "An activity: structure, units (with outings and their date), age range, required documents, "
            "unit combinations, deadlines, booking windows", errors=(401, 404)), "activity_id")},
        "/enrolments": {
            "post": _op("Enrol a child {child_id, activity_id} → {id, child_id, activity_id, status: "
                        "pending|accepted, reason}; 409 already_enrolled, 422 age_out_of_range, 422 "
                        "missing_documents {types}", ok=201, body=s.EnrolmentRequestSchema,
                        errors=(401, 403, 404, 409, 422)),
            "get": _op("The family's enrolments [{id, child_id, child_name, activity_id, activity_name, "
                       "structure_id, status, reason, requested_at, decided_at}]", **family, **read),
        },
        "/enrolments/{enrolment_id}": {"delete": _path_param(_op(
            "Cancel an enrolment → the enrolment; 409 has_bookings while bookings from today on remain",
            errors=(401, 403, 404, 409)), "enrolment_id")},
        "/children/{child_id}/planning": {"get": _path_param(_op(
            "A child's days from `from` to `to` (default: this month, 366 days at most): {days: [{date, "
            "activity_id, activity_name, unit, unit_label, state, booking_id, waiting_position, locked, "
            "deadline, price_cents}]}; price_cents from the family's tariffs, null when billing is down",
            query=s.PlanningQuery, **read, answer=r.PlanningAnswer), "child_id")},
        "/bookings": {
            "post": _op("Book or cancel days: {child_id, changes} → {results}, one per change; the same "
                        "Idempotency-Key answers the same results again", body=s.BookingRequestSchema,
                        headers=["Idempotency-Key"],
                        errors=(400, 401, 403, 404, 422), answer=r.BookingsAnswer),
            "get": _op("Bookings of the family (with waiting_position, by, updated_at)", query=s.BookingsQuery,
                       **read, answer=r.BookingAnswer(many=True)),
        },
        "/bookings/history": {"get": _op(
            "Every change of the family's bookings, newest first: [{booking_id, child_id, child_name, "
            "activity_id, activity_name, date, unit, status, waiting_position, by: family|staff|system, at, "
            "reason}]", query=s.HistoryQuery, **read)},
        "/contracts": {"get": _op("The family's crèche contracts (schedule, weekly_minutes, extra_hours, "
                                  "absences)", **family, **read)},
        "/contracts/{contract_id}/absences": {"post": _path_param(_op(
            "Declare an absence {date_from, date_to, reason}", ok=201, body=s.AbsenceSchema,
            errors=(401, 403, 404, 422)),
            "contract_id")},
        "/children/{child_id}/calendar-feed": {
            "post": _path_param(_op("A new secret calendar address of the child → 201 {url} (shown once; "
                                    "earlier addresses stay valid until revoked)", ok=201,
                                    errors=(401, 403, 404)), "child_id"),
            "delete": _path_param(_op("Revoke every calendar address of the child → {revoked}",
                                      errors=(401, 403, 404)), "child_id"),
        },
        "/calendar/{token}.ics": {"get": _in_path(_download(
            _op("The child's accepted bookings as iCalendar (RFC 5545); the token of the address is the only "
                "credential; 404 once revoked", public=True, errors=(404,)), "text/calendar"),
            "token", {"type": "string"})},
    }


def staff_reservations_paths() -> dict:
    """Staff of a structure (admins: every structure); 403 outside the caller's structures."""
    create = dict(ok=201, errors=(401, 403, 404, 409, 422), body=True)
    read = dict(errors=(401, 403, 404, 422))
    change = dict(errors=(401, 403, 404, 409, 422), body=True)
    structure = dict(query=s.StructureQuery)
    day = dict(query=s.DayQuery)
    return {
        "/staff/structures": {
            "get": _op("The structures the caller manages [{id, name, kind}]", **read),
            "post": _op("Admin: create a structure {name, kind}", **create),
        },
        "/staff/activities": {
            "get": _op("The activities of the structures managed (as GET /staff/activities/{id})",
                       **structure, **read),
            "post": _op("Create an activity {structure_id, name, booking_mode, units: [{code, label, pool, "
                        "starts_at, ends_at}], min_age_months, max_age_months, enrolment_approval, "
                        "required_documents, unit_combinations, booking_deadline, cancel_deadline, "
                        "blocks_on_debt}", **create),
        },
        "/staff/activities/{activity_id}": {
            "get": _path_param(_op("An activity with its units, rules and windows", **read), "activity_id"),
            "patch": _path_param(_op("Change an activity (any field but structure_id; units may be added, "
                                     "never removed)", **change), "activity_id"),
        },
        "/staff/activities/{activity_id}/days": {
            "post": _path_param(_op("Open days with their capacity {days: [{date, unit|pool, capacity}]} → "
                                    "{opened}", **create), "activity_id"),
            "get": _path_param(_op(
                "Opening days [{date, pool, capacity, accepted, pending, waiting, closure}] from `from` to "
                "`to` (default: this month)", query=s.PeriodQuery, **read),
                "activity_id"),
        },
        "/staff/activities/{activity_id}/periods": {"post": _path_param(_op(
            "Open a period from the school calendar {date_from, date_to, pattern: school_days|wednesdays|"
            "holidays|weekdays, capacity, weekdays} → {opened, holidays}", **create), "activity_id")},
        "/staff/activities/{activity_id}/closures": {"post": _path_param(_op(
            "Close days {dates, label}; their bookings are cancelled → {closed, cancelled_bookings}", **create),
            "activity_id")},
        "/staff/activities/{activity_id}/closures/{day}": {"delete": _path_param(_in_path(_op(
            "Reopen a closed day → {reopened}", errors=(401, 403, 404, 422)),
            "day", {"type": "string", "format": "date"}), "activity_id")},
        "/staff/activities/{activity_id}/windows": {"put": _path_param(_op(
            "Replace the booking windows {windows: [{label, period_start, period_end, opens_at, closes_at}]}",
            **change), "activity_id")},
        "/staff/activities/{activity_id}/outings": {"post": _path_param(_op(
            "Add an outing {date, code, label, capacity, price_cents, starts_at, ends_at} → the unit", **create),
            "activity_id")},
        "/staff/enrolments": {"get": _op("Pending enrolments of the structures managed, oldest first",
                                         **structure, **read)},
        "/staff/enrolments/{enrolment_id}/decision": {"post": _path_param(_op(
            "{decision: accept|refuse, reason} (reason required to refuse); 409 already_decided",
            **{**change, "body": s.EnrolmentDecisionSchema}),
            "enrolment_id")},
        "/staff/bookings/pending": {"get": _op(
            "Pending bookings, oldest first, with child_name, family_id, activity_name, structure_id, date, unit, "
            "requested_at, places_left", query=s.PendingBookingsQuery, **read)},
        "/staff/bookings/{booking_id}/decision": {"post": _path_param(_op(
            "{decision: accept|waiting_list|refuse, reason}; 409 full, 409 not_first_in_line; reason required "
            "to refuse", **{**change, "body": s.BookingDecisionSchema}), "booking_id")},
        "/staff/activities/{activity_id}/waiting-lists": {"get": _path_param(_op(
            "Waiting lines of a day (default today) [{pool, capacity, accepted, lines: [{booking_id, child_name, "
            "unit, waiting_position, since}]}]", **day, **read), "activity_id")},
        "/staff/activities/{activity_id}/roll-call": {
            "get": _path_param(_op(
                "The accepted bookings of a day (default today) [{booking_id, child_id, child_name, unit, "
                "unit_label, status}]", **day, **read), "activity_id"),
            "post": _path_param(_op(
                "Record attendance {entries: [{booking_id, status: present|absent_excused|absent_billed}]} → "
                "the roll call; 422 future_day", **day, **change), "activity_id"),
        },
        "/staff/contracts": {
            "post": _op("Create a crèche contract {child_id, activity_id, starts_on, ends_on, schedule}",
                        **create),
            "get": _op("A family's contracts", query=s.StaffFamilyQuery, **read),
        },
        "/staff/contracts/{contract_id}/extra-hours": {"post": _path_param(_op(
            "Record extra hours {date, minutes}", **create), "contract_id")},
        "/staff/contracts/{contract_id}/absences": {"post": _path_param(_op(
            "Declare an absence {date_from, date_to, reason}", **create), "contract_id")},
    }


def billing_paths() -> dict:
    """The family's account, statement, consumption history and tax attestations (`family_id`: staff only)."""
    family = dict(query=s.FamilyQuery)
    read = dict(errors=(401, 403, 404, 422))
    return {
        "/account": {"get": _op("{due_cents, credit_cents, balance_cents, uninvoiced_cents}; balance = credit "
                                "− due (negative: the family owes)", **family, **read, answer=r.AccountAnswer)},
        "/consumptions": {"get": _op("Consumptions of a month {lines: [{date, child, activity, unit, "
                                     "unit_price_cents, quantity, amount_cents}], total_cents}",
                                     query=s.MonthQuery, **read)},
        "/consumptions/months": {"get": _op("The months with consumptions (YYYY-MM), newest first",
                                            **family, **read)},
        "/statement": {"get": _op("The account over a school year (1 September – 31 August; the current one "
                                  "by default): {school_year, opening_balance_cents, operations: [{date, kind: "
                                  "invoice|payment|credit_note, reference, regie, method, debit_cents, "
                                  "credit_cents}], closing_balance_cents}",
                                  query=StatementQuery, **read)},
        "/attestations": {"get": _op("Tax attestations by calendar year [{year, available, available_on, "
                                     "total_cents, children: [{child_id, first_name, last_name, birth_date, "
                                     "amount_cents}]}]", **family, **read)},
        "/attestations/{year}/pdf": {"get": _in_path(_download(
            _op("The attestation of a year as a PDF; 404 before it is available", **family, **read),
            "application/pdf"), "year", {"type": "integer"})},
    }


def publications_paths() -> dict:
    """News, forms to download and the contact form (public), and their staff side."""
    public = dict(public=True, errors=(422,))
    staff = dict(ok=201, errors=(401, 403, 404, 422), body=True)
    read = dict(errors=(401, 403))
    change = dict(errors=(401, 403, 404, 422), body=True)
    gone = dict(ok=204, errors=(401, 403, 404))
    upload = dict(errors=(401, 403, 404, 413, 415, 422))
    file_types = ("application/pdf", "image/jpeg", "image/png", "application/octet-stream")
    file_kinds = "the form: PDF, JPEG, PNG, ODT, ODS, DOCX or XLSX"
    return {
        "/news": {"get": _op("Published news, newest first [{id, title, body, audience: public|activity, "
                             "activity_id, activity_name, structure_id, published_at}]; a logged-in parent also "
                             "gets the news of their children's activities", query=NewsQuery, **public,
                             answer=r.NewsAnswer(many=True))},
        "/forms": {"get": _op("Published forms [{id, title, description, filename, content_type, size_bytes}]",
                              **public)},
        "/forms/{form_id}/file": {"get": _path_param(_download(
            _op("Download a published form", public=True, errors=(404, 422)), *file_types), "form_id")},
        "/contact/structures": {"get": _op("The structures the contact form writes to [{id, name}]", **public)},
        "/contact": {"post": _op("{structure_id, name, email, subject, message} → {id, emailed}; recorded for "
                                 "the structure's staff, emailed to its address when it has one",
                                 ok=201, public=True, body=True, errors=(403, 404, 422))},
        "/staff/news": {"get": _op("News of the structures managed and the town's, published or not", **read),
                        "post": _op("{title, body, structure_id?, activity_id?, published?}: an activity's "
                                    "news go to its families only", **staff)},
        "/staff/news/{news_id}": {
            "patch": _path_param(_op("{title?, body?, published?}", **change), "news_id"),
            "delete": _path_param(_op("Delete a news item", **gone), "news_id"),
        },
        "/staff/forms": {"get": _op("Forms of the structures managed and the town's", **read),
                         "post": _multipart(_op("Publish a form (PDF, JPEG, PNG, ODT, ODS, DOCX, XLSX; 10 MB "
                                                "at most)", ok=201, **upload), file_kinds, FormUploadSchema)},
        "/staff/forms/{form_id}": {
            "patch": _path_param(_op("{title?, description?, published?}", **change), "form_id"),
            "delete": _path_param(_op("Delete a form", **gone), "form_id"),
        },
        "/staff/forms/{form_id}/file": {
            "get": _path_param(_download(_op("Download a form, published or not", errors=(401, 403, 404)),
                                         *file_types), "form_id"),
            "put": _path_param(_multipart(_op("Replace the form's file", **upload), file_kinds), "form_id"),
        },
        "/staff/contact-structures": {"get": _op("Structures managed reachable by the contact form "
                                                 "[{id, name, email}]", **read)},
        "/staff/contact-structures/{structure_id}": {"put": _path_param(
            _op("{name, email?}: make a structure reachable by the contact form", **change), "structure_id")},
        "/staff/contact-requests": {"get": _op("Contact requests to the structures managed, newest first", **read)},
    }


def messages_paths() -> dict:
    """The inbox: a parent's threads with the structures; staff's, per structure (404 for a thread
    of another family or of a structure not managed; 403 for a structure named outside the caller's)."""
    thread = ("{id, subject, structure: {id, name}, family_id, family_name, started_by: family|staff, "
              "last_message_at, trashed, messages: [{id, from: family|staff, body, sent_at, read_at}]}")
    listing = ("[{id, subject, structure: {id, name}, family_id, family_name, started_by, last_message_at, "
               "message_count, unread}], most recent first")
    read = dict(errors=(401, 403, 404, 422))
    write = dict(ok=201, errors=(401, 403, 404, 422), body=True)
    change = dict(errors=(401, 403, 404))
    return {
        "/messages": {
            "get": _op(f"A box of the family (box=inbox|sent|trash, default inbox) → {listing}", query=BoxQuery,
                       **read, answer=r.ThreadSummaryAnswer(many=True)),
            "post": _op("{structure_id, subject (150 at most), body (plain text, 5000 at most)}: a new thread to "
                        f"a structure of GET /messages/structures → {thread}", **write, answer=r.ThreadAnswer),
        },
        "/messages/structures": {"get": _op("The structures a parent may write to [{id, name}]", **read)},
        "/messages/{thread_id}": {
            "get": _path_param(_op(f"A thread; what the caller had received is read from now on → {thread}",
                                   **read, answer=r.ThreadAnswer), "thread_id"),
            "delete": _path_param(_op("Move the thread to the caller's trash → {id, trashed: true}", **change),
                                  "thread_id"),
        },
        "/messages/{thread_id}/reply": {"post": _path_param(_op(f"{{body}} → {thread}", **write,
                                                                answer=r.ThreadAnswer), "thread_id")},
        "/messages/{thread_id}/restore": {"post": _path_param(_op("Take the thread out of the trash → "
                                                                  "{id, trashed: false}", **change), "thread_id")},
        "/staff/messages": {
            "get": _op(f"Threads of one structure managed (structure_id) or of all of them → {listing}",
                       query=StructureBoxQuery, **read, answer=r.ThreadSummaryAnswer(many=True)),
            "post": _op("{family_id, structure_id, subject, body}: a new thread to a family from a structure "
                        "managed; the family is emailed (consents respected) → the thread", **write,
                        answer=r.ThreadAnswer),
        },
        "/staff/messages/unread": {"get": _op("{unread}: messages from families not read yet, structures "
                                              "managed", **read)},
        "/staff/messages/{thread_id}": {
            "get": _path_param(_op("A thread (marks the families' messages read) → the thread", **read,
                                   answer=r.ThreadAnswer), "thread_id"),
            "delete": _path_param(_op("Move the thread to the staff's trash", **change), "thread_id"),
        },
        "/staff/messages/{thread_id}/reply": {"post": _path_param(_op("{body} → the thread; the family is emailed",
                                                                      **write, answer=r.ThreadAnswer), "thread_id")},
        "/staff/messages/{thread_id}/restore": {"post": _path_param(_op("Take the thread out of the staff's trash",
                                                                        **change), "thread_id")},
    }


def invoices_paths() -> dict:
    """A family's invoices (`family_id`: staff only); a parent reaches only their own (404 otherwise)."""
    invoice = ("{id, number, regie, regie_id, family_id, period_start, period_end, issued_on, due_on, total_cents, "
               "paid_cents, credited_cents, due_cents, status: unpaid|partly_paid|paid, lines: [{date, child, "
               "activity, unit, quantity, unit_price_cents, amount_cents}], credit_notes: [{id, number, issued_on, "
               "amount_cents, reason, lines}]}")
    read = dict(errors=(401, 403, 404, 422))
    return {
        "/invoices": {"get": _op(f"The family's invoices, newest first [{invoice}]; status=unpaid: everything "
                                 "still to pay (unpaid or partly paid)",
                                 query=InvoicesQuery, **read, answer=r.InvoiceAnswer(many=True))},
        "/invoices/{invoice_id}": {"get": _path_param(_op(f"One invoice {invoice}", **read, answer=r.InvoiceAnswer),
                                                      "invoice_id")},
        "/invoices/{invoice_id}/pdf": {"get": _path_param(_download(
            _op("The invoice as a PDF (lines, totals, due date, how to pay)", **read), "application/pdf"),
            "invoice_id")},
    }


def payments_paths() -> dict:
    """Payment history, online payment (pay invoices, the balance, or top up a wallet), wallets."""
    family = dict(query=s.FamilyQuery)
    return {
        "/payments": {
            "get": _op("Payment history, newest first [{id, received_on, method, piece_number, payer, bank, "
                       "amount_cents, regie, to_wallet, allocations: [{invoice_id, number, amount_cents}], "
                       "unallocated_cents}]", **family, errors=(401, 403, 404)),
            "post": _op("Pay online {invoice_ids, email} or {amount_cents, regie_id, purpose: balance|wallet, "
                        "email} → {id, status: pending, redirect_url}; 422 amount_below_minimum, 409 "
                        "invoice_paid, 503 provider_unavailable", ok=201, body=True, **family,
                        errors=(401, 403, 404, 409, 422, 503)),
        },
        "/payments/{online_payment_id}": {"get": _path_param(_op(
            "An online payment {id, status: pending|paid|refused|cancelled|expired|mismatch, amount_cents, "
            "purpose, regie, invoice_numbers}", errors=(401, 404)), "online_payment_id")},
        "/payments/notify/{provider}": {"post": _in_path({
            **_op("A payment provider's server-to-server notification (sandbox: JSON signed in "
                  "X-Sandbox-Signature; payfip: idop=…) → {status}; 403 invalid_notification",
                  public=True, errors=(403, 404, 503)),
            "requestBody": {"required": True, "content": {"application/json": {"schema": {"type": "object"}},
                                                          "application/x-www-form-urlencoded": {}}}},
            "provider", {"type": "string"})},
        "/wallets": {"get": _op(
            "Wallets of the prepaid régies [{regie_id, regie, balance_cents, estimated_cost_cents, "
            "estimated_balance_cents, until}]: the cost of the booked days after today up to `until` "
            "(default: in 30 days)", query=WalletsQuery, errors=(401, 403, 404, 422))},
    }


def staff_payments_paths() -> dict:
    """Staff: money received at the desk, a family's payments, online payments left for review."""
    return {
        "/staff/payments": {
            "post": _op("Record a payment {family_id, regie_id, method: cheque|cash|cesu|direct_debit|transfer, "
                        "amount_cents, received_on, piece_number, payer, bank} → the payment with its "
                        "allocations (oldest invoices first; the rest is credit)", ok=201, body=True,
                        errors=(401, 403, 404, 422)),
            "get": _op("A family's payments", query=s.StaffFamilyQuery, errors=(401, 403, 404, 422)),
        },
        "/staff/payments/mismatched": {"get": _op(
            "Online payments whose bank result did not match (not applied)", errors=(401, 403))},
    }


def staff_webhooks_paths() -> dict:
    """Admin: webhooks, for systems that prefer HTTP to subscribing on RabbitMQ (docs/subscribers.md)."""
    return {
        "/staff/webhooks": {
            "get": _op("Webhooks [{id, url, events, created_at, pending, sent, failed}] (no secrets); admin",
                       errors=(401, 403)),
            "post": _op("Subscribe {url, events: [AMQP topic patterns such as invoice.*], secret?} → the webhook "
                        "with its secret, shown only here; each matching event is POSTed as CloudEvents JSON "
                        "signed X-Portail-Signature: sha256=<HMAC of the body>; admin", ok=201, body=True,
                        errors=(401, 403, 422)),
        },
        "/staff/webhooks/{webhook_id}": {"delete": _path_param(_op(
            "Unsubscribe (the calls still waiting are dropped); admin", ok=204, errors=(401, 403, 404)),
            "webhook_id")},
    }


def staff_invoicing_paths() -> dict:
    """Staff: invoicing runs (in the background: start answers at once, then follow the progress), a
    family's invoices, credit notes."""
    run = ("{id, regie_id, regie, period_start, period_end, issued_on, due_on, status: running|completed|failed, "
           "families_total, families_done, invoices_issued, total_cents, error, started_by, started_at, finished_at}")
    read = dict(errors=(401, 403, 404, 422))
    return {
        "/staff/invoicing-runs": {
            "post": _op(f"Start a run {{regie_id, period_start, period_end, issued_on?, due_on?}} → 202 {run}; one "
                        "invoice per family with billable consumptions of the period, numbered from the régie's "
                        "sequence without gaps; 409 run_in_progress when a running run of the régie overlaps the "
                        "period", ok=202, body=True, errors=(401, 403, 409, 422)),
            "get": _op(f"The runs, newest first [{run}]", query=RunsQuery, **read),
        },
        "/staff/invoicing-runs/{run_id}": {"get": _path_param(_op(f"A run and its progress {run}", **read),
                                                              "run_id")},
        "/staff/invoicing-runs/{run_id}/resume": {"post": _path_param(_op(
            "Resume a failed run, or one left running by a stopped process → 202 the run; families already "
            "invoiced in the run are skipped; 409 run_in_progress while a process works on it", ok=202,
            errors=(401, 403, 404, 409)), "run_id")},
        "/staff/invoices": {"get": _op("A family's invoices (same shape as /invoices)",
                                       query=s.StaffFamilyQuery, **read, answer=r.InvoiceAnswer(many=True))},
        "/staff/invoices/{invoice_id}/credit-notes": {"post": _path_param(_op(
            "Issue a credit note {amount_cents, reason, lines?: [{label, amount_cents}]} (at most what is left to "
            "credit) → the corrected invoice; money paid beyond what it now asks for becomes credit",
            ok=201, body=True, errors=(401, 403, 404, 422)), "invoice_id")},
    }


def staff_tariffs_paths() -> dict:
    """Staff: régies and their settings, tariffs (pricing rules are plugins)."""
    write = dict(body=True, errors=(401, 403, 404, 409, 422))
    regie = ("{name, code, due_days, minimum_payment_cents, prepaid, payfip_numcli, payment_instructions}")
    tariff = ("{regie_id, activity_id, unit, rule: flat|quotient|outing|package, category: care|meal|other, "
              "amount_cents, parameters, sibling_reductions: [percent by rank], valid_from}")
    return {
        "/staff/regies": {
            "get": _op("The régies with their settings", errors=(401, 403)),
            "post": _op(f"Create a régie {regie}", ok=201, **write),
        },
        "/staff/regies/{regie_id}": {"patch": _path_param(_op(f"Change some settings of a régie {regie}", **write),
                                                          "regie_id")},
        "/staff/tariffs": {
            "get": _op("Tariffs, by activity, unit and first day", query=TariffQuery,
                       errors=(401, 403, 422)),
            "post": _op(f"Set a tariff {tariff} (replaces the one of the same activity, unit and first day); "
                        "parameters: quotient {brackets: [{up_to, amount_cents}], the last up_to null}, "
                        "package {period: week|month}", ok=201, **write),
        },
        "/staff/tariffs/{tariff_id}": {"patch": _path_param(
            _op("Change some fields of a tariff; 409 tariff_exists when another starts that day", **write),
            "tariff_id")},
        "/staff/pricing-rules": {"get": _op("The installed pricing rules [{name, kind: unit|package, "
                                            "amount_required}]", errors=(401, 403))},
    }
