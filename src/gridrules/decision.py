"""The engine's plain data: requests, decisions and query answers, all frozen and JSON-friendly.

These are the names the HTTP service and the CLI speak; `to_dict()` gives
JSON-ready dicts and `from_dict()` reads them back (raising `RequestError`
with one clear sentence when a field is wrong).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from gridrules.errors import GridrulesError
from gridrules.model import Mode, Names
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
            f" — {errors[0].location}: {errors[0].code} {errors[0].message.en}" if errors else ""
        )
        first_zh = (
            f" — {errors[0].location}：{errors[0].code} {errors[0].message.zh}" if errors else ""
        )
        super().__init__(
            Text(
                f"政策 {folder} 未通过校验（{len(errors)} 个错误），不能用于判定{first_zh}",
                f"policy {folder} does not validate ({len(errors)} error{'' if len(errors) == 1 else 's'}); it cannot decide"
                f"{first}",
            ),
            exit_code=2,
        )
        self.folder = folder
        self.problems = tuple(problems)


def names_dict(names: Names) -> dict[str, str]:
    return {"zh": names.zh, "en": names.en}


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
            raise _bad(
                "principal",
                "一个人员编号或 {roles, grid, attributes}",
                "a worker id or {roles, grid, attributes}",
            )
        roles = data.get("roles")
        if (
            not isinstance(roles, list | tuple)
            or not roles
            or not all(isinstance(r, str) and r for r in roles)
        ):
            raise _bad("principal.roles", "非空的角色标识列表", "a non-empty list of role ids")
        grid = data.get("grid")
        if not isinstance(grid, str) or not grid:
            raise _bad("principal.grid", "网格编码字符串", "a grid code string")
        attributes = data.get("attributes") or {}
        if not isinstance(attributes, Mapping):
            raise _bad("principal.attributes", "键值对象", "an object")
        unknown = set(data) - {"roles", "grid", "attributes"}
        if unknown:
            raise _bad(f"principal.{sorted(unknown)[0]}", "不认识的字段", "an unknown field")
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
    raise _bad("at", "ISO 日期（2024-05-01）或日期时间", "an ISO date (2024-05-01) or date-time")


def parse_mode(value: Any) -> Mode:
    if isinstance(value, Mode):
        return value
    try:
        return Mode(value)
    except ValueError:
        raise _bad("mode", "normal 或 emergency", "normal or emergency") from None


def _bad(name: str, want_zh: str, want_en: str) -> RequestError:
    return RequestError(
        Text(
            f"请求字段 “{name}” 无效：应为{want_zh}",
            f"request field '{name}' is invalid: expected {want_en}",
        )
    )


def _text_field(data: Mapping[str, Any], name: str) -> str:
    value = data.get(name)
    if not isinstance(value, str) or not value:
        raise _bad(name, "非空字符串", "a non-empty string")
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
            raise RequestError(
                Text(
                    "只有应急模式（mode: emergency）的请求才能指定应急预案",
                    "a plan may be named only in emergency mode (mode: emergency)",
                )
            )

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
            raise RequestError(Text("请求应为 JSON 对象", "a request must be a JSON object"))
        unknown = set(data) - {"principal", "action", "matter", "grid", "at", "mode", "plan"}
        if unknown:
            raise _bad(sorted(unknown)[0], "（不认识的字段）", "(unknown field)")
        raw = data.get("principal")
        principal: str | Principal
        if isinstance(raw, str) and raw:
            principal = raw
        elif isinstance(raw, Mapping):
            principal = Principal.from_dict(raw)
        else:
            raise _bad("principal", "人员编号或 {roles, grid}", "a worker id or {roles, grid}")
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
class Decision:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "allowed": self.allowed,
            "reason": self.reason,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "source": self.source,
            "role": self.role,
            "policy_version": self.policy_version,
        }

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
            raise RequestError(
                Text("判定结果缺少 allowed 或 reason", "a decision needs allowed and reason")
            ) from None


@dataclass(frozen=True, slots=True)
class Person:
    """A roster worker named in an answer."""

    id: str
    name: str
    roles: tuple[str, ...]
    grid: str
    phone: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "roles": list(self.roles),
            "grid": self.grid,
            "phone": self.phone,
        }


@dataclass(frozen=True, slots=True)
class RoleAnswer:
    """A role that may act (who_can): its names, tier, scope and the granting rule."""

    role: str
    names: Names
    tier: str
    scope: str
    duty: str  # the duty (grant) id
    source: str | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "role": self.role,
            "names": names_dict(self.names),
            "tier": self.tier,
            "scope": self.scope,
            "duty": self.duty,
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class WhoCan:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "matter": self.matter,
            "grid": self.grid,
            "mode": self.mode,
            "at": self.at,
            "roles": [r.to_dict() for r in self.roles],
            "people": [p.to_dict() for p in self.people],
            "reason": self.reason,
            "message_zh": self.message_zh,
            "message_en": self.message_en,
            "policy_version": self.policy_version,
        }


@dataclass(frozen=True, slots=True)
class Permission:
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "matter": self.matter,
            "matter_names": names_dict(self.matter_names),
            "role": self.role,
            "duty": self.duty,
            "scope": self.scope,
            "grid": self.grid,
            "mode": self.mode,
            "source": self.source,
        }
