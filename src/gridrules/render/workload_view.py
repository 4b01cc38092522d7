"""The handbook chapter on workload (减负): what the duty schedules put on each role and grid.

Issue 13 item 3: the report policy staff take to a burden-reduction meeting, as
a chapter of the manual — the formula, hours a month per role, the grids that
carry the most, and the limits. Where the minutes are assumptions the chapter
says so first: a burden figure built on estimates must not read as measured.
Strings are resolved here in the handbook's language.
"""

from __future__ import annotations

from dataclasses import dataclass

from gridrules.catalogue import msg, section
from gridrules.render.builder import Builder
from gridrules.render.burden_view import Row, Table
from gridrules.render.labels import chapter_words
from gridrules.workload import workload_of
from gridrules.workload.report import ASSUMED_NOTE, FORMULA, as_dict

TOP = 10


@dataclass(frozen=True, slots=True)
class WorkloadView:
    title: str
    note: str  # the assumed-minutes warning, first
    tables: tuple[Table, ...]
    texts: tuple[tuple[str, str], ...]  # (heading, paragraph)


def build_workload(b: Builder) -> WorkloadView | None:
    """None when the policy has no duty schedules."""
    p, lang = b.p, b.lang
    if not p.schedules:
        return None
    i = 0 if lang == "zh" else 1  # FORMULA and ASSUMED_NOTE are (zh, en) pairs
    w = chapter_words(section("render.workload"), lang)

    data = as_dict(p, workload_of(p, b.today), workers=False)
    texts: list[tuple[str, str]] = [("", FORMULA[i])]
    limits = data["limits"]
    said = [
        w(key).format(v=limits[name])
        for key, name in (
            ("max_hours", "max_hours_per_month"),
            ("min_field", "min_field_share"),
            ("door_limit", "door_to_door_hours"),
        )
        if limits.get(name)
    ]
    if said:
        texts.append((w("limits"), msg("render.punct.semicolon")(lang).join(said)))
    roles = tuple(
        Row(
            (
                r["name"] if lang == "zh" else r["name_en"],
                str(r["workers"]),
                f"{r['mean_hours']:.1f}",
                f"{r['field_share']:.0%}" if r["field_share"] is not None else "",
            )
        )
        for r in data["roles"]
    )
    grids = tuple(
        Row(
            (
                g["name"],
                str(g["households"] or ""),
                f"{g['max_worker_hours']:.1f}",
                f"{g['door_hours']:.1f}" if g["door_hours"] else "",
            )
        )
        for g in data["grids"][:TOP]
    )
    tables = [
        Table(w("roles"), (w("role"), w("workers"), w("mean"), w("field")), roles),
        Table(w("grids"), (w("grid"), w("households"), w("max"), w("door")), grids),
    ]
    note = ASSUMED_NOTE[i] if data["assumed"] else ""
    return WorkloadView(w("title"), note, tuple(tables), tuple(texts))
