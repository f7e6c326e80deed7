"""Plugins are entry points (declared in pyproject.toml), discovered at start and chosen by name."""
from __future__ import annotations

from importlib.metadata import entry_points


def installed(group: str) -> dict[str, object]:
    """An instance of every plugin of the group, by name, in name order."""
    return {entry.name: entry.load()() for entry in sorted(entry_points(group=group), key=lambda e: e.name)}


def load(group: str, name: str):
    """An instance of the plugin of that name; a missing plugin is a configuration error."""
    found = entry_points(group=group, name=name)
    if not found:
        raise LookupError(f"no plugin {name!r} installed in {group!r}")
    return next(iter(found)).load()()
