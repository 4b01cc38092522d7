"""Compiled snapshots: a validated, compiled jurisdiction as one content-addressed, versioned file.

`gridrules build PATH -o FILE` writes one; `Engine.from_snapshot(FILE)` and the
PostgreSQL replicas load it without parsing or validating the policy again.

The file::

    GRIDRULES-SNAPSHOT\\n
    {"format": 1, "sha256": "…", "bytes": N, "jurisdiction": "…", "version": "…"}\\n
    zlib(payload)

The payload is UTF-8 JSON (never pickle: a snapshot read from a database is
input from outside; gridrules.snapshot.codec reads only the model's own
classes): the policy's small documents, the Casbin model's p, g and g3 rows
with each p-row's origin (the g2 links are the registry's parent column), the
decision index's tables, the registry and roster as compact columns
(gridrules.snapshot.tables) and the policy version. `sha256` is over the
payload, so equal policies give byte-equal files and the digest names the
content. Reading checks the magic line, the format number, the size and the
digest before it parses anything; the engine then checks the index against
Casbin on a sample (gridrules.engine) before it answers. Any failure is a
`SnapshotError` — one line, exit 2 — never a half-loaded engine.
"""

from __future__ import annotations

import hashlib
import json
import os
import zlib
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from gridrules.catalogue import msg
from gridrules.errors import GridrulesError
from gridrules.problems import Text

FORMAT = 1  # bump on any change to the payload's layout or meaning
MAGIC = b"GRIDRULES-SNAPSHOT\n"
MAX_HEADER = 4096
MAX_BYTES = 4 << 30  # the largest payload read (a national slice is well below)
SUFFIX = ".grsnap"


class SnapshotError(GridrulesError):
    """A snapshot that cannot be served: corrupt, truncated, another format, or inconsistent."""

    def __init__(self, where: str, message: Text) -> None:
        super().__init__(msg("core.snapshot.refused", where=where, why=message))


@dataclass(frozen=True, slots=True)
class SnapshotHeader:
    format: int
    sha256: str  # of the uncompressed payload: the snapshot's content address
    bytes: int  # uncompressed payload size
    jurisdiction: str
    version: str  # the policy version its decisions carry

    def describe(self) -> dict[str, Any]:
        return asdict(self)


def pack(payload: dict[str, Any]) -> bytes:
    """The snapshot file's bytes for a payload (gridrules.snapshot.build makes the payload)."""
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    header = SnapshotHeader(
        FORMAT,
        hashlib.sha256(body).hexdigest(),
        len(body),
        str(payload["jurisdiction"]),
        str(payload["version"]["text"]),
    )
    line = json.dumps(header.describe(), ensure_ascii=False, separators=(",", ":")).encode()
    return MAGIC + line + b"\n" + zlib.compress(body, 6)


def read_header(data: bytes, where: str) -> tuple[SnapshotHeader, int]:
    """The header and the offset of the compressed payload; refuses another format."""
    if not data.startswith(MAGIC):
        raise SnapshotError(where, msg("core.snapshot.not_snapshot"))
    end = data.find(b"\n", len(MAGIC), len(MAGIC) + MAX_HEADER)
    if end < 0:
        raise SnapshotError(where, msg("core.snapshot.bad_header"))
    try:
        raw = json.loads(data[len(MAGIC) : end])
        header = SnapshotHeader(
            int(raw["format"]),
            str(raw["sha256"]),
            int(raw["bytes"]),
            str(raw["jurisdiction"]),
            str(raw["version"]),
        )
    except (ValueError, KeyError, TypeError):
        raise SnapshotError(where, msg("core.snapshot.bad_header")) from None
    if header.format != FORMAT:
        raise SnapshotError(
            where,
            msg("core.snapshot.format", format=header.format, supported=FORMAT),
        )
    if not 0 < header.bytes <= MAX_BYTES:
        raise SnapshotError(where, msg("core.snapshot.bad_size"))
    return header, end + 1


def unpack(data: bytes, where: str = "<bytes>") -> tuple[SnapshotHeader, dict[str, Any]]:
    """Header and payload of a snapshot file's bytes, after every integrity check."""
    header, offset = read_header(data, where)
    corrupt = msg("core.snapshot.corrupt")
    try:
        inflater = zlib.decompressobj()
        body = inflater.decompress(data[offset:], header.bytes + 1)
    except zlib.error:
        raise SnapshotError(where, corrupt) from None
    if (
        len(body) != header.bytes
        or not inflater.eof
        or inflater.unused_data
        or hashlib.sha256(body).hexdigest() != header.sha256
    ):
        raise SnapshotError(where, corrupt)
    try:
        payload = json.loads(body)
    except ValueError:
        raise SnapshotError(where, corrupt) from None
    if (
        not isinstance(payload, dict)
        or payload.get("format") != FORMAT
        or payload.get("jurisdiction") != header.jurisdiction
    ):
        raise SnapshotError(where, msg("core.snapshot.mismatch"))
    return header, payload


def read_file(path: str | os.PathLike[str]) -> bytes:
    where = str(path)
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise SnapshotError(where, msg("core.snapshot.unreadable", error=exc.strerror)) from None


def is_snapshot(path: str | os.PathLike[str]) -> bool:
    """Does the file start like a snapshot? (False for folders and unreadable files.)"""
    try:
        with open(path, "rb") as handle:
            return handle.read(len(MAGIC)) == MAGIC
    except OSError:
        return False
