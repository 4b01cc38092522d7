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
import gc
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gridrules.catalogue import msg
from gridrules.problems import Level
from gridrules.service.policy_source import (
    FolderSource as FolderSource,
)
from gridrules.service.policy_source import (
    SnapshotFileSource as SnapshotFileSource,
)
from gridrules.service.policy_source import (
    snapshot_from_engine as snapshot_from_engine,
)
from gridrules.service.policy_source import (
    snapshot_from_policy as snapshot_from_policy,
)
from gridrules.service.records import (
    APPLIED as APPLIED,
)
from gridrules.service.records import (
    MAX_REPORTED_PROBLEMS as MAX_REPORTED_PROBLEMS,
)
from gridrules.service.records import (
    REJECTED as REJECTED,
)
from gridrules.service.records import (
    UNCHANGED as UNCHANGED,
)
from gridrules.service.records import (
    NotReady as NotReady,
)
from gridrules.service.records import (
    PolicyRejected as PolicyRejected,
)
from gridrules.service.records import (
    PolicySource as PolicySource,
)
from gridrules.service.records import (
    Rejection as Rejection,
)
from gridrules.service.records import (
    ReloadOutcome as ReloadOutcome,
)
from gridrules.service.records import (
    Snapshot as Snapshot,
)
from gridrules.service.records import (
    _now as _now,
)
from gridrules.service.records import (
    problem_dict as problem_dict,
)
from gridrules.service.records import (
    version_fields as version_fields,
)

log = logging.getLogger("gridrules.service")


Listener = Callable[[ReloadOutcome, "Snapshot | None"], None]


class PolicyHolder:
    """The current snapshot, swapped atomically by `reload()`; safe to share between threads."""

    def __init__(self, source: PolicySource, *, freeze_gc: bool = False) -> None:
        self.source = source
        # after each swap, move every live object (the new policy included) out of the
        # cyclic collector's reach, so a full collection never walks the loaded policy
        self.freeze_gc = freeze_gc
        self.rejected_reloads = 0  # reloads refused since start (the startup load included)
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
                    msg("service.holder.load_failed", error=exc),
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
                    if self.freeze_gc:
                        gc.freeze()
                self._rejected = None
                outcome = ReloadOutcome(
                    UNCHANGED if same else APPLIED,
                    trigger,
                    candidate.version,
                    before,
                    time.perf_counter() - started,
                )
            self._last = outcome
            if outcome.status == REJECTED:
                self.rejected_reloads += 1
            current = self._current
        _log_outcome(outcome, current.jurisdiction if current else self.source.description)
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
            "rejected_reloads": self.rejected_reloads,
            "source": self.source.description,
        }


def _same_policy(old: Snapshot, new: Snapshot) -> bool:
    return (old.version, old.commit, old.dirty, old.extra) == (
        new.version,
        new.commit,
        new.dirty,
        new.extra,
    )


def _log_outcome(outcome: ReloadOutcome, jurisdiction: str) -> None:
    if outcome.status == APPLIED:
        log.info(
            "%s: policy %s now serving (was %s; %s, %.0f ms)",
            jurisdiction,
            outcome.version,
            outcome.previous,
            outcome.trigger,
            outcome.seconds * 1000,
        )
    elif outcome.status == UNCHANGED:
        log.info("%s: policy %s unchanged (%s)", jurisdiction, outcome.version, outcome.trigger)
    elif outcome.rejection is not None:
        rejection = outcome.rejection
        log.error(
            "%s: reload (%s) rejected; still serving %s: %s",
            jurisdiction,
            outcome.trigger,
            outcome.version,
            rejection.message.en,
        )
        for p in rejection.problems[:MAX_REPORTED_PROBLEMS]:
            if p.level is Level.ERROR:
                log.error("  %s: %s %s: %s", p.location, p.code, p.rule, p.message.en)


# --- file watching ----------------------------------------------------------

POLICY_SUFFIXES = (".yaml", ".yml", ".csv", ".grsnap")  # .grsnap: a served snapshot file


async def watch_folder(
    holder: PolicyHolder,
    source: FolderSource | SnapshotFileSource,
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
        if isinstance(source, SnapshotFileSource):  # its own file only, not its neighbours'
            wanted = _file_filter(source.folder)

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


def _file_filter(file: Path) -> Callable[[Any, str], bool]:
    def wanted(change: Any, path: str) -> bool:
        return Path(path) == file

    return wanted


async def _wait(stop: asyncio.Event, seconds: float) -> None:
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), seconds)
