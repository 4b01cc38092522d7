"""The records a policy holder keeps: a loaded snapshot, a rejection, a reload's outcome.

Split from gridrules.service.holder (which re-exports every name here).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from gridrules.model import Names
from gridrules.problems import Level, Problem, Text

if TYPE_CHECKING:
    from gridrules.engine import Engine

MAX_REPORTED_PROBLEMS = 50  # a rejected reload reports at most this many problems

APPLIED, UNCHANGED, REJECTED = "applied", "unchanged", "rejected"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True, slots=True)
class Snapshot:
    """One loaded, validated policy and the engine over it. Never changes once made."""

    engine: Engine
    version: str  # the policy version decisions carry
    jurisdiction: str
    jurisdiction_names: Names
    commit: str | None
    dirty: bool
    loaded_at: dt.datetime
    source: str  # the folder it came from, or store:<digest>
    warnings: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()  # absolute paths of the files it was built from
    extra: dict[str, Any] = field(default_factory=dict, compare=False)  # e.g. store release

    def describe(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "jurisdiction_names": {
                "zh": self.jurisdiction_names.zh,
                "en": self.jurisdiction_names.en,
            },
            "version": self.version,
            "commit": self.commit,
            "dirty": self.dirty,
            "loaded_at": self.loaded_at.isoformat(),
            "source": self.source,
            "warnings": [problem_dict(p) for p in self.warnings[:MAX_REPORTED_PROBLEMS]],
            **({"store": self.extra} if self.extra else {}),
        }


@dataclass(frozen=True, slots=True)
class Rejection:
    """A reload whose policy did not load or validate: it was not swapped in."""

    at: dt.datetime
    trigger: str
    source: str
    message: Text
    problems: tuple[Problem, ...]

    def describe(self) -> dict[str, Any]:
        errors = [p for p in self.problems if p.level is Level.ERROR]
        return {
            "at": self.at.isoformat(),
            "trigger": self.trigger,
            "source": self.source,
            "message_zh": self.message.zh,
            "message_en": self.message.en,
            "errors": len(errors),
            "problems": [problem_dict(p) for p in self.problems[:MAX_REPORTED_PROBLEMS]],
        }


@dataclass(frozen=True, slots=True)
class ReloadOutcome:
    status: str  # applied, unchanged or rejected
    trigger: str
    version: str | None  # the version serving after the reload
    previous: str | None  # the version serving before it
    seconds: float
    rejection: Rejection | None = None

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "status": self.status,
            "trigger": self.trigger,
            "version": self.version,
            "previous": self.previous,
            "seconds": round(self.seconds, 6),
        }
        if self.rejection is not None:
            out["rejection"] = self.rejection.describe()
        return out


class PolicyRejected(Exception):
    """A source could not produce a valid policy; carries the problems found."""

    def __init__(self, message: Text, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message.en)
        self.message = message
        self.problems = tuple(problems)


class NotReady(Exception):
    """No policy has been loaded yet (a store replica before the first publish)."""


class PolicySource(Protocol):
    """Where policies come from: a folder on disk or the PostgreSQL store."""

    description: str

    def load(self) -> Snapshot:
        """Load and validate the newest policy; raise `PolicyRejected` if it has errors."""
        ...


# what the service shows of a problem: `validate --format json`'s fields but the
# language-dependent ones (message, hint) and the offending value
PROBLEM_FIELDS = (
    "code",
    "rule",
    "level",
    "file",
    "line",
    "column",
    "path",
    "message_zh",
    "message_en",
)


def problem_dict(p: Problem) -> dict[str, Any]:
    from gridrules.report import problem_dict as full

    shown = full(p, "en")
    return {key: shown[key] for key in PROBLEM_FIELDS}


def version_fields(engine: Engine) -> tuple[str, str | None, bool]:
    """(version text, git commit, dirty) from `Engine.version` (a PolicyVersion or a str).

    The text is exactly what the engine puts in every decision's `policy_version`.
    """
    version = engine.version
    commit = getattr(version, "commit", None)
    return str(version), commit, bool(getattr(version, "dirty", False))
