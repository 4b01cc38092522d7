"""Kind `roster` (roster.yaml, rows inline or in roster.csv): workers, their roles and
grids. One per folder; never inherited through `extends`."""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.build.documents import build_worker
from gridrules.catalogue import msg
from gridrules.cells import ATTRIBUTE_PARSERS, WORKER_PARSERS
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Kind, Ref, Rows
from gridrules.kinds.labels import NODE, ROLE
from gridrules.model import Policy, Worker
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind

W = sp.Words("roster")


def schema() -> sp.Schema:
    worker = sp.obj(
        {
            "id": sp.code(W("workers.id")),
            "name": sp.NAME,
            "roles": sp.ids(sp.common("roles"), min_items=1),
            "grid": sp.code(W("workers.grid")),
            "phone": sp.text(W("workers.phone")),
            "two_committees": sp.flag(W("workers.two_committees"), default=False),
            "party_member": sp.flag(W("workers.party_member"), default=False),
            "attributes": sp.typed("object", W("workers.attributes")),
        },
        ["id", "name", "roles", "grid"],
        W("workers[]"),
    )
    props = {"csv": sp.text(W("csv")), "workers": sp.array(W("workers"), worker)}
    return sp.document(W, "gridrules worker roster", props, [])


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
    build=lambda b: {"workers": tuple(b.own_rows("roster", build_worker))},
    references=references,
)
