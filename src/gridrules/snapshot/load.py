"""Read a snapshot into an engine: no YAML, no CSV, no validation, no compile — and a check first.

The engine's `policy` is the policy without registry and roster rows: its
`grid_by_id` answers from the compact registry (gridrules.snapshot.tables), its
`grids`, `workers` and `files` are empty. Decisions, who_can, what_can and
routes answer exactly as an engine built from the folder (tests/test_snapshot.py);
rendering, diff, coverage and validation need the policy folder itself.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
from typing import TYPE_CHECKING, Any, TypeVar

from gridrules.catalogue import msg
from gridrules.compile import CasbinArtifacts, RowOrigin
from gridrules.decision_index import DecisionIndex
from gridrules.gcpause import paused_gc
from gridrules.model import Policy
from gridrules.snapshot import SnapshotError, SnapshotHeader, read_file, unpack
from gridrules.snapshot.codec import CodecError, decode
from gridrules.snapshot.tables import GridTable, Roster, WorkersAt
from gridrules.version import PolicyVersion

if TYPE_CHECKING:
    from gridrules.engine import Engine

E = TypeVar("E", bound="Engine")


def load_payload(path: str | os.PathLike[str]) -> tuple[SnapshotHeader, dict[str, Any]]:
    return unpack(read_file(path), str(path))


def _version(fields: dict[str, Any]) -> PolicyVersion | str:
    if "hash" in fields:
        return PolicyVersion(str(fields["hash"]), fields.get("commit"), bool(fields.get("dirty")))
    return str(fields["text"])


def engine_from_payload(
    cls: type[E], payload: dict[str, Any], where: str, *, self_check: int = 64
) -> E:
    """Assemble an engine from a checked payload; refuses an inconsistent one (SnapshotError)."""
    try:
        with paused_gc():
            engine = _assemble(cls, payload)
    except (CodecError, KeyError, IndexError, TypeError, ValueError) as exc:
        raise SnapshotError(
            where,
            msg("core.snapshot.inconsistent", error=f"{type(exc).__name__}: {exc}"),
        ) from None
    if self_check:
        mismatches = engine.verify(self_check, seed=0)
        if mismatches:
            raise SnapshotError(
                where,
                msg("core.snapshot.differs", case=mismatches[0]),
            )
    return engine


def _assemble(cls: type[E], payload: dict[str, Any]) -> E:
    fields = {k: decode(v) for k, v in payload["policy"].items()}
    policy = Policy(**fields, grids=(), workers=(), files=())
    registry, roster_cols = payload["registry"], payload["roster"]
    ids: list[str] = registry["id"]
    span = dict(zip(ids, zip(range(1, len(ids) + 1), registry["exit"], strict=True), strict=True))
    grids = GridTable(registry, span)
    policy.__dict__["grid_by_id"] = grids  # the cached property, answered from the columns
    roster = Roster(roster_cols, ids)
    ix = DecisionIndex.from_state(payload["index"], span)
    casbin = payload["casbin"]
    rows = tuple(tuple(str(x) for x in row) for row in casbin["rows"])
    # The index must be what its own Casbin rows say (the registry part, `span`, is made from
    # the parent column above, as the g2 links are): read them again (no g2: milliseconds).
    cuts = tuple(dt.date.fromisoformat(d) for d in casbin["epochs"])
    again = DecisionIndex(CasbinArtifacts("", rows, (), cuts, str(casbin["root"])))
    if again.to_state() != payload["index"]:
        raise ValueError("the decision index differs from the snapshot's Casbin rows")
    if casbin["root"] != f"jurisdiction:{policy.jurisdiction.id}":
        raise ValueError("the Casbin root is not the jurisdiction's")
    engine = cls.__new__(cls)
    engine._assemble(
        policy,
        _version(payload["version"]),
        None,
        ix,
        roster.workers,
        WorkersAt(roster, grids),
        roster.wide(),
        origins=tuple(RowOrigin(str(s), str(d)) for s, d in casbin["origins"]),
        casbin_rows=rows,
    )
    return engine


def load_engine(
    cls: type[E], path: str | os.PathLike[str], *, self_check: int = 64, freeze: bool = False
) -> E:
    """Read, check and assemble a snapshot file (see `Engine.from_snapshot`)."""
    _, payload = load_payload(path)
    engine = engine_from_payload(cls, payload, str(path), self_check=self_check)
    if freeze:
        gc.freeze()  # the loaded objects live as long as the engine: keep them out of collections
    return engine


def engine_from_bytes(
    cls: type[E], data: bytes, where: str, *, self_check: int = 64
) -> tuple[SnapshotHeader, E]:
    header, payload = unpack(data, where)
    return header, engine_from_payload(cls, payload, where, self_check=self_check)
