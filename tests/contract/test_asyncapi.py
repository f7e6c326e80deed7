"""docs/asyncapi.yaml: a sound document, complete for the code, and the validator that enforces it.

asyncapi-2.6.0.schema.json is the AsyncAPI 2.6.0 JSON Schema of the npm package @asyncapi/specs 6.11.1
(schemas/2.6.0-without-$id.json), Apache License 2.0, Copyright the AsyncAPI Initiative.
"""
import ast
import json
import os
import re
import subprocess
import sys
import textwrap
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from jsonschema import Draft7Validator

from services.accounts.family.testing import ADMIN, whole_family_payload
from services.accounts.service import AccountsService
from services.chassis import contract
from services.chassis.events import TYPE_PREFIX, envelope, event_name
from services.reservations.booking import domain as booking_domain

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ("accounts", "reservations", "billing", "notifications")
EVENT_LIKE = re.compile(r"^[a-z_]+\.[a-z_]+$")
PARTICIPLE_LIKE = re.compile(r"^[a-z_]+\.[a-z_]+(ed|sent|available)$")
EMITTERS = {"emit", "emit_many", "record_many"}
# String literals of the services that look like event names but are not events.
NOT_EVENTS: set[str] = set()


@pytest.fixture(scope="module")
def document():
    return contract.Contract().document


def _called(func) -> str | None:
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _event_like(node) -> set[str]:
    return {n.value for n in ast.walk(node)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and EVENT_LIKE.match(n.value)}


def scan_code() -> tuple[dict[str, set[str]], set[tuple[str, str]], set[str]]:
    """What the services' code (tests apart) says about events:
    - names it may emit → the services naming them: literals given to an emitter (`emit`, `emit_many`,
      a function handed `emit`), in module constants of a module that emits, or assigned to a name
      containing "event";
    - (source, name) it handles (`@handles`, `@event_handler`);
    - every literal that reads like an event (`<noun>.<participle>`), wherever it is."""
    emitted: dict[str, set[str]] = {}
    handled, participles = set(), set()
    for path in (ROOT / "services").rglob("*.py"):
        if "tests" in path.parts:
            continue
        service = path.relative_to(ROOT / "services").parts[0]
        tree = ast.parse(path.read_text(encoding="utf-8"))
        participles |= {name for name in _event_like(tree) if PARTICIPLE_LIKE.match(name)}
        calls = [node for node in ast.walk(tree) if isinstance(node, ast.Call)]
        emitting = [call for call in calls
                    if _called(call.func) in EMITTERS or any(_called(arg) in EMITTERS for arg in call.args)]
        names = set().union(set(), *(_event_like(arg) for call in emitting for arg in call.args))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and (
                    (emitting and node in tree.body)
                    or any("event" in ast.unparse(target).lower() for target in node.targets)):
                names |= _event_like(node.value)
        for name in names:
            emitted.setdefault(name, set()).add(service)
        for call in calls:
            args = call.args[:2]
            if _called(call.func) in ("handles", "event_handler") and len(args) == 2 and all(
                    isinstance(arg, ast.Constant) for arg in args) and EVENT_LIKE.match(args[1].value):
                handled.add((args[0].value, args[1].value))
    return emitted, handled, participles


def refs(node):
    if isinstance(node, dict):
        if "$ref" in node:
            yield node["$ref"]
        for value in node.values():
            yield from refs(value)
    elif isinstance(node, list):
        for item in node:
            yield from refs(item)


def resolve(document, ref: str):
    assert ref.startswith("#/"), ref
    node = document
    for part in ref[2:].split("/"):
        node = node[part.replace("~1", "/").replace("~0", "~")]
    return node


# --- the document ------------------------------------------------------------------------------------

def test_the_document_is_valid_asyncapi_2_6(document):
    specification = json.loads((Path(__file__).parent / "asyncapi-2.6.0.schema.json").read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message[:200]}"
              for e in Draft7Validator(specification).iter_errors(document)]
    assert errors == []


def test_one_topic_channel_per_service_exchange(document):
    assert document["asyncapi"].startswith("2.6")
    assert document["info"]["title"] and document["info"]["version"]
    assert set(document["channels"]) == {f"{service}.events" for service in SERVICES}
    for name, channel in document["channels"].items():
        exchange = channel["bindings"]["amqp"]["exchange"]
        assert (exchange["name"], exchange["type"], exchange["durable"]) == (name, "topic", True)
        assert channel["bindings"]["amqp"]["is"] == "routingKey"
        assert channel["subscribe"]["message"]["oneOf"]


