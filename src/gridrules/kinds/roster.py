"""Kind `roster` (roster.yaml, rows inline or in roster.csv): workers, their roles and
grids. One per folder; never inherited through `extends`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.documents import build_worker
from gridrules.catalogue import msg
from gridrules.cells import ATTRIBUTE_PARSERS, WORKER_PARSERS
from gridrules.kinds.base import Build, Kind, Ref, Rows
from gridrules.kinds.labels import NODE, ROLE
from gridrules.kinds.schema_parts import (
    NAME,
    code,
    d,
    document,
    ids,
    obj,
    text,
)
from gridrules.model import Policy, Worker
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "roster",
        "gridrules worker roster",
        d("人员名册（可写在 CSV 中）", "worker roster (inline or in CSV)"),
        {
            "csv": text(
                d(
                    "CSV 文件，列：id,name,roles（分号分隔）,grid,phone,two_committees,party_member，其余列为属性",
                    "CSV file; columns id,name,roles (semicolon-separated),grid,phone,two_committees,party_member; other columns are attributes",
                )
            ),
            "workers": {
                "type": "array",
                "description": d("人员", "workers"),
                "items": obj(
                    {
                        "id": code(d("人员编号", "worker id")),
                        "name": NAME,
                        "roles": {**ids(d("角色", "roles")), "minItems": 1},
                        "grid": code(d("所在网格编码", "assigned grid code")),
                        "phone": text(d("电话", "phone")),
                        "two_committees": {
                            "type": "boolean",
                            "default": False,
                            "description": d("是否两委成员", "member of the two committees"),
                        },
                        "party_member": {
                            "type": "boolean",
                            "default": False,
                            "description": d("是否党员", "party member"),
                        },
                        "attributes": {
                            "type": "object",
                            "description": d("其他属性", "other attributes"),
                        },
                    },
                    ["id", "name", "roles", "grid"],
                    d("一名人员", "a worker"),
                ),
            },
        },
        [],
    )


def build(b: Build) -> dict[str, Any]:
    own = b.layers[-1]
    return {
        "workers": tuple(
            build_worker(row.data, row.origin) for doc in own.all("roster") for row in doc.rows
        )
    }


def references(p: Policy) -> Iterator[Ref]:
    """Only the unresolved ones: a worker's roles and grid (no registry at all is reported
    once, by GR201 itself)."""
    roles, nodes = p.role_by_id, p.grid_by_id
    for w in p.workers:
        for k, role in enumerate(w.roles):
            if role not in roles:
                yield Ref(w.origin, ("roles", k), role, ROLE, _worker(w.id, w.name))
        if nodes and w.grid not in nodes:
            yield Ref(w.origin, ("grid",), w.grid, NODE, _worker(w.id, w.name))


def _worker(worker_id: str, name: str) -> Text:
    return msg("kinds.roster.worker", worker_id=worker_id, name=name)


KIND = Kind(
    DocumentKind.ROSTER,
    "roster.yaml",
    schema,
    singleton=True,
    rows=Rows(
        "workers",
        ("id", "name", "roles", "grid"),
        WORKER_PARSERS,
        ATTRIBUTE_PARSERS["roster"],
        msg("kinds.roster.worker_id"),
    ),
    model=(Worker,),
    build=build,
    references=references,
)
