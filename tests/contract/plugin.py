"""Pytest plugin: every event the suite writes to an outbox is checked against docs/asyncapi.yaml.

At the start of the session `EVENT_CONTRACT_LOG` names a fresh directory (unless it is already set);
`outbox.record_many` of every process started from here (in-process services, stack processes,
pytest-xdist workers) appends each envelope to `<dir>/<pid>.jsonl`. At the end, the controller
validates them all: a violation fails the session.
"""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections import Counter
from pathlib import Path

import pytest

ENV = "EVENT_CONTRACT_LOG"
SHOWN = 20  # distinct violations printed; the rest are counted


def pytest_configure(config):
    if not os.environ.get(ENV):
        os.environ[ENV] = tempfile.mkdtemp(prefix="event-contract-")
        config.stash[_owned] = True


_owned = pytest.StashKey[bool]()


def recorded_events(directory: str):
    """(file, event) for every line the processes wrote; a line cut short by a killed process is skipped."""
    for path in sorted(Path(directory).glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines(keepends=True):
            if line.endswith("\n"):
                yield path.name, json.loads(line)


def check(directory: str) -> tuple[Counter, dict, Counter]:
    """(events checked per name, first failing event id per violation, occurrences per violation)."""
    from services.chassis import contract
    from services.chassis.events import event_name

    names, examples, counts = Counter(), {}, Counter()
    for _, event in recorded_events(directory):
        if event.get("source") not in contract.contract().sources:
            continue  # a probe service of the chassis tests, not one of ours
        names[event_name(event) if isinstance(event.get("type"), str) else "?"] += 1
        for problem in contract.violations(event):
            key = f"{event.get('type')}: {problem}"
            counts[key] += 1
            examples.setdefault(key, event.get("id"))
    return names, examples, counts


def pytest_sessionfinish(session, exitstatus):
    config = session.config
    directory = os.environ.get(ENV)
    if hasattr(config, "workerinput") or not directory or not os.path.isdir(directory):
        return  # xdist workers write to the controller's directory; the controller checks
    names, examples, counts = check(directory)
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    write = reporter.write_line if reporter else (lambda line, **_: print(line))
    from services.chassis import contract
    unseen = len(set(contract.contract().messages) - set(names))
    write(f"event contract: {sum(names.values())} events checked, {len(names)} distinct event names, "
          f"{sum(counts.values())} violations ({unseen} documented events not exercised)")
    if counts:
        for key, count in list(counts.items())[:SHOWN]:
            write(f"  CONTRACT VIOLATION x{count} {key} (e.g. event {examples[key]})", red=True)
        if len(counts) > SHOWN:
            write(f"  … and {len(counts) - SHOWN} more distinct violations", red=True)
        if session.exitstatus in (pytest.ExitCode.OK, pytest.ExitCode.NO_TESTS_COLLECTED):
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
    if config.stash.get(_owned, False):
        shutil.rmtree(directory, ignore_errors=True)
