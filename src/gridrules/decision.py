"""The engine's plain data: requests, decisions and query answers, all frozen and JSON-friendly.

These are the names the HTTP service and the CLI speak; `to_dict()` gives
JSON-ready dicts and `from_dict()` reads them back (raising `RequestError`
with one clear sentence when a field is wrong).
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.lang import counted
from gridrules.model import Duration, Mode, Names
from gridrules.problems import Problem, Text
from gridrules.vocabulary import Reason as Reason

__all__ = [
    "Decision",
    "Permission",
    "Person",
    "PolicyInvalid",
    "Principal",
    "QueryError",
    "Reason",
    "Request",
    "RequestError",
    "RoleAnswer",
    "WhoCan",
    "parse_at",
    "parse_mode",
]


class RequestError(GridrulesError, ValueError):
    """A request or query that cannot be read (bad JSON field, bad date, bad mode)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message, exit_code=2)


class QueryError(GridrulesError, LookupError):
    """A query names something the policy does not know (route/who of an unknown matter…)."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message, exit_code=2)
        self.code = code


class PolicyInvalid(GridrulesError):
    """The policy has error-level problems: an invalid policy never answers."""

    def __init__(self, folder: str, problems: Sequence[Problem]) -> None:
        errors = [p for p in problems if p.level.value == "error"]
        first = (
            msg(
                "decisions.invalid.first",
                location=errors[0].location,
                code=errors[0].code,
                message=errors[0].message,
            )
            if errors
            else ""
        )
        super().__init__(
            msg(
                "decisions.invalid.policy",
                folder=folder,
                errors=counted("error", len(errors)),
                first=first,
            ),
            exit_code=2,
        )
        self.folder = folder
        self.problems = tuple(problems)


def names_dict(names: Names) -> dict[str, str]:
    return {"zh": names.zh, "en": names.en}


_PLAIN = frozenset({str, bool, int, float, type(None)})


def json_value(value: Any) -> Any:
    """A field as JSON data: names as {zh, en}, limits as written, enums by value, tuples as
    lists, records by their own `to_dict`."""
    if type(value) in _PLAIN:  # the common case first: decisions are answered in bulk
        return value
    if isinstance(value, Names):
        return names_dict(value)
    if isinstance(value, Duration):
        return value.text
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, tuple):
        return [json_value(v) for v in value]
    to_dict = getattr(value, "to_dict", None)
    return to_dict() if to_dict is not None else value


def json_fields(record: Any, keys: Iterable[str]) -> dict[str, Any]:
    """`record`'s attributes `keys`, in that order, as JSON data (`json_value`)."""
    return {key: json_value(getattr(record, key)) for key in keys}


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _field_names(cls: type) -> tuple[str, ...]:
    found = _FIELD_NAMES.get(cls)
    if found is None:
        found = _FIELD_NAMES[cls] = tuple(f.name for f in fields(cls))
    return found


class Record:
    """A dataclass answered as JSON: every field, in declaration order (`json_fields`)."""

    __slots__ = ()

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self, _field_names(type(self)))


