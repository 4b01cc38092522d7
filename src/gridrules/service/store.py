"""The PostgreSQL policy store: immutable, content-addressed versions and a release history.

Tables (created on first use, in one transaction under an advisory lock):

- `gridrules_policy_version` — one row per distinct policy content, keyed by
  `digest` (SHA-256 over every file's relative path and bytes);
- `gridrules_policy_file` — the files of each version (path, bytes);
- `gridrules_policy_release` — the append-only "current" pointer: each
  publish adds a row (jurisdiction, digest, git commit, who, when); the newest
  row of a jurisdiction is what replicas serve.

All three refuse UPDATE, DELETE and TRUNCATE (a trigger), so a published
version never changes. Rolling back is publishing an old version again: its
content already exists, so only a new release row is written.

`publish()` validates first and writes the version, its files, the release row
and a NOTIFY on channel `gridrules_policy` in one transaction; the
notification is delivered when it commits. Replicas (`StoreSource` +
`StoreListener`) LISTEN on a dedicated connection and reload the newest
release when notified — plain psycopg, no extra watcher package.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import json
import logging
import os
import shutil
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from gridrules.errors import GridrulesError
from gridrules.problems import Text
from gridrules.service.holder import PolicyHolder, PolicyRejected, Snapshot, snapshot_from_policy

log = logging.getLogger("gridrules.service")

CHANNEL = "gridrules_policy"
# "grid": the advisory lock that serialises schema set-up and every publish (one writer at a
# time, so a publish never deadlocks against another or against the set-up's DDL)
_LOCK_KEY = 0x6772_6964
_RETRIES = 5  # attempts for a transaction that PostgreSQL aborts as a deadlock/serialization
_RETRY_STATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
_TABLES = ("gridrules_policy_version", "gridrules_policy_file", "gridrules_policy_release")

SCHEMA = """
CREATE TABLE IF NOT EXISTS gridrules_policy_version (
    digest       text PRIMARY KEY,
    version_hash text NOT NULL,
    jurisdiction text NOT NULL,
    folder       text NOT NULL,
    file_count   integer NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS gridrules_policy_file (
    digest  text NOT NULL REFERENCES gridrules_policy_version (digest),
    path    text NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (digest, path)
);
CREATE TABLE IF NOT EXISTS gridrules_policy_release (
    id           bigserial PRIMARY KEY,
    jurisdiction text NOT NULL,
    digest       text NOT NULL REFERENCES gridrules_policy_version (digest),
    git_commit   text,
    git_dirty    boolean NOT NULL DEFAULT false,
    note         text NOT NULL DEFAULT '',
    published_by text NOT NULL DEFAULT current_user,
    published_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS gridrules_policy_release_newest
    ON gridrules_policy_release (jurisdiction, id DESC);
CREATE OR REPLACE FUNCTION gridrules_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gridrules: % is append-only; published policy versions never change',
        TG_TABLE_NAME;
END $$;
CREATE OR REPLACE TRIGGER gridrules_policy_version_immutable
    BEFORE UPDATE OR DELETE ON gridrules_policy_version
    FOR EACH ROW EXECUTE FUNCTION gridrules_append_only();
CREATE OR REPLACE TRIGGER gridrules_policy_file_immutable
    BEFORE UPDATE OR DELETE ON gridrules_policy_file
    FOR EACH ROW EXECUTE FUNCTION gridrules_append_only();
CREATE OR REPLACE TRIGGER gridrules_policy_release_immutable
    BEFORE UPDATE OR DELETE ON gridrules_policy_release
    FOR EACH ROW EXECUTE FUNCTION gridrules_append_only();
CREATE OR REPLACE TRIGGER gridrules_policy_version_no_truncate
    BEFORE TRUNCATE ON gridrules_policy_version
    FOR EACH STATEMENT EXECUTE FUNCTION gridrules_append_only();
CREATE OR REPLACE TRIGGER gridrules_policy_file_no_truncate
    BEFORE TRUNCATE ON gridrules_policy_file
    FOR EACH STATEMENT EXECUTE FUNCTION gridrules_append_only();
CREATE OR REPLACE TRIGGER gridrules_policy_release_no_truncate
    BEFORE TRUNCATE ON gridrules_policy_release
    FOR EACH STATEMENT EXECUTE FUNCTION gridrules_append_only();
"""

NEW, ROLLBACK, CURRENT = "published", "rollback", "current"


class StoreError(GridrulesError):
    """The store cannot be reached or used (one clear line, no traceback)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message, exit_code=2)


@dataclass(frozen=True, slots=True)
class Release:
    id: int
    jurisdiction: str
    digest: str
    version_hash: str
    folder: str
    git_commit: str | None
    git_dirty: bool
    note: str
    published_by: str
    published_at: dt.datetime

    def describe(self) -> dict[str, Any]:
        return {
            "release": self.id,
            "jurisdiction": self.jurisdiction,
            "digest": self.digest,
            "version_hash": self.version_hash,
            "git_commit": self.git_commit,
            "git_dirty": self.git_dirty,
            "note": self.note,
            "published_by": self.published_by,
            "published_at": self.published_at.isoformat(),
        }


@dataclass(frozen=True, slots=True)
class PublishResult:
    status: str  # published (new content), rollback (stored content again), current (no-op)
    release: Release
    version: str  # the version text decisions will carry


@dataclass(frozen=True, slots=True)
class Bundle:
    """A policy's files, relative to their common folder, and the jurisdiction folder in it."""

    folder: str  # posix path of the jurisdiction folder inside the bundle ("." for the root)
    files: dict[str, bytes]  # posix relative path -> content

    @property
    def digest(self) -> str:
        h = hashlib.sha256()
        h.update(b"gridrules-bundle-v1\0" + self.folder.encode() + b"\0")
        for path in sorted(self.files):
            content = self.files[path]
            h.update(path.encode() + b"\0" + str(len(content)).encode() + b"\0" + content)
        return h.hexdigest()

    def materialize(self, into: Path) -> Path:
        """Write the files under `into`; returns the jurisdiction folder (always inside `into`)."""
        folder = folder_inside(into, self.folder)
        for rel, content in self.files.items():
            target = (into / rel).resolve()
            if into.resolve() not in target.parents:
                raise StoreError(
                    Text(f"存储中的文件路径越界：{rel}", f"stored file path escapes: {rel}")
                )
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
        return folder


def folder_inside(base: Path, folder: str) -> Path:
    """`base / folder` for a stored row's `folder`, refusing anything that leaves `base`.

    A replica loads only from the directory it materialised itself: an absolute
    path, `..`, or a symlink out of `base` in the `folder` column is refused.
    """
    root = base.resolve()
    parts = folder.replace("\\", "/").split("/")
    target = (root / folder).resolve()
    if (
        not folder
        or folder.startswith(("/", "\\"))
        or ".." in parts
        or "\0" in folder
        or (target != root and root not in target.parents)
    ):
        raise StoreError(
            Text(
                f"存储中的政策文件夹 “{folder}” 不在该版本的文件之内，拒绝加载",
                f"stored policy folder '{folder}' is not inside the version's files; refused",
            )
        )
    return target


def bundle_policy(folder: Path, files: tuple[str, ...]) -> Bundle:
    """The files a policy was built from, relative to the folder that holds them all."""
    paths = [Path(f).resolve() for f in files]
    folder = folder.resolve()
    base = Path(os.path.commonpath([folder, *(p.parent for p in paths)]))
    return Bundle(
        folder=folder.relative_to(base).as_posix() or ".",
        files={p.relative_to(base).as_posix(): p.read_bytes() for p in paths},
    )


def redact(dsn: str) -> str:
    """The DSN without its password, for messages."""
    try:
        from psycopg.conninfo import conninfo_to_dict

        params = conninfo_to_dict(dsn)
    except Exception:
        return "<store>"
    host = params.get("host") or "localhost"
    port = params.get("port") or "5432"
    return f"postgresql://{params.get('user') or ''}@{host}:{port}/{params.get('dbname') or ''}"


class PolicyStore:
    def __init__(self, dsn: str, *, connect_timeout: int = 5) -> None:
        self.dsn = dsn
        self.connect_timeout = connect_timeout
        self._schema_ready = False

    def connect(self, *, autocommit: bool = False) -> Any:
        import psycopg

        try:
            return psycopg.connect(
                self.dsn,
                autocommit=autocommit,
                connect_timeout=self.connect_timeout,
                application_name="gridrules",
            )
        except psycopg.Error as exc:
            raise StoreError(
                Text(
                    f"无法连接政策存储 {redact(self.dsn)}：{_first_line(exc)}",
                    f"cannot connect to the policy store {redact(self.dsn)}: {_first_line(exc)}",
                )
            ) from None

    def ensure_schema(self) -> None:
        """Create the tables and triggers once; a store that has them is left untouched (no DDL,
        so no table locks that could deadlock with a running publish)."""
        if self._schema_ready:
            return

        def set_up(conn: Any) -> None:
            with conn.transaction():
                conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
                if not _schema_present(conn):
                    conn.execute(SCHEMA)

        with self.connect() as conn:
            _retrying("set up the store", lambda: set_up(conn))
        self._schema_ready = True

    # --- publishing -------------------------------------------------------

    def publish(
        self,
        folder: str | os.PathLike[str],
        *,
        root: str | os.PathLike[str] | None = None,
        note: str = "",
    ) -> PublishResult:
        """Validate a jurisdiction folder and make it the current release (one transaction).

        Raises `PolicyInvalid` (from gridrules.decision) when the policy has errors.
        """
        from gridrules.decision import PolicyInvalid
        from gridrules.loader import display_path
        from gridrules.policy import load_policy
        from gridrules.version import policy_version

        path = Path(folder)
        result = load_policy(path, root=root)
        if not result.ok or result.policy is None:
            raise PolicyInvalid(display_path(path), result.problems)
        policy = result.policy
        version = policy_version(policy)
        bundle = bundle_policy(path, policy.files)
        return self._publish_bundle(
            bundle, policy.jurisdiction.id, version.hash, version.commit, version.dirty, note
        )

    def republish(
        self, jurisdiction: str, version_or_digest: str, *, note: str = ""
    ) -> PublishResult:
        """Make a stored version current again (a rollback), by version hash or digest prefix."""
        self.ensure_schema()
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT v.digest, v.version_hash FROM gridrules_policy_version v "
                "WHERE v.jurisdiction = %s AND (v.version_hash LIKE %s OR v.digest LIKE %s)",
                (jurisdiction, version_or_digest + "%", version_or_digest + "%"),
            ).fetchall()
        if len(rows) != 1 or not version_or_digest:
            raise StoreError(
                Text(
                    f"存储中{'没有' if not rows else '有多个'}辖区 {jurisdiction} 的版本 "
                    f"“{version_or_digest}”",
                    f"the store holds {'no' if not rows else 'several'} version(s) "
                    f"'{version_or_digest}' of {jurisdiction}",
                )
            )
        digest, hash_ = rows[0]
        bundle = self.fetch(digest)
        with self.connect() as conn:
            last = conn.execute(
                "SELECT git_commit, git_dirty FROM gridrules_policy_release "
                "WHERE digest = %s ORDER BY id DESC LIMIT 1",
                (digest,),
            ).fetchone()
        commit, dirty = last if last is not None else (None, False)
        return self._publish_bundle(bundle, jurisdiction, hash_, commit, dirty, note)

    def _publish_bundle(
        self,
        bundle: Bundle,
        jurisdiction: str,
        version_hash: str,
        commit: str | None,
        dirty: bool,
        note: str,
    ) -> PublishResult:

        self.ensure_schema()
        digest = bundle.digest
        with self.connect() as conn:
            return _retrying(
                "publish",
                lambda: self._publish_once(
                    conn, bundle, digest, jurisdiction, version_hash, commit, dirty, note
                ),
            )

    def _publish_once(
        self,
        conn: Any,
        bundle: Bundle,
        digest: str,
        jurisdiction: str,
        version_hash: str,
        commit: str | None,
        dirty: bool,
        note: str,
    ) -> PublishResult:
        # one transaction; `_retrying` runs it again if PostgreSQL aborts it
        with conn.transaction():
            # one publisher at a time (and never during the schema set-up)
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
            inserted = conn.execute(
                "INSERT INTO gridrules_policy_version "
                "(digest, version_hash, jurisdiction, folder, file_count) "
                "VALUES (%s, %s, %s, %s, %s) ON CONFLICT (digest) DO NOTHING "
                "RETURNING digest",
                (digest, version_hash, jurisdiction, bundle.folder, len(bundle.files)),
            ).fetchone()
            if inserted is not None:
                with conn.cursor() as cur:
                    cur.executemany(
                        "INSERT INTO gridrules_policy_file (digest, path, content) "
                        "VALUES (%s, %s, %s)",
                        [(digest, p, c) for p, c in sorted(bundle.files.items())],
                    )
            newest = self._newest(conn, jurisdiction)
            if (
                newest is not None
                and newest.digest == digest
                and (newest.git_commit, newest.git_dirty) == (commit, dirty)
            ):
                return PublishResult(CURRENT, newest, _version_text(newest))
            row = conn.execute(
                "INSERT INTO gridrules_policy_release "
                "(jurisdiction, digest, git_commit, git_dirty, note) "
                "VALUES (%s, %s, %s, %s, %s) RETURNING id",
                (jurisdiction, digest, commit, dirty, note),
            ).fetchone()
            assert row is not None
            conn.execute(
                "SELECT pg_notify(%s, %s)",
                (
                    CHANNEL,
                    json.dumps({"jurisdiction": jurisdiction, "release": row[0], "digest": digest}),
                ),
            )
            release = self._newest(conn, jurisdiction)
            assert release is not None
        status = NEW if inserted is not None else ROLLBACK
        return PublishResult(status, release, _version_text(release))

    # --- reading ----------------------------------------------------------

    _RELEASE = (
        "SELECT r.id, r.jurisdiction, r.digest, v.version_hash, v.folder, r.git_commit, "
        "r.git_dirty, r.note, r.published_by, r.published_at "
        "FROM gridrules_policy_release r JOIN gridrules_policy_version v USING (digest) "
    )

    def _newest(self, conn: Any, jurisdiction: str) -> Release | None:
        row = conn.execute(
            self._RELEASE + "WHERE r.jurisdiction = %s ORDER BY r.id DESC LIMIT 1", (jurisdiction,)
        ).fetchone()
        return Release(*row) if row else None

    def newest(self, jurisdiction: str) -> Release | None:
        self.ensure_schema()
        with self.connect() as conn:
            return self._newest(conn, jurisdiction)

    def jurisdictions(self) -> list[str]:
        self.ensure_schema()
        with self.connect() as conn:
            rows = conn.execute(
                "SELECT DISTINCT jurisdiction FROM gridrules_policy_release ORDER BY 1"
            ).fetchall()
        return [r[0] for r in rows]

    def history(self, jurisdiction: str | None = None, limit: int = 50) -> list[Release]:
        self.ensure_schema()
        with self.connect() as conn:
            if jurisdiction is None:
                rows = conn.execute(
                    self._RELEASE + "ORDER BY r.id DESC LIMIT %s", (limit,)
                ).fetchall()
            else:
                rows = conn.execute(
                    self._RELEASE + "WHERE r.jurisdiction = %s ORDER BY r.id DESC LIMIT %s",
                    (jurisdiction, limit),
                ).fetchall()
        return [Release(*r) for r in rows]

    def fetch(self, digest: str) -> Bundle:
        with self.connect() as conn:
            head = conn.execute(
                "SELECT folder, file_count FROM gridrules_policy_version WHERE digest = %s",
                (digest,),
            ).fetchone()
            rows = conn.execute(
                "SELECT path, content FROM gridrules_policy_file WHERE digest = %s", (digest,)
            ).fetchall()
        if head is None or len(rows) != head[1]:
            raise StoreError(
                Text(
                    f"存储中的版本 {digest[:12]} 不完整",
                    f"stored version {digest[:12]} is incomplete",
                )
            )
        bundle = Bundle(head[0], {path: bytes(content) for path, content in rows})
        if bundle.digest != digest:
            raise StoreError(
                Text(
                    f"存储中的版本 {digest[:12]} 内容与摘要不符",
                    f"stored version {digest[:12]} does not match its digest",
                )
            )
        return bundle


