"""The event contract: docs/asyncapi.yaml, and the check of an envelope against it.

`violations(envelope)` lists what is wrong with an event: an undocumented `type`, a missing or mistyped
attribute, a `data` field missing, mistyped or not documented. The document leaves its objects open
(subscribers ignore fields they do not know, so fields may be added within a version); the check closes
them, so that a field the code adds without documenting it is caught.
"""
from __future__ import annotations

import copy
import uuid
from datetime import date, datetime
from functools import cached_property
from pathlib import Path

import yaml
from jsonschema import Draft7Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT7

from services.chassis.events import SOURCE_PREFIX

DOCUMENT = Path(__file__).resolve().parents[2] / "docs" / "asyncapi.yaml"
_BASE = "urn:portail-famille:asyncapi"

formats = FormatChecker(())


@formats.checks("uuid", raises=ValueError)
def _uuid(value) -> bool:
    return not isinstance(value, str) or str(uuid.UUID(value)) == value.lower()


@formats.checks("date", raises=ValueError)
def _date(value) -> bool:
    return not isinstance(value, str) or date.fromisoformat(value).isoformat() == value


@formats.checks("date-time", raises=ValueError)
def _date_time(value) -> bool:
    # RFC 3339: a date, a time and an offset (an instant without offset is ambiguous).
    return not isinstance(value, str) or ("T" in value and datetime.fromisoformat(value).tzinfo is not None)


def message_type(message: dict) -> str | None:
    """The CloudEvents `type` a message of the document fixes (`fr.portail-famille.x.y.v1`)."""
    for part in message["payload"].get("allOf", [message["payload"]]):
        const = part.get("properties", {}).get("type", {}).get("const")
        if const:
            return const
    return None


def _closed(node, in_all_of: bool = False):
    """A copy of a schema whose objects refuse undocumented properties (but for `allOf` parts,
    which only add to the object they are combined into)."""
    if isinstance(node, list):
        return [_closed(item, in_all_of) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value, key == "allOf") for key, value in node.items()}
    if "properties" in node and "additionalProperties" not in node and not in_all_of:
        closed["additionalProperties"] = False
    return closed


class Contract:
    def __init__(self, path: Path = DOCUMENT):
        self.path = path
        with open(path, encoding="utf-8") as file:
            self.document = yaml.safe_load(file)

    @cached_property
    def messages(self) -> dict[str, dict]:
        return self.document["components"]["messages"]

    @cached_property
    def types(self) -> dict[str, str]:
        """CloudEvents type → message name."""
        return {message_type(message): name for name, message in self.messages.items()}

    @cached_property
    def sources(self) -> set[str]:
        """The CloudEvents sources of the documented services (`accounts.events` → `/portail-famille/accounts`)."""
        return {f"{SOURCE_PREFIX}{channel.removesuffix('.events')}" for channel in self.document["channels"]}

    def channel_of(self, name: str) -> str | None:
        ref = f"#/components/messages/{name}"
        for channel, item in self.document["channels"].items():
            for operation in ("subscribe", "publish"):
                message = item.get(operation, {}).get("message", {})
                if ref in [m.get("$ref") for m in message.get("oneOf", [message])]:
                    return channel
        return None

    @cached_property
    def _validators(self) -> dict[str, Draft7Validator]:
        strict = copy.deepcopy(self.document)
        strict["components"] = _closed(strict["components"])
        registry = Registry().with_resource(_BASE, Resource.from_contents(strict, default_specification=DRAFT7))
        return {
            type_: Draft7Validator({"$ref": f"{_BASE}#/components/messages/{name}/payload"},
                                   registry=registry, format_checker=formats)
            for type_, name in self.types.items()
        }

    def violations(self, event) -> list[str]:
        """What is wrong with `event` (an envelope as published); empty when it honours the contract."""
        if not isinstance(event, dict):
            return ["the event is not a JSON object"]
        validator = self._validators.get(event.get("type"))
        if validator is None:
            return [f"type {event.get('type')!r} is not documented in {self.path.name}"]
        return [f"{'/'.join(map(str, error.absolute_path)) or '(envelope)'}: {error.message}"
                for error in sorted(validator.iter_errors(event), key=lambda e: list(map(str, e.absolute_path)))]


_contract: Contract | None = None


def contract() -> Contract:
    global _contract
    if _contract is None:
        _contract = Contract()
    return _contract


def violations(event) -> list[str]:
    return contract().violations(event)
