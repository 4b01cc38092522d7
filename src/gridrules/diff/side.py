"""One side of a diff: load a policy folder (or a git revision of one) and reduce it to plain data.

A side is loaded and validated exactly as `gridrules validate` does. It is
refused (exit 2, its problems one line each) when it cannot be read or
built: YAML, schema, reference, duplicate-id or cycle errors, a registry that
does not fit the tiers, staffing errors and the like. Five error-level rules are the exception,
because their findings are precisely what a diff reports as the effect of a
change — GR501 grant-not-admitted, GR502 grant-excluded, GR504
temporary-without-expiry, GR505 admitted-and-excluded, GR601
matter-unhandled: a side with those still diffs, and the report lists them.

The two sides are loaded in two processes when `jobs > 1` (a city-scale
registry takes seconds to load); each process keeps its policy until the
parent, having compared the registries, asks it for the notice sheets that
may have changed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import traceback
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from gridrules.catalogue import msg, section
from gridrules.compile import compile_policy
from gridrules.decision_index import DecisionIndex
from gridrules.diff.git import materialise
from gridrules.diff.impact import (
    PagePrints,
    Registry,
    notice_inputs,
    page_prints,
    registry,
    route_fields,
)
from gridrules.diff.model_diff import Catalogue, Fields, catalogue, locations
from gridrules.diff.permissions import PermissionTable, permission_table
from gridrules.diff.workload import WorkloadSide, workload_side
from gridrules.errors import GridrulesError
from gridrules.gcpause import paused_gc
from gridrules.model import Names, Policy
from gridrules.problems import Level, Problem, Text

# Error-level findings the diff reports as effects instead of refusing the side.
TOLERATED = frozenset({"GR501", "GR502", "GR504", "GR505", "GR601"})

Display = Callable[[str], str]
Labels = dict[str, dict[str, tuple[str, str]]]


@dataclass(frozen=True, slots=True)
class SideSpec:
    """What the user named: a folder, optionally at a git revision, and the policy root."""

    path: str
    rev: str | None = None
    root: str | None = None

    @property
    def label(self) -> str:
        return f"{self.rev}:{self.path}" if self.rev else self.path


@dataclass(frozen=True, slots=True)
class SideInfo:
    label: str  # the folder as named, or REV:folder
    path: str
    rev: str | None
    commit: str | None  # the commit a revision resolved to
    version: str  # content hash of the policy files (and git commit)
    jurisdiction: str
    names: Names


@dataclass(frozen=True, slots=True)
class ProblemLine:
    code: str
    rule: str
    location: str
    message: Text

    @classmethod
    def of(cls, problem: Problem, display: Display) -> ProblemLine:
        return cls(problem.code, problem.rule, display(str(problem.location)), problem.message)

    def line(self, lang: str) -> str:
        return f"{self.location}: {self.code} {self.rule}: {self.message(lang)}"


class SideInvalid(GridrulesError):
    """A side that cannot be diffed: its error-level problems, one line each."""

    def __init__(self, side: str, label: str, problems: Sequence[ProblemLine]) -> None:
        n = len(problems)
        sides = {k: (e["zh"], e["en"]) for k, e in section("diff.words.side").items()}
        super().__init__(
            msg(
                "diff.side.invalid",
                side=sides.get(side, (side, side)),
                label=label,
                errors=msg("diff.side.errors.one", n=n)
                if n == 1
                else msg("diff.side.errors.many", n=n),
            ),
            exit_code=2,
        )
        self.side = side
        self.label = label
        self.problems = tuple(problems)


@dataclass(frozen=True, slots=True)
class SideSnapshot:
    """Everything the comparison needs from one side, as plain (picklable) data."""

    info: SideInfo
    catalogue: Catalogue
    locations: Mapping[str, Mapping[str, str]]
    labels: Labels
    permissions: PermissionTable
    routes: Mapping[str, Fields]
    registry: Registry
    notice_inputs: str
    role_order: Mapping[str, int]
    matter_order: Mapping[str, int]
    problems: tuple[ProblemLine, ...]  # tolerated error-level findings (see TOLERATED)
    workload: WorkloadSide | None = None  # hours a month per role and schedule (diff/workload.py)


def _same(path: str) -> str:
    return path


def labels(policy: Policy) -> Labels:
    def pairs(items: Sequence[Any]) -> dict[str, tuple[str, str]]:
        return {i.id: (i.names.zh, i.names.en or i.names.zh) for i in items}

    p = policy
    return {
        "role": pairs(p.roles),
        "matter": pairs(p.matters),
        "tier": pairs(p.tiers),
        "category": pairs(p.categories),
        "escalation_level": pairs(p.escalation.levels),
        "department": pairs(p.escalation.departments),
    }


def take_snapshot(
    policy: Policy,
    at: dt.date,
    info: SideInfo,
    problems: Sequence[ProblemLine] = (),
    display: Display = _same,
) -> SideSnapshot:
    """Compile the policy as the engine does and reduce it to plain data."""
    artifacts = compile_policy(policy)
    index = DecisionIndex(artifacts)
    table = permission_table(policy, at, artifacts, index)
    if display is not _same:
        table = PermissionTable(
            table.at, {k: replace(p, source=display(p.source)) for k, p in table.entries.items()}
        )
    where = {
        kind: {key: display(loc) for key, loc in found.items()}
        for kind, found in locations(policy).items()
    }
    return SideSnapshot(
        info=info,
        catalogue=catalogue(policy),
        locations=where,
        labels=labels(policy),
        permissions=table,
        routes=route_fields(policy),
        registry=registry(policy, dict(index.span)),
        notice_inputs=notice_inputs(policy),
        role_order={r.id: i for i, r in enumerate(policy.roles)},
        matter_order={m.id: i for i, m in enumerate(policy.matters)},
        problems=tuple(problems),
        workload=workload_side(policy, at),
    )


# --- one side, step by step ----------------------------------------------------

# A session yields the side's SideSnapshot, then receives None (no pages) or
# ("pages", notices) — notices None for every notice sheet, else grid ids — and
# yields its PagePrints (None when the renderer is missing).
Session = Generator[Any, Any, None]


def session(side: str, spec: SideSpec, at: dt.date) -> Session:
    """Load and validate one side (exporting a revision first), then reduce it (see Session)."""
    from gridrules.validate import validate_folder
    from gridrules.version import PolicyVersion, content_hash, policy_version

    tree = materialise(spec.path, spec.rev, root=spec.root) if spec.rev else None
    try:
        with paused_gc():
            folder = tree.folder if tree else Path(spec.path)
            root = tree.root if tree else (Path(spec.root) if spec.root else None)
            display: Display = tree.display if tree else _same
            result = validate_folder(folder, root=root, today=at)
            errors = [ProblemLine.of(p, display) for p in result.problems if p.level is Level.ERROR]
            blocking = [e for e in errors if e.code not in TOLERATED]
            if blocking:
                raise SideInvalid(side, spec.label, blocking)
            policy = result.built  # built even when only tolerated errors were found
            if policy is None:  # pragma: no cover - shape errors are never tolerated
                raise SideInvalid(side, spec.label, errors)
            if tree is not None:  # an exported revision is clean at its commit
                version = str(PolicyVersion(content_hash(policy.files), tree.commit, False))
            else:
                version = str(policy_version(policy))
            j = policy.jurisdiction
            info = SideInfo(
                label=spec.label,
                path=spec.path,
                rev=spec.rev,
                commit=tree.commit if tree else None,
                version=version,
                jurisdiction=j.id,
                names=j.names,
            )
            request = yield take_snapshot(policy, at, info, errors, display)
            if request is not None:
                _, notices = request
                yield page_prints(policy, at, notices)
    finally:
        if tree is not None:
            tree.cleanup()


def policy_session(side: str, policy: Policy, at: dt.date, label: str) -> Session:
    """A session over an already loaded policy (the library entry point)."""
    from gridrules.version import policy_version

    j = policy.jurisdiction
    version = str(policy_version(policy)) if policy.files else label
    info = SideInfo(label, j.folder, None, None, version, j.id, j.names)
    request = yield take_snapshot(policy, at, info)
    if request is not None:
        yield page_prints(policy, at, request[1])


# --- running two sessions, in two processes when allowed ------------------------


class Runner:
    """Drives one session in this process or in a forked child; same protocol either way."""

    def __init__(self, make: Callable[[], Session], fork: bool) -> None:
        self._gen: Session | None = None
        self._proc: Any = None
        self._conn: Any = None
        self._request: tuple[str, Sequence[str] | None] | None = None
        if fork:
            ctx = multiprocessing.get_context("fork")
            parent, child = ctx.Pipe()
            self._proc = ctx.Process(target=_relay, args=(make, child), daemon=True)
            self._proc.start()
            child.close()
            self._conn = parent
        else:
            self._gen = make()

    def first(self) -> SideSnapshot:
        if self._gen is not None:
            return next(self._gen)  # type: ignore[no-any-return]
        return self._receive()  # type: ignore[no-any-return]

    def ask_pages(self, notices: Sequence[str] | None) -> None:
        """Ask for the page prints (a child starts at once); collect them with `pages()`."""
        self._request = ("pages", notices)
        if self._conn is not None:
            self._conn.send(self._request)

    def pages(self) -> PagePrints | None:
        if self._gen is not None:
            return self._gen.send(self._request)  # type: ignore[no-any-return]
        return self._receive()  # type: ignore[no-any-return]

    def close(self, *, abort: bool = False) -> None:
        """Finish the session; `abort` stops a child at once (the other side failed)."""
        if self._gen is not None:
            self._gen.close()
        elif self._proc is not None:
            if abort:
                self._proc.kill()
            else:
                with contextlib.suppress(OSError):
                    self._conn.send(None)  # a child still waiting for a request ends
            self._proc.join(timeout=10)
            if self._proc.is_alive():
                self._proc.kill()
                self._proc.join()
            self._conn.close()

    def _receive(self) -> Any:
        try:
            kind, *payload = self._conn.recv()
        except EOFError:
            raise RuntimeError("diff worker process ended unexpectedly") from None
        if kind == "ok":
            return payload[0]
        if kind == "invalid":
            raise SideInvalid(*payload)
        if kind == "error":
            raise GridrulesError(payload[0], exit_code=payload[1])
        raise RuntimeError(f"diff worker failed:\n{payload[0]}")


def _relay(make: Callable[[], Session], conn: Any) -> None:  # pragma: no cover - child process
    try:
        gen = make()
        conn.send(("ok", next(gen)))
        request = conn.recv()
        if request is not None:
            conn.send(("ok", gen.send(request)))
        gen.close()
    except SideInvalid as exc:
        conn.send(("invalid", exc.side, exc.label, exc.problems))
    except GridrulesError as exc:
        text = getattr(exc, "text", None) or Text(exc.message, exc.message)
        conn.send(("error", text, exc.exit_code))
    except BaseException:
        conn.send(("crash", traceback.format_exc()))
    finally:
        conn.close()
        os._exit(0)  # leave without running the parent's atexit handlers or flushing its buffers


def can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()