def _schema_present(conn: Any) -> bool:
    tables = conn.execute(
        "SELECT count(*) FROM pg_class WHERE relkind = 'r' AND relname = ANY(%s) "
        "AND pg_table_is_visible(oid)",
        (list(_TABLES),),
    ).fetchone()[0]
    triggers = conn.execute(
        "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
        "WHERE c.relname = ANY(%s) AND pg_table_is_visible(c.oid) "
        "AND t.tgname LIKE 'gridrules_policy_%%'",
        (list(_TABLES),),
    ).fetchone()[0]
    return bool(tables == len(_TABLES) and triggers == 2 * len(_TABLES))


def _retrying(doing: str, attempt: Callable[[], Any]) -> Any:
    """Run one transaction; again (up to `_RETRIES` times, with a short random pause) when
    PostgreSQL aborts it as a deadlock or a serialization failure; other errors are one line."""
    import random

    import psycopg

    for n in range(1, _RETRIES + 1):
        try:
            return attempt()
        except psycopg.Error as exc:
            if getattr(exc, "sqlstate", None) in _RETRY_STATES and n < _RETRIES:
                log.info("policy store: %s aborted (%s); retrying", doing, exc.sqlstate)
                time.sleep(random.uniform(0.05, 0.2) * n)
                continue
            raise _store_error(doing, exc) from None
    raise AssertionError("unreachable")


