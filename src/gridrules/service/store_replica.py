"""Store replicas: the newest release of a jurisdiction, loaded (from its compiled snapshot
when the store holds one), and the LISTEN loop that reloads it (split from
gridrules.service.store, which re-exports these names)."""

from __future__ import annotations

import asyncio
import json
import shutil
import tempfile
import threading
import time
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridrules.catalogue import msg
from gridrules.service.holder import (
    PolicyHolder,
    PolicyRejected,
    Snapshot,
    snapshot_from_engine,
    snapshot_from_policy,
)
from gridrules.service.store_base import (
    CHANNEL,
    Release,
    StoreError,
    _first_line,
    folder_inside,
    log,
    redact,
)

if TYPE_CHECKING:
    from gridrules.service.store import PolicyStore


class NothingPublished(PolicyRejected):
    """The store has no release (for this jurisdiction) yet."""


class StoreSource:
    """The newest release of a jurisdiction in the store, materialised and validated locally."""

    def __init__(
        self,
        store: PolicyStore,
        jurisdiction: str | None = None,
        *,
        cache: Path | None = None,
        snapshots: bool = True,
    ) -> None:
        self.snapshots = snapshots  # load a release's compiled snapshot when the store has one
        self.store = store
        self.jurisdiction = jurisdiction
        self._own_cache = cache is None
        self.cache = cache or Path(tempfile.mkdtemp(prefix="gridrules-store-"))
        self.cache.mkdir(parents=True, exist_ok=True)
        self.description = f"{redact(store.dsn)} ({jurisdiction or 'the only jurisdiction'})"

    def _pick(self) -> str:
        if self.jurisdiction is not None:
            return self.jurisdiction
        known = self.store.jurisdictions()
        if not known:
            raise NothingPublished(msg("service.store.nothing_published"))
        if len(known) > 1:
            raise PolicyRejected(msg("service.store.choose_jurisdiction", known=", ".join(known)))
        self.jurisdiction = known[0]
        self.description = f"{redact(self.store.dsn)} ({self.jurisdiction})"
        return known[0]

    def newest(self) -> Release | None:
        return self.store.newest(self._pick())

    def load(self) -> Snapshot:
        from gridrules.policy import load_policy
        from gridrules.version import PolicyVersion, content_hash

        try:
            jurisdiction = self._pick()
            release = self.store.newest(jurisdiction)
            if release is None:
                raise NothingPublished(
                    msg("service.store.nothing_published_for", jurisdiction=jurisdiction)
                )
            compiled = self.store.fetch_snapshot(release.digest) if self.snapshots else None
            if compiled is not None:  # the publisher's compiled snapshot: no validating again
                return self._from_snapshot(release, compiled)
            target = self.cache / release.digest
            if not target.is_dir():
                bundle = self.store.fetch(release.digest)
                staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.cache))
                try:
                    bundle.materialize(staging)
                except BaseException:
                    shutil.rmtree(staging, ignore_errors=True)
                    raise
                staging.rename(target)
            folder = folder_inside(target, release.folder)  # never a path taken from a row
        except StoreError as exc:
            raise PolicyRejected(exc.text) from None
        result = load_policy(folder, root=target)
        if not result.ok or result.policy is None:
            invalid = msg(
                "service.store.invalid_here", version=release.version_hash, release=release.id
            )
            raise PolicyRejected(invalid, result.problems)
        if content_hash(list(result.policy.files)) != release.version_hash:
            raise PolicyRejected(msg("service.store.hash_mismatch", version=release.version_hash))
        snapshot = snapshot_from_policy(
            result.policy,
            source=f"store:{release.digest[:12]}",
            warnings=result.problems,
            extra={
                "release": release.id,
                "digest": release.digest,
                "published_at": release.published_at.isoformat(),
                "published_by": release.published_by,
            },
            version=PolicyVersion(release.version_hash, release.git_commit, release.git_dirty),
        )
        self._prune(keep=release.digest)
        return snapshot

    def _from_snapshot(self, release: Release, data: bytes) -> Snapshot:
        """The release's compiled snapshot, checked (digest, format, index, Casbin sample).

        A snapshot that fails a check is a rejection — never served, never replaced by
        a guess: the running version stays, as for a version that does not validate.
        """
        from gridrules.engine import Engine
        from gridrules.snapshot import SnapshotError, unpack
        from gridrules.snapshot.load import engine_from_payload

        where = f"store:{release.digest[:12]}"
        try:
            header, payload = unpack(data, where)
            if payload.get("version", {}).get("hash") != release.version_hash:
                raise SnapshotError(
                    where, msg("service.store.snapshot_version", version=release.version_hash)
                )
            # every replica's decisions carry the release's version string
            payload["version"] = {
                "text": "",
                "hash": release.version_hash,
                "commit": release.git_commit,
                "dirty": release.git_dirty,
            }
            engine = engine_from_payload(Engine, payload, where)
        except SnapshotError as exc:
            raise PolicyRejected(exc.text) from None
        return snapshot_from_engine(
            engine,
            source=where,
            extra={
                "release": release.id,
                "digest": release.digest,
                "published_at": release.published_at.isoformat(),
                "published_by": release.published_by,
                "snapshot": header.sha256,
            },
        )

    def _prune(self, keep: str) -> None:
        """Drop materialised versions other than the newest (the engine no longer reads files)."""
        for child in self.cache.iterdir():
            if child.name != keep and not child.name.startswith(".staging-"):
                shutil.rmtree(child, ignore_errors=True)

    def close(self) -> None:
        if self._own_cache:
            shutil.rmtree(self.cache, ignore_errors=True)


