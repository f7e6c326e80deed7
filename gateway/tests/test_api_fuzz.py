"""Property-based fuzzing of /api/v1 from its own OpenAPI document (schemathesis, through WSGI):
whatever the generated input, no 5xx, and every documented answer matches its schema (the errors' and
gateway.responses') — anonymously and as a logged-in parent or staff, multipart uploads included. Few
examples per operation, derandomized, so a failure replays the same way."""
from __future__ import annotations

from collections import Counter

import schemathesis
from hypothesis import HealthCheck, Phase, given, settings, strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

CHECKS = [not_a_server_error, response_schema_conformance]
EXAMPLES = 5
# End the session the rest of the run is made with; their own refusals are covered by test_auth.
SESSION_SKIPS = {"POST /auth/logout", "POST /me/password"}
UPLOADS = ("POST /documents", "POST /staff/forms", "PUT /staff/forms/{form_id}/file", "POST /staff/families/import")


class Answers(Counter):
    """Status classes (2, 4, 5) counted, and what each operation answered: its statuses, or error codes."""

    def __init__(self):
        super().__init__()
        self.by_operation: dict[str, set] = {}

    def record(self, label: str, response) -> None:
        self[response.status_code // 100] += 1
        try:
            answer = response.json()["error"]["code"]
        except (ValueError, KeyError, TypeError):
            answer = response.status_code
        self.by_operation.setdefault(label, set()).add(answer)

    def file_sent(self, label: str) -> bool:
        """A generated upload got past the gateway's checks of the form and of the file part to the service."""
        return bool(self.by_operation.get(label, set()) - {"not_authenticated", "forbidden", "csrf_failed",
                                                           "unsupported_media_type", "invalid_input"})


def fuzz(app, headers=None, cookies=None, skip=(), examples: int = EXAMPLES) -> Answers:
    """Every operation of the document, `examples` cases each; fails listing every operation that failed."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    statuses, failures = Answers(), []
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in skip:
            continue

        # Valid inputs and invalid ones (wrong types, missing or unknown fields): both must be answered.
        @given(case=st.one_of(operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
                              operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)))
        @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
                  phases=[Phase.explicit, Phase.generate], suppress_health_check=list(HealthCheck))
        def run(case):
            response = case.call_and_validate(headers=headers, cookies=cookies, checks=CHECKS)
            statuses.record(operation.label, response)

        try:
            run()
        except Exception as exc:  # noqa: BLE001 - collected, the test fails below with all of them
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
    return statuses


def test_the_api_answers_anonymous_fuzzing_without_a_server_error(app, stack):
    statuses = fuzz(app)
    assert statuses[5] == 0 and statuses[4] > 0


def test_the_api_answers_a_fuzzing_parent_without_a_server_error(app, new_family, parent_of):
    parent = parent_of(new_family("Fuzz"))
    statuses = fuzz(app, headers={"X-CSRF-Token": parent.csrf}, cookies={"portail_session": parent.cookie().value},
                    skip=SESSION_SKIPS)
    assert statuses[2] > 0  # the session was used: some answers are not refusals
    assert statuses.file_sent("POST /documents"), statuses.by_operation["POST /documents"]


def test_the_api_answers_fuzzing_staff_without_a_server_error(app, staff):
    """Staff payloads are the services' own (plain objects here): a service must refuse bad ones with a 422."""
    statuses = fuzz(app, headers={"X-CSRF-Token": staff.csrf}, cookies={"portail_session": staff.cookie().value},
                    skip=SESSION_SKIPS, examples=3)
    assert statuses[2] > 0
    assert all(statuses.file_sent(label) for label in UPLOADS), {label: statuses.by_operation.get(label)
                                                                 for label in UPLOADS}
