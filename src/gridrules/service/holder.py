"""The running policy: an atomic holder of the current engine, and safe reloads.

`PolicyHolder.current` is one immutable `Snapshot` (engine + metadata). A
request reads it once at its start and uses that snapshot to the end, so it
finishes on the version it started with, whatever reloads happen meanwhile.

`PolicyHolder.reload()` asks its `PolicySource` for a new snapshot, which the
source loads and validates off to the side. Only a snapshot that loaded
cleanly is swapped in, with one attribute assignment (atomic in CPython);
a policy with errors never replaces the running one — it is kept as the
holder's `rejected` record for the metadata endpoint and the log. Reloads are
serialised by a lock, so two triggers (a file change and SIGHUP) never race.

Nothing here knows HTTP: the holder is tested on its own.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from gridrules.model import Names
from gridrules.problems import Level, Problem, Text

if TYPE_CHECKING:
    from gridrules.engine import Engine
    from gridrules.model import Policy
    from gridrules.version import PolicyVersion

log = logging.getLogger("gridrules.service")

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


def problem_dict(p: Problem) -> dict[str, Any]:
    return {
        "code": p.code,
        "rule": p.rule,
        "level": p.level.value,
        "file": p.location.file,
        "line": p.location.line,
        "column": p.location.column,
        "path": p.path,
        "message_zh": p.message.zh,
        "message_en": p.message.en,
    }


def version_fields(engine: Engine) -> tuple[str, str | None, bool]:
    """(version text, git commit, dirty) from `Engine.version` (a PolicyVersion or a str).

    The text is exactly what the engine puts in every decision's `policy_version`.
    """
    version = engine.version
    commit = getattr(version, "commit", None)
    return str(version), commit, bool(getattr(version, "dirty", False))


def snapshot_from_policy(
    policy: Policy,
    *,
    source: str,
    warnings: Iterable[Problem] = (),
    extra: dict[str, Any] | None = None,
    version: PolicyVersion | None = None,
) -> Snapshot:
    """Build the engine over a validated policy; any failure is a rejection, never a crash.

    `version` overrides the one computed from the files (a store replica passes
    the publisher's, so every replica's decisions carry the same version).
    """
    from gridrules.engine import Engine

    try:
        engine = Engine.from_policy(policy, version=version)
    except Exception as exc:  # the engine refused the policy: report it, keep serving the old one
        problems = tuple(getattr(exc, "problems", ()))
        raise PolicyRejected(
            Text(
                f"判定引擎无法加载该政策：{exc}",
                f"the decision engine cannot load the policy: {exc}",
            ),
            problems,
        ) from exc
    text, commit, dirty = version_fields(engine)
    jurisdiction = policy.jurisdiction
    return Snapshot(
        engine=engine,
        version=text,
        jurisdiction=jurisdiction.id,
        jurisdiction_names=jurisdiction.names,
        commit=commit,
        dirty=dirty,
        loaded_at=_now(),
        source=source,
        warnings=tuple(warnings),
        files=tuple(os.path.abspath(f) for f in policy.files),
        extra=extra or {},
    )


class FolderSource:
    """A jurisdiction folder (and the parents it extends), loaded with `load_policy`."""

    def __init__(
        self, folder: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None
    ):
        self.folder = Path(folder).resolve()
        self.root = Path(root).resolve() if root is not None else None
        self.description = str(self.folder)

    def load(self) -> Snapshot:
        from gridrules.policy import load_policy

        result = load_policy(self.folder, root=self.root)
        if result.policy is None or not result.ok:
            errors = [p for p in result.problems if p.level is Level.ERROR]
            first = (
                f" — {errors[0].location}: {errors[0].code} {errors[0].message.en}"
                if errors
                else ""
            )
            first_zh = (
                f" — {errors[0].location}：{errors[0].code} {errors[0].message.zh}"
                if errors
                else ""
            )
            raise PolicyRejected(
                Text(
                    f"政策 {self.folder} 未通过校验（{len(errors)} 个错误），未替换正在使用的版本{first_zh}",
                    f"policy {self.folder} does not validate ({len(errors)} errors); "
                    f"the running version stays{first}",
                ),
                result.problems,
            )
        return snapshot_from_policy(
            result.policy, source=str(self.folder), warnings=result.problems
        )

    def watch_dirs(self, snapshot: Snapshot | None) -> set[Path]:
        """The folders whose files make the policy: the jurisdiction and every parent it extends."""
        dirs = {self.folder}
        if snapshot is not None:
            dirs |= {Path(f).parent for f in snapshot.files}
        return {d for d in dirs if d.is_dir()}


Listener = Callable[[ReloadOutcome, "Snapshot | None"], None]


class PolicyHolder:
    """The current snapshot, swapped atomically by `reload()`; safe to share between threads."""

    def __init__(self, source: PolicySource) -> None:
        self.source = source
        self._current: Snapshot | None = None
        self._rejected: Rejection | None = None
        self._last: ReloadOutcome | None = None
        self._lock = threading.Lock()
        self._listeners: list[Listener] = []

    @property
    def current(self) -> Snapshot | None:
        """The snapshot serving now (None before the first successful load)."""
        return self._current

    def require(self) -> Snapshot:
        snapshot = self._current
        if snapshot is None:
            raise NotReady("no policy loaded yet")
        return snapshot

    @property
    def rejected(self) -> Rejection | None:
        """The latest reload that was refused, until a later reload succeeds."""
        return self._rejected

    @property
    def last_reload(self) -> ReloadOutcome | None:
        return self._last

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(outcome, snapshot)` after every reload (metrics, log, workers)."""
        self._listeners.append(listener)

    def reload(self, trigger: str = "manual") -> ReloadOutcome:
        """Load the source's newest policy off to the side and swap it in if it is valid."""
        with self._lock:
            started = time.perf_counter()
            previous = self._current
            before = previous.version if previous else None
            try:
                candidate = self.source.load()
            except PolicyRejected as exc:
                rejection = Rejection(
                    _now(), trigger, self.source.description, exc.message, exc.problems
                )
                outcome = ReloadOutcome(
                    REJECTED, trigger, before, before, time.perf_counter() - started, rejection
                )
                self._rejected = rejection
            except Exception as exc:  # a bug or I/O failure while loading: same as invalid
                log.exception(
                    "reload (%s) failed while loading %s", trigger, self.source.description
                )
                rejection = Rejection(
                    _now(),
                    trigger,
                    self.source.description,
                    Text(f"加载政策时出错：{exc}", f"loading the policy failed: {exc}"),
                    (),
                )
                outcome = ReloadOutcome(
                    REJECTED, trigger, before, before, time.perf_counter() - started, rejection
                )
                self._rejected = rejection
            else:
                same = previous is not None and _same_policy(previous, candidate)
                if not same:
                    self._current = candidate  # the swap: one reference assignment
                self._rejected = None
                outcome = ReloadOutcome(
                    UNCHANGED if same else APPLIED,
                    trigger,
                    candidate.version,
                    before,
                    time.perf_counter() - started,
                )
            self._last = outcome
            current = self._current
        _log_outcome(outcome)
        for listener in list(self._listeners):
            try:
                listener(outcome, current)
            except Exception:  # a metrics or log hook must never break reloading
                log.exception("reload listener failed")
        return outcome

    def describe(self) -> dict[str, Any]:
        current = self._current
        return {
            "ready": current is not None,
            "policy": current.describe() if current else None,
            "rejected": self._rejected.describe() if self._rejected else None,
            "last_reload": self._last.describe() if self._last else None,
            "source": self.source.description,
        }