# --- requests ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Principal:
    """A principal given inline: roles, the grid it is assigned to, free attributes."""

    roles: tuple[str, ...]
    grid: str
    attributes: Mapping[str, Any] = field(default_factory=dict, hash=False, compare=False)

    def __post_init__(self) -> None:
        if not isinstance(self.roles, tuple):
            object.__setattr__(self, "roles", tuple(self.roles))

    def to_dict(self) -> dict[str, Any]:
        return {"roles": list(self.roles), "grid": self.grid, "attributes": dict(self.attributes)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Principal:
        if not isinstance(data, Mapping):
            raise _bad("principal", msg("decisions.request.want.principal"))
        roles = data.get("roles")
        if (
            not isinstance(roles, list | tuple)
            or not roles
            or not all(isinstance(r, str) and r for r in roles)
        ):
            raise _bad("principal.roles", msg("decisions.request.want.roles"))
        grid = data.get("grid")
        if not isinstance(grid, str) or not grid:
            raise _bad("principal.grid", msg("decisions.request.want.grid"))
        attributes = data.get("attributes") or {}
        if not isinstance(attributes, Mapping):
            raise _bad("principal.attributes", msg("decisions.request.want.attributes"))
        unknown = set(data) - {"roles", "grid", "attributes"}
        if unknown:
            raise _bad(f"principal.{sorted(unknown)[0]}", msg("decisions.request.want.known_field"))
        return cls(tuple(roles), grid, dict(attributes))


def parse_at(value: Any) -> dt.date | dt.datetime | None:
    """ISO date (2024-05-01) or date-time (2024-05-01T09:30:00+08:00), or None for today."""
    if value is None or isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if len(text) == 10:
                return dt.date.fromisoformat(text)
            return dt.datetime.fromisoformat(text)
        except ValueError:
            pass
    raise _bad("at", msg("decisions.request.want.at"))


def parse_mode(value: Any) -> Mode:
    if isinstance(value, Mode):
        return value
    try:
        return Mode(value)
    except ValueError:
        raise _bad("mode", msg("decisions.request.want.mode")) from None


def _bad(name: str, want: Text) -> RequestError:
    return RequestError(msg("decisions.request.bad_field", name=name, want=want))


def _text_field(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise _bad(name, msg("decisions.request.want.text"))
    return value


@dataclass(frozen=True, slots=True)
class Request:
    """May `principal` take `action` on `matter` in `grid` (at a time, in a mode)?

    `principal` is a roster worker id or an inline `Principal`; `at` is a date or
    date-time (None = today, in local time); `mode` is normal or emergency;
    `plan` names the active emergency plan (emergency mode only; None = any plan).
    Strings are accepted for `at` and `mode` and normalised.
    """

    principal: str | Principal
    action: str
    matter: str
    grid: str
    at: dt.date | dt.datetime | None = None
    mode: Mode = Mode.NORMAL
    plan: str | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.mode, Mode):
            object.__setattr__(self, "mode", parse_mode(self.mode))
        if self.at is not None and not isinstance(self.at, dt.date):
            object.__setattr__(self, "at", parse_at(self.at))
        if isinstance(self.principal, Mapping):
            object.__setattr__(self, "principal", Principal.from_dict(self.principal))
        if self.plan is not None and self.mode is not Mode.EMERGENCY:
            raise RequestError(msg("decisions.request.plan_needs_emergency"))

    def to_dict(self) -> dict[str, Any]:
        principal = self.principal if isinstance(self.principal, str) else self.principal.to_dict()
        out = {
            "principal": principal,
            "action": self.action,
            "matter": self.matter,
            "grid": self.grid,
            "at": self.at.isoformat() if self.at is not None else None,
            "mode": self.mode.value,
        }
        if self.plan is not None:
            out["plan"] = self.plan
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Request:
        if not isinstance(data, Mapping):
            raise RequestError(msg("decisions.request.not_object"))
        unknown = set(data) - {"principal", "action", "matter", "grid", "at", "mode", "plan"}
        if unknown:
            raise _bad(sorted(unknown)[0], msg("decisions.request.want.no_such_field"))
        raw = data.get("principal")
        principal: str | Principal
        if isinstance(raw, str) and raw:
            principal = raw
        elif isinstance(raw, Mapping):
            principal = Principal.from_dict(raw)
        else:
            raise _bad("principal", msg("decisions.request.want.worker_or_inline"))
        return cls(
            principal=principal,
            action=_text_field(data, "action"),
            matter=_text_field(data, "matter"),
            grid=_text_field(data, "grid"),
            at=parse_at(data.get("at")),
            mode=parse_mode(data.get("mode", "normal")),
            plan=_text_field(data, "plan") if data.get("plan") is not None else None,
        )


# --- answers ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Decision(Record):
    """The answer to a `Request`: allowed or not, why, in both languages, and which rule decided."""

    allowed: bool
    reason: str  # a `Reason` value
    message_zh: str
    message_en: str
    source: str | None  # "file:line:col" of the deciding rule; None when no rule applies
    role: str | None  # the role that allowed (or whose denial is reported)
    policy_version: str

    def message(self, lang: str) -> str:
        return self.message_zh if lang == "zh" else self.message_en

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Decision:
        try:
            return cls(
                allowed=bool(data["allowed"]),
                reason=str(data["reason"]),
                message_zh=str(data.get("message_zh", "")),
                message_en=str(data.get("message_en", "")),
                source=data.get("source"),
                role=data.get("role"),
                policy_version=str(data.get("policy_version", "")),
            )
        except (KeyError, TypeError):
            raise RequestError(msg("decisions.request.bad_decision")) from None


@dataclass(frozen=True, slots=True)
class Person(Record):
    """A roster worker named in an answer."""

    id: str
    name: str
    roles: tuple[str, ...]
    grid: str
    phone: str = ""


@dataclass(frozen=True, slots=True)
class RoleAnswer(Record):
    """A role that may act (who_can): its names, tier, scope and the granting rule."""

    role: str
    names: Names
    tier: str
    scope: str
    duty: str  # the duty (grant) id
    source: str | None


@dataclass(frozen=True, slots=True)
class WhoCan(Record):
    """Roles (and roster people, if a roster is loaded) who may take an action on a matter in a grid."""

    action: str
    matter: str
    grid: str
    mode: str
    at: str  # the ISO date judged
    roles: tuple[RoleAnswer, ...]
    people: tuple[Person, ...]
    reason: str  # allowed when someone can; else why nobody can (e.g. excluded)
    message_zh: str
    message_en: str
    policy_version: str


@dataclass(frozen=True, slots=True)
class Permission(Record):
    """One thing a principal may do (what_can): an action on a matter, through a role and duty."""

    action: str
    matter: str
    matter_names: Names
    role: str
    duty: str
    scope: str  # own_grid, subtree or jurisdiction
    grid: str  # the principal's assigned grid the scope is taken from
    mode: str  # normal, or emergency for overlay grants
    source: str | None
