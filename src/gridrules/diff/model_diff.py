"""Definitions added, removed or changed between two resolved policies.

Each policy (after `extends`) is flattened into a catalogue: kind → key →
field → plain value (strings, numbers, booleans, lists of strings). Where a
definition was written (file, line, which layer of the extends chain) is left
out on purpose: moving a definition from a child jurisdiction to its parent,
unchanged, is no change at all.

Kinds and their keys: each document kind declares its own (`changes` and `defined`
in gridrules.kinds.<kind>), in the order they are reported; docs/diff.md tables the
bundled ones and tests/diff/test_diff_catalogue.py checks each has its words.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from gridrules.kinds import Defined, registry
from gridrules.model import Duration, Names, Policy

Plain = Any  # str | int | float | bool | None | list[Plain]
Fields = dict[str, Plain]
Catalogue = dict[str, dict[str, Fields]]


@cache
def kinds() -> tuple[str, ...]:
    """The diff kinds, in the order they are reported: each document kind's `changes`."""
    return tuple(change for kind in registry() for change in kind.changes)


_SKIPPED_FIELDS = frozenset({"origin", "source", "folder"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Plain  # None when the field was absent
    new: Plain


@dataclass(frozen=True, slots=True)
class DefinitionChange:
    kind: str  # one of kinds()
    key: str
    change: str  # added, removed, changed
    fields: tuple[FieldChange, ...]  # for `changed`: every field that differs (old → new)
    source: str = ""  # file:line:col where it is written (the old side's for `removed`)


# --- flattening -------------------------------------------------------------


def plain(value: Any) -> Plain:
    """A model value as JSON-ready data (dataclasses become dicts, origins are dropped)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Names):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Duration):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _SKIPPED_FIELDS
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return str(value)


def flatten(data: Mapping[str, Plain], prefix: str = "") -> Fields:
    """Nested dicts become dotted keys; lists of scalars stay lists; other lists become JSON text."""
    out: Fields = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            out[name] = [json.dumps(v, ensure_ascii=False, sort_keys=True) for v in value]
        else:
            out[name] = value
    return out


def _fields(item: Any, *drop: str) -> Fields:
    data = plain(item)
    assert isinstance(data, dict)
    for name in drop:
        data.pop(name, None)
    return flatten(data)


def _defined(policy: Policy) -> Iterator[Defined]:
    """Every definition each document kind declares (gridrules.kinds.<kind>.KIND.defined)."""
    for kind in registry():
        if kind.defined is not None:
            yield from kind.defined(policy)


def _value_fields(found: Defined) -> Fields:
    if not found.flat:
        data = plain(found.value)
        assert isinstance(data, dict)
        return data
    return _fields(found.value, *found.drop)


def catalogue(policy: Policy) -> Catalogue:
    """Every definition of a resolved policy, by kind and key, as plain fields (the first of
    a key stands)."""
    cat: Catalogue = {kind: {} for kind in kinds()}
    for found in _defined(policy):
        if found.key not in cat[found.kind]:
            cat[found.kind][found.key] = _value_fields(found)
    return cat


# --- comparing --------------------------------------------------------------


def field_changes(old: Fields, new: Fields) -> tuple[FieldChange, ...]:
    """Every field whose value differs, in the old side's order and then the new fields."""
    names = list(old) + [k for k in new if k not in old]
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


def diff_catalogues(old: Catalogue, new: Catalogue) -> tuple[DefinitionChange, ...]:
    """Added, removed and changed definitions, kind by kind, in the new policy's order."""
    out: list[DefinitionChange] = []
    for kind in kinds():
        before, after = old.get(kind, {}), new.get(kind, {})
        for key, fields in after.items():
            if key not in before:
                out.append(DefinitionChange(kind, key, "added", ()))
            elif before[key] != fields:
                out.append(
                    DefinitionChange(kind, key, "changed", field_changes(before[key], fields))
                )
        out.extend(DefinitionChange(kind, key, "removed", ()) for key in before if key not in after)
    return tuple(out)


def describe_value(value: Plain) -> str:
    """A field value in one short line (for text and Markdown)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(describe_value(v) for v in value) + "]"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "…"


def locations(policy: Policy) -> dict[str, dict[str, str]]:
    """file:line:col of each definition that records where it was written, by kind and key."""
    out: dict[str, dict[str, str]] = {kind: {} for kind in kinds()}
    for found in _defined(policy):
        if found.origin is not None and found.key not in out[found.kind]:
            out[found.kind][found.key] = str(found.origin.location)
    return out
