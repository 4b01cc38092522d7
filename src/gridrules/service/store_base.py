"""The PostgreSQL store's pieces shared by the publisher and the replicas: the schema,
releases, bundles of policy files, retries and errors (split from gridrules.service.store,
which re-exports every public name here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import logging
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.problems import Text

log = logging.getLogger("gridrules.service")
_T = TypeVar("_T")

CHANNEL = "gridrules_policy"
# "grid": the advisory lock that serialises schema set-up and every publish (one writer at a
# time, so a publish never deadlocks against another or against the set-up's DDL)
_LOCK_KEY = 0x6772_6964
_RETRIES = 5  # attempts for a transaction that PostgreSQL aborts as a deadlock/serialization
_RETRY_STATES = frozenset({"40001", "40P01"})  # serialization_failure, deadlock_detected
_TABLES = (
    "gridrules_policy_version",
    "gridrules_policy_file",
    "gridrules_policy_release",
    "gridrules_policy_snapshot",
)

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
-- the compiled snapshot of a version (gridrules.snapshot), per snapshot format: replicas load
-- it instead of validating the files again; a version published before snapshots has none
CREATE TABLE IF NOT EXISTS gridrules_policy_snapshot (
    digest  text NOT NULL REFERENCES gridrules_policy_version (digest),
    format  integer NOT NULL,
    sha256  text NOT NULL,
    content bytea NOT NULL,
    PRIMARY KEY (digest, format)
);
CREATE INDEX IF NOT EXISTS gridrules_policy_release_newest
    ON gridrules_policy_release (jurisdiction, id DESC);
CREATE OR REPLACE FUNCTION gridrules_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'gridrules: % is append-only; published policy versions never change',
        TG_TABLE_NAME;
END $$;
"""
# every table refuses UPDATE, DELETE (per row) and TRUNCATE: published versions never change
SCHEMA += "".join(
    f"CREATE OR REPLACE TRIGGER {table}_immutable\n"
    f"    BEFORE UPDATE OR DELETE ON {table}\n"
    "    FOR EACH ROW EXECUTE FUNCTION gridrules_append_only();\n"
    f"CREATE OR REPLACE TRIGGER {table}_no_truncate\n"
    f"    BEFORE TRUNCATE ON {table}\n"
    "    FOR EACH STATEMENT EXECUTE FUNCTION gridrules_append_only();\n"
    for table in _TABLES
)

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
        """Every field but the folder (inside the stored files), the id as `release`."""
        fields = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        del fields["id"], fields["folder"]
        return {"release": self.id, **fields, "published_at": self.published_at.isoformat()}


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
                raise StoreError(msg("service.store.path_escapes", path=rel))
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
        raise StoreError(msg("service.store.folder_outside", folder=folder))
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


def _retrying(doing: str, attempt: Callable[[], _T]) -> _T:
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
    return StoreError(msg("service.store.failed", doing=doing, error=_first_line(exc)))


# --- replicas -------------------------------------------------------------