class StoreListener:
    """LISTEN on `gridrules_policy` and reload the holder when its jurisdiction is published.

    Runs in its own thread with its own autocommit connection. After every
    (re)connection it reloads once, so a publish missed while disconnected is
    caught up; every `poll_seconds` it also compares the newest release id with
    the one serving, as a safety net.
    """

    def __init__(
        self,
        holder: PolicyHolder,
        source: StoreSource,
        *,
        poll_seconds: float = 30.0,
        reload: Callable[[str], Any] | None = None,
    ) -> None:
        self.holder = holder
        self.source = source
        self.poll_seconds = poll_seconds
        self._reload = reload or holder.reload
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.connected = threading.Event()

    def start(self) -> None:
        self._thread = threading.Thread(
            target=self._run, name="gridrules-store-listen", daemon=True
        )
        self._thread.start()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _wanted(self, payload: str) -> bool:
        try:
            data = json.loads(payload)
        except ValueError:
            return True
        wanted = self.source.jurisdiction
        return wanted is None or not isinstance(data, dict) or data.get("jurisdiction") == wanted

    def _serving_release(self) -> int | None:
        current = self.holder.current
        return current.extra.get("release") if current is not None else None

    def _run(self) -> None:
        import psycopg

        backoff = 0.5
        first = True
        while not self._stop.is_set():
            try:
                with self.source.store.connect(autocommit=True) as conn:
                    conn.execute(f"LISTEN {CHANNEL}")
                    self.connected.set()
                    backoff = 0.5
                    if not first or self.holder.current is None:
                        self._reload("notify")  # catch up on what we may have missed
                    first = False
                    last_poll = time.monotonic()
                    while not self._stop.is_set():
                        notified = False
                        # returns at the first notification (or after 0.25 s, to check `stop`)
                        for note in conn.notifies(timeout=0.25, stop_after=1):
                            notified = notified or self._wanted(note.payload)
                        if notified:
                            self._reload("notify")
                            last_poll = time.monotonic()
                        elif time.monotonic() - last_poll > self.poll_seconds:
                            last_poll = time.monotonic()
                            newest = self.source.newest()
                            if newest is not None and newest.id != self._serving_release():
                                self._reload("poll")
            except (psycopg.Error, StoreError, PolicyRejected, OSError) as exc:
                self.connected.clear()
                if self._stop.is_set():
                    break
                log.warning("policy store listener: %s; reconnecting", _first_line(exc))
                self._stop.wait(backoff)
                backoff = min(backoff * 2, 10.0)
        self.connected.clear()

    def task(self) -> Callable[[asyncio.Event], Coroutine[Any, Any, None]]:
        """A background task for the app's lifespan: run while serving, stop with it."""

        async def run(stop: asyncio.Event) -> None:
            self.start()
            try:
                await stop.wait()
            finally:
                await asyncio.to_thread(self.stop)

        return run