def _version_text(release: Release) -> str:
    from gridrules.version import PolicyVersion

    return str(PolicyVersion(release.version_hash, release.git_commit, release.git_dirty))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def _store_error(doing: str, exc: BaseException) -> StoreError:
    return StoreError(
        Text(
            f"政策存储操作失败（{doing}）：{_first_line(exc)}",
            f"policy store: cannot {doing}: {_first_line(exc)}",
        )
    )


# --- replicas -------------------------------------------------------------


class NothingPublished(PolicyRejected):
    """The store has no release (for this jurisdiction) yet."""


class StoreSource:
    """The newest release of a jurisdiction in the store, materialised and validated locally."""

    def __init__(
        self, store: PolicyStore, jurisdiction: str | None = None, *, cache: Path | None = None
    ) -> None:
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
            raise NothingPublished(
                Text("政策存储中还没有发布任何版本", "nothing has been published to the store yet")
            )
        if len(known) > 1:
            raise PolicyRejected(
                Text(
                    f"存储中有多个辖区，请用 --jurisdiction 选择：{', '.join(known)}",
                    f"the store holds several jurisdictions; choose one with --jurisdiction: "
                    f"{', '.join(known)}",
                )
            )
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
                    Text(
                        f"辖区 {jurisdiction} 还没有发布任何版本",
                        f"nothing has been published for {jurisdiction} yet",
                    )
                )
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
            raise PolicyRejected(
                Text(
                    f"存储中的版本 {release.version_hash}（发布 #{release.id}）在本机未通过校验",
                    f"stored version {release.version_hash} (release #{release.id}) "
                    "does not validate here",
                ),
                result.problems,
            )
        if content_hash(list(result.policy.files)) != release.version_hash:
            raise PolicyRejected(
                Text(
                    f"存储中的版本 {release.version_hash} 内容哈希不符",
                    f"stored version {release.version_hash} does not hash to itself",
                )
            )
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

    def task(self) -> Callable[[asyncio.Event], Awaitable[None]]:
        """A background task for the app's lifespan: run while serving, stop with it."""

        async def run(stop: asyncio.Event) -> None:
            self.start()
            try:
                await stop.wait()
            finally:
                await asyncio.to_thread(self.stop)

        return run