def _same_policy(old: Snapshot, new: Snapshot) -> bool:
    return (old.version, old.commit, old.dirty, old.extra) == (
        new.version,
        new.commit,
        new.dirty,
        new.extra,
    )


def _log_outcome(outcome: ReloadOutcome) -> None:
    if outcome.status == APPLIED:
        log.info(
            "policy %s now serving (was %s; %s, %.0f ms)",
            outcome.version,
            outcome.previous,
            outcome.trigger,
            outcome.seconds * 1000,
        )
    elif outcome.status == UNCHANGED:
        log.info("policy %s unchanged (%s)", outcome.version, outcome.trigger)
    elif outcome.rejection is not None:
        rejection = outcome.rejection
        log.error(
            "reload (%s) rejected; still serving %s: %s",
            outcome.trigger,
            outcome.version,
            rejection.message.en,
        )
        for p in rejection.problems[:MAX_REPORTED_PROBLEMS]:
            if p.level is Level.ERROR:
                log.error("  %s: %s %s: %s", p.location, p.code, p.rule, p.message.en)


# --- file watching ----------------------------------------------------------

POLICY_SUFFIXES = (".yaml", ".yml", ".csv")


async def watch_folder(
    holder: PolicyHolder,
    source: FolderSource,
    stop: asyncio.Event,
    *,
    debounce_ms: int = 200,
    reload: Callable[[str], Any] | None = None,
) -> None:
    """Reload when a policy file changes, until `stop` is set.

    Watches, without recursion, the folders the policy was built from (the
    jurisdiction and its parents); when a reload changes that set (a new
    `extends`), the watch restarts on the new set.
    """
    from watchfiles import awatch

    async def do_reload(trigger: str) -> Any:
        if reload is not None:
            return await asyncio.to_thread(reload, trigger)
        return await asyncio.to_thread(holder.reload, trigger)

    while not stop.is_set():
        dirs = source.watch_dirs(holder.current)
        if not dirs:
            await _wait(stop, 1.0)
            continue

        wanted = _policy_filter(dirs)

        try:
            async for _changes in awatch(
                *dirs,
                watch_filter=wanted,
                recursive=False,
                debounce=debounce_ms,
                step=20,
                stop_event=stop,
            ):
                await do_reload("file")
                if source.watch_dirs(holder.current) != dirs:
                    break  # the extends chain moved: watch the new folders
        except (OSError, RuntimeError) as exc:  # a watched folder vanished: retry shortly
            log.warning("file watch stopped (%s); retrying", exc)
            await _wait(stop, 1.0)


def _policy_filter(dirs: set[Path]) -> Callable[[Any, str], bool]:
    def wanted(change: Any, path: str) -> bool:
        return path.endswith(POLICY_SUFFIXES) and Path(path).parent in dirs

    return wanted


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
