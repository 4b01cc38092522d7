"""The policy's small documents as plain JSON values, and back — no pickle, no code from the file.

A snapshot carries the resolved policy *without* its registry and roster (those
are the compact tables of gridrules.snapshot.tables): jurisdiction, tiers,
roles, matters, duties, admissions, escalation, party, emergency plans — a few
hundred objects at most. They are frozen dataclasses of gridrules.model; this
codec writes each as its class name and fields, and reads back only classes on
an allow-list (a snapshot is input from outside: an unknown name is refused,
nothing is imported or called by name beyond that list).

An `Origin` points into a parsed YAML document the snapshot does not carry; it
is written as the locations the decision messages and routes ask it for (the
definition itself and the few fields they name), and read back as a
`FrozenLocator` that answers those.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import itertools
from functools import cache
from typing import Any

from gridrules import vocabulary
from gridrules.model import base as model_base
from gridrules.model import documents, operations
from gridrules.model import policy as model_policy
from gridrules.model import registers as model_registers
from gridrules.model.base import Origin
from gridrules.problems import Location, Text


class CodecError(ValueError):
    """The snapshot holds something this codec does not read (a class or tag it does not know)."""


# The sub-paths of an origin that decisions, queries and routes locate (docs/decisions.md,
# "source points at"): the definition itself and these fields; level limits per level id.
_FIELDS: tuple[tuple[str, ...], ...] = (
    (),
    ("expires",),
    ("mode",),
    ("effective",),
    ("scope",),
    ("handling_tier",),
    ("within",),
    ("time_limit",),
    ("time_limits", "report_within"),
)


@cache
def classes() -> dict[str, type[Any]]:
    """The allow-list: the model's dataclasses and those the document kinds declare
    (gridrules.kinds.<kind>.KIND.model; read on first use, the kinds import the loader)."""
    from gridrules.kinds import registry

    out: dict[str, type[Any]] = {}
    declared = (value for kind in registry() for value in kind.model)
    modules = (model_base, documents, operations, model_policy, model_registers)
    for value in itertools.chain((v for m in modules for v in vars(m).values()), declared):
        if isinstance(value, type) and dataclasses.is_dataclass(value):
            out.setdefault(value.__name__, value)
    out["Location"] = Location
    out["Text"] = Text
    for name in ("Grid", "Worker", "Policy", "Origin"):
        out.pop(name, None)  # written by their own codecs
    return out


def _enums() -> dict[str, type[enum.Enum]]:
    return {
        name: value
        for name, value in vars(vocabulary).items()
        if isinstance(value, type) and issubclass(value, enum.Enum)
    }


ENUMS = _enums()


class FrozenLocator:
    """Answers `locate(path)` from the locations recorded when the snapshot was built."""

    __slots__ = ("_at",)

    def __init__(self, at: dict[tuple[Any, ...], Location]) -> None:
        self._at = at

    def locate(self, path: tuple[Any, ...]) -> Location:
        for cut in range(len(path), -1, -1):
            found = self._at.get(tuple(path[:cut]))
            if found is not None:
                return found
        return Location("<snapshot>")


class Encoder:
    """Model objects → JSON values. `level_ids` widens the located sub-paths (level limits)."""

    def __init__(self, level_ids: tuple[str, ...] = ()) -> None:
        self._fields = _FIELDS + tuple(("time_limits", "level_limits", x) for x in level_ids)

    def __call__(self, value: Any) -> Any:
        if value is None or (
            isinstance(value, (bool, int, float, str)) and not isinstance(value, enum.Enum)
        ):
            return value
        if isinstance(value, enum.Enum):
            return {"!e": [type(value).__name__, value.value]}
        if isinstance(value, dt.datetime):
            return {"!t": value.isoformat()}
        if isinstance(value, dt.date):
            return {"!d": value.isoformat()}
        if isinstance(value, (tuple, list)):
            return [self(v) for v in value]
        if isinstance(value, (set, frozenset)):
            return {"!s": sorted((self(v) for v in value), key=repr)}
        if isinstance(value, dict):
            return {"!m": [[self(k), self(v)] for k, v in value.items()]}
        if isinstance(value, Origin):
            return {"!o": self.origin(value)}
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            name = type(value).__name__
            if name not in classes():
                raise CodecError(f"cannot write a {name} into a snapshot")
            fields = {f.name: self(getattr(value, f.name)) for f in dataclasses.fields(value)}
            return {"!c": name, "f": fields}
        raise CodecError(f"cannot write a {type(value).__name__} into a snapshot")

    def origin(self, origin: Origin) -> list[list[Any]]:
        base = origin.location
        out: list[list[Any]] = [[[], base.file, base.line, base.column]]
        for sub in self._fields[1:]:
            at = origin.at(*sub)
            if at != base:
                out.append([list(sub), at.file, at.line, at.column])
        return out


def decode(value: Any) -> Any:
    """JSON values → model objects (arrays come back as tuples)."""
    if isinstance(value, list):
        return tuple(decode(v) for v in value)
    if not isinstance(value, dict):
        return value
    if "!c" in value:
        cls = classes().get(value["!c"])
        if cls is None:
            raise CodecError(f"unknown class {value['!c']!r}")
        fields = value.get("f")
        if not isinstance(fields, dict):
            raise CodecError(f"{value['!c']} without fields")
        return cls(**{k: decode(v) for k, v in fields.items()})
    if "!e" in value:
        name, raw = value["!e"]
        kind = ENUMS.get(name)
        if kind is None:
            raise CodecError(f"unknown enumeration {name!r}")
        return kind(raw)
    if "!d" in value:
        return dt.date.fromisoformat(value["!d"])
    if "!t" in value:
        return dt.datetime.fromisoformat(value["!t"])
    if "!s" in value:
        return frozenset(decode(v) for v in value["!s"])
    if "!m" in value:
        return {decode(k): decode(v) for k, v in value["!m"]}
    if "!o" in value:
        return decode_origin(value["!o"])
    raise CodecError(f"unknown tag in {sorted(value)[:3]}")


def decode_origin(rows: list[list[Any]]) -> Origin:
    at = {tuple(sub): Location(str(f), int(line), int(col)) for sub, f, line, col in rows}
    return Origin(FrozenLocator(at), ())
