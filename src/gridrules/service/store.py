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

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from gridrules.catalogue import msg
from gridrules.service.store_base import (
    _LOCK_KEY,
    CHANNEL,
    CURRENT,
    NEW,
    ROLLBACK,
    SCHEMA,
    Bundle,
    PublishResult,
    Release,
    _first_line,
    _retrying,
    _schema_present,
    _version_text,
    bundle_policy,
    redact,
)
from gridrules.service.store_base import (
    StoreError as StoreError,
)
from gridrules.service.store_base import (
    folder_inside as folder_inside,
)
from gridrules.service.store_replica import (
    NothingPublished as NothingPublished,
)
from gridrules.service.store_replica import (
    StoreListener as StoreListener,
)
from gridrules.service.store_replica import (
    StoreSource as StoreSource,
)

if TYPE_CHECKING:
    from gridrules.model import Policy
    from gridrules.version import PolicyVersion


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
            cannot = msg(
                "service.store.cannot_connect", store=redact(self.dsn), error=_first_line(exc)
            )
            raise StoreError(cannot) from None

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
        snapshot = compiled_snapshot(policy, version)
        return self._publish_bundle(
            bundle,
            policy.jurisdiction.id,
            version.hash,
            version.commit,
            version.dirty,
            note,
            snapshot=snapshot,
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
            said = {"jurisdiction": jurisdiction, "version": version_or_digest}
            if rows:
                raise StoreError(msg("service.store.several_versions", **said))
            raise StoreError(msg("service.store.no_version", **said))
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
        *,
        snapshot: tuple[int, str, bytes] | None = None,
    ) -> PublishResult:
        self.ensure_schema()
        digest = bundle.digest

        def publish_once(conn: Any) -> PublishResult:
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
                if snapshot is not None:  # the compiled snapshot, stored with its version
                    conn.execute(
                        "INSERT INTO gridrules_policy_snapshot (digest, format, sha256, content) "
                        "VALUES (%s, %s, %s, %s) ON CONFLICT (digest, format) DO NOTHING",
                        (digest, *snapshot),
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
                        json.dumps(
                            {"jurisdiction": jurisdiction, "release": row[0], "digest": digest}
                        ),
                    ),
                )
                release = self._newest(conn, jurisdiction)
                assert release is not None
            status = NEW if inserted is not None else ROLLBACK
            return PublishResult(status, release, _version_text(release))

        with self.connect() as conn:
            return _retrying("publish", lambda: publish_once(conn))

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

    def fetch_snapshot(self, digest: str) -> bytes | None:
        """The compiled snapshot stored with a version, in this gridrules' format (else None)."""
        from gridrules.snapshot import FORMAT

        with self.connect() as conn:
            row = conn.execute(
                "SELECT content FROM gridrules_policy_snapshot WHERE digest = %s AND format = %s",
                (digest, FORMAT),
            ).fetchone()
        return bytes(row[0]) if row is not None else None

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
            raise StoreError(msg("service.store.incomplete", digest=digest[:12]))
        bundle = Bundle(head[0], {path: bytes(content) for path, content in rows})
        if bundle.digest != digest:
            raise StoreError(msg("service.store.digest_mismatch", digest=digest[:12]))
        return bundle


def compiled_snapshot(policy: Policy, version: PolicyVersion) -> tuple[int, str, bytes]:
    """(format, sha256, bytes) of the policy's compiled snapshot (gridrules.snapshot)."""
    from gridrules.engine import Engine
    from gridrules.snapshot.build import build_snapshot

    data, header = build_snapshot(Engine.from_policy(policy, version=version))
    return header.format, header.sha256, data