def test_every_message_is_in_one_channel_with_a_versioned_type_and_a_payload(document):
    messages = document["components"]["messages"]
    listed = [ref for channel in document["channels"].values() for ref in refs(channel["subscribe"]["message"])]
    assert sorted(listed) == sorted(f"#/components/messages/{name}" for name in messages)
    for name, message in messages.items():
        assert message["name"] == name
        assert message["summary"]
        assert "payload" in message, name
        assert contract.message_type(message) and re.fullmatch(
            re.escape(TYPE_PREFIX + name) + r"\.v[0-9]+", contract.message_type(message)), name


def test_every_reference_resolves_and_every_schema_is_valid_json_schema(document):
    for ref in refs(document):
        resolve(document, ref)
    for name, schema in document["components"]["schemas"].items():
        Draft7Validator.check_schema(schema)
    for name, message in document["components"]["messages"].items():
        Draft7Validator.check_schema(message["payload"])


def test_each_message_is_published_by_its_channel_service(document):
    """The envelope's `source` is fixed per channel: a message listed under billing.events must be
    one that billing sends."""
    c = contract.Contract()
    for name in document["components"]["messages"]:
        service = c.channel_of(name).removesuffix(".events")
        data, version = example_data(document, name), documented_version(document, name)
        assert c.violations(envelope(service, name, data, "subject", version)) == [], name
        other = next(s for s in SERVICES if s != service)
        assert any("source" in v for v in c.violations(envelope(other, name, data, "subject", version))), name


# --- complete for the code ------------------------------------------------------------------------------

def test_every_event_name_in_the_code_is_documented(document):
    """An event the code emits or handles, or a literal that reads like one, must be documented, and
    every documented event is emitted by the service of its channel. Not an event? See NOT_EVENTS."""
    emitted, handled, participles = scan_code()
    c = contract.Contract()
    documented = set(c.messages)
    assert len(documented) >= 33 and len(handled) >= 20  # the scan still finds what it should
    undocumented = (set(emitted) | participles) - documented - NOT_EVENTS
    assert not undocumented, f"event names missing from docs/asyncapi.yaml: {sorted(undocumented)}"
    for source, name in handled:
        assert c.channel_of(name) == f"{source}.events", f"{source} does not publish {name} in the document"
    for name in documented:
        assert c.channel_of(name).removesuffix(".events") in emitted.get(name, ()), \
            f"{name} is documented in {c.channel_of(name)} but that service's code never emits it"


# --- the validator ----------------------------------------------------------------------------------

def invoice_issued() -> dict:
    return envelope("billing", "invoice.issued", {
        "invoice_id": str(uuid.uuid4()), "number": "CANTINE-F000042", "family_id": str(uuid.uuid4()),
        "regie_id": str(uuid.uuid4()), "regie": "Cantine", "period_start": "2026-09-01",
        "period_end": "2026-09-30", "issued_on": "2026-10-01", "due_on": "2026-10-31", "total_cents": 4250,
    }, "invoice-id")


def test_a_conforming_envelope_passes():
    assert contract.violations(invoice_issued()) == []


@pytest.mark.parametrize("change, expected", [
    (lambda e: e["data"].pop("total_cents"), "'total_cents' is a required property"),
    (lambda e: e["data"].update(total_cents=42.5), "data/total_cents: 42.5 is not of type 'integer'"),
    (lambda e: e["data"].update(total_cents="4250"), "data/total_cents: '4250' is not of type 'integer'"),
    (lambda e: e["data"].update(due_on="31/10/2026"), "data/due_on: '31/10/2026' is not a 'date'"),
    (lambda e: e["data"].update(family_id="42"), "data/family_id: '42' is not a 'uuid'"),
    (lambda e: e["data"].update(discount_cents=10), "'discount_cents' was unexpected"),
    (lambda e: e.pop("id"), "'id' is a required property"),
    (lambda e: e.update(time="2026-10-01T08:00:00"), "time: '2026-10-01T08:00:00' is not a 'date-time'"),
    (lambda e: e.update(specversion="0.3"), "specversion: '1.0' was expected"),
    (lambda e: e.update(source="/portail-famille/accounts"), "source: '/portail-famille/billing' was expected"),
    (lambda e: e.update(type="fr.portail-famille.invoice.issued.v2"), "is not documented"),
    (lambda e: e.update(type="fr.portail-famille.invoice.paid.v1"), "is not documented"),
])
def test_a_wrong_envelope_is_refused(change, expected):
    event = invoice_issued()
    change(event)
    problems = contract.violations(event)
    assert any(expected in problem for problem in problems), problems


def test_null_only_where_documented():
    event = invoice_issued()
    event["data"]["regie"] = None
    assert contract.violations(event) == ["data/regie: None is not of type 'string'"]
    payment = envelope("billing", "payment.received", {
        "payment_id": str(uuid.uuid4()), "family_id": str(uuid.uuid4()), "regie_id": str(uuid.uuid4()),
        "method": "cheque", "amount_cents": 1000, "received_on": "2026-10-02", "online_payment_id": None,
        "email": None}, "payment-id")
    assert contract.violations(payment) == []


# --- booking events, v2 -----------------------------------------------------------------------------

ACTIVITY = {"id": uuid.uuid4(), "name": "ALSH 3-6 ans", "structure_id": uuid.uuid4(),
            "units": [{"code": "matin", "label": "Matin"}, {"code": "midi", "label": "Midi"}]}


def booking_events(name: str, status: str, extra: dict | None = None, lines: int = 2) -> list[dict]:
    """The envelopes reservations makes of `lines` bookings of one child that one change by the family
    brought to `status`: the producer's own `booking_event_data` and `grouped_booking_events`."""
    child_id, family_id = uuid.uuid4(), uuid.uuid4()
    bookings = [{"id": uuid.uuid4(), "child_id": child_id, "family_id": family_id, "unit": "matin",
                 "date": date(2026, 9, 1) + timedelta(days=day), "waiting_position": None, "status": status,
                 "by": "family", "reason": None} for day in range(lines)]
    per_booking = [(name, {**booking_domain.booking_event_data(booking, ACTIVITY), **(extra or {})})
                   for booking in bookings]
    return [envelope("reservations", event, data, subject, *version)
            for event, data, subject, *version in booking_domain.grouped_booking_events(per_booking)]


def test_a_change_of_several_bookings_of_a_child_is_one_v2_event_that_passes():
    [accepted] = booking_events("booking.accepted", "accepted", lines=30)
    assert accepted["type"] == "fr.portail-famille.booking.accepted.v2"
    assert accepted["subject"] == accepted["data"]["child_id"]
    assert len(accepted["data"]["bookings"]) == 30
    assert contract.violations(accepted) == []
    [cancelled] = booking_events("booking.cancelled", "cancelled", {"late": True})
    assert contract.violations(cancelled) == []


def _v1_data(event: dict) -> None:
    """v1's `data`: one booking's fields beside child_id, family_id and by."""
    event["data"].update(event["data"].pop("bookings")[0])


def _as_v1(event: dict) -> None:
    _v1_data(event)
    event["type"] = event["type"].replace(".v2", ".v1")


@pytest.mark.parametrize("change, expected", [
    (_as_v1, "is not documented"),
    (_v1_data, "'bookings' is a required property"),
    (_v1_data, "data: Additional properties are not allowed"),
    (lambda e: e["data"].update(bookings=[]), "data/bookings: [] should be non-empty"),
    (lambda e: e["data"].pop("by"), "'by' is a required property"),
    (lambda e: e["data"]["bookings"][1].update(child_id=e["data"]["child_id"]), "'child_id' was unexpected"),
    (lambda e: e["data"]["bookings"][1].update(status="cancelled"),
     "data/bookings/1/status: 'accepted' was expected"),
    (lambda e: e["data"]["bookings"][0].update(late=False), "'late' was unexpected"),
    (lambda e: e["data"]["bookings"][0].pop("price_cents"), "'price_cents' is a required property"),
])
def test_a_wrong_booking_event_is_refused(change, expected):
    [event] = booking_events("booking.accepted", "accepted")
    change(event)
    problems = contract.violations(event)
    assert any(expected in problem for problem in problems), problems


def test_a_cancellation_says_of_each_booking_whether_it_was_late():
    [cancelled] = booking_events("booking.cancelled", "cancelled", {"late": False})
    cancelled["data"]["bookings"][1].pop("late")
    assert contract.violations(cancelled) == ["data/bookings/1: 'late' is a required property"]


# --- real events -------------------------------------------------------------------------------------

def test_the_events_accounts_publishes_honour_the_contract(start_service, rpc_proxy, event_log, tmp_path,
                                                            monkeypatch):
    """A family created through the real service: what reaches the exchange passes, and the outbox
    hook recorded the same envelopes for the session's check."""
    monkeypatch.setenv("EVENT_CONTRACT_LOG", str(tmp_path))
    start_service(AccountsService)
    log = event_log("accounts")
    family = rpc_proxy("accounts").create_family(ADMIN, whole_family_payload())
    published = log.take(2)
    for event in published:
        routing_key = event.pop("name")
        assert routing_key == event_name(event)
        assert contract.violations(event) == [], event
    assert [event_name(e) for e in published] == ["family.created", "child.created"]
    assert published[0]["data"]["family_id"] == family["id"]
    recorded = [json.loads(line) for path in tmp_path.glob("*.jsonl") for line in path.read_text().splitlines()]
    assert recorded == published


# --- the session's check ---------------------------------------------------------------------------------

INNER_TEST = """
import json, os, uuid
from services.chassis.events import envelope

def test_writes_an_event():
    data = {DATA}
    with open(os.path.join(os.environ["EVENT_CONTRACT_LOG"], "1.jsonl"), "a") as file:
        file.write(json.dumps(envelope("billing", "attestation.available", data, "x")) + "\\n")
"""


@pytest.mark.parametrize("data, status, line", [
    ("{'family_id': str(uuid.uuid4()), 'year': 2026}", 0, "1 events checked, 1 distinct event names, 0 violations"),
    ("{'family_id': str(uuid.uuid4()), 'year': '2026'}", 1, "CONTRACT VIOLATION x1"),
])
def test_a_session_fails_on_a_recorded_violation(tmp_path, data, status, line):
    (tmp_path / "test_inner.py").write_text(textwrap.dedent(INNER_TEST.replace("{DATA}", data)))
    env = {key: value for key, value in os.environ.items() if key != "EVENT_CONTRACT_LOG"}
    env["PYTHONPATH"] = str(ROOT)
    result = subprocess.run([sys.executable, "-m", "pytest", "-p", "tests.contract.plugin", "-p", "no:cacheprovider",
                             "-q", "test_inner.py"], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == status, result.stdout + result.stderr
    assert line in result.stdout, result.stdout


# --- helpers ------------------------------------------------------------------------------------------

def example_data(document, name: str) -> dict:
    """A `data` object that the message's schema accepts, built from the schema itself."""
    payload = document["components"]["messages"][name]["payload"]
    data_schema = next(part["properties"]["data"] for part in payload["allOf"] if "properties" in part)
    return example(document, data_schema)


def documented_version(document, name: str) -> int:
    """The version the document gives a message (`….booking.accepted.v2` → 2)."""
    return int(contract.message_type(document["components"]["messages"][name]).rsplit(".v", 1)[1])


def example(document, schema):
    if "$ref" in schema:
        return example(document, resolve(document, schema["$ref"]))
    if "allOf" in schema:
        merged = {}
        for part in schema["allOf"]:
            value = example(document, part) if ("$ref" in part or "type" in part) else None
            if isinstance(value, dict):
                merged.update(value)
        for part in schema["allOf"]:
            merged = with_consts(merged, part)
        return merged
    if "const" in schema:
        return schema["const"]
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    kind = kind[0] if isinstance(kind, list) else kind
    if kind == "object":
        return {key: example(document, sub) for key, sub in schema.get("properties", {}).items()}
    if kind == "array":
        return [example(document, schema["items"]) for _ in range(schema.get("minItems", 0))]
    if kind == "integer":
        return max(schema.get("minimum", 1), 1)
    if kind == "boolean":
        return True
    return {"uuid": str(uuid.uuid4()), "date": "2026-09-01", "date-time": "2026-09-01T08:00:00+02:00"}.get(
        schema.get("format"), schema.get("example", "texte"))


def with_consts(value, schema):
    """`value` with the `const`s that a narrowing part of an `allOf` sets, however deep
    (`{bookings: {items: {allOf: [{properties: {status: {const: accepted}}}]}}}`)."""
    if "const" in schema:
        return schema["const"]
    for part in schema.get("allOf", []):
        value = with_consts(value, part)
    if isinstance(value, dict):
        for key, sub in schema.get("properties", {}).items():
            if key in value:
                value[key] = with_consts(value[key], sub)
    if isinstance(value, list) and "items" in schema:
        value = [with_consts(item, schema["items"]) for item in value]
    return value
