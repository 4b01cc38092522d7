"""A duty schedule's unit is one the registry counts.

`per:` is `households`, `fixed` (once per worker), or a registry attribute
column such as floating_population, rental_units or merchants. A unit no grid
in the registry carries counts as zero everywhere — almost always a typo or a
column the registry has not been given yet. Checked only when there is a
registry.

例行工作的计量单位须为 households、fixed 或台账中存在的属性列；台账中没有的列处处计为 0，
多为笔误或台账缺列。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.workload_common import SCHEDULES_OK
from gridrules.workload.model import FIXED, HOUSEHOLDS

RULE = Rule(
    "GR853",
    "schedule-unit",
    Level.WARNING,
    Text("例行工作的计量单位不在台账中", "a schedule's unit is not in the registry"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"schedules.yaml": SCHEDULES_OK},
        failing={"schedules.yaml": SCHEDULES_OK.replace("per: households", "per: rentals")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.schedules or not p.grids:
        return
    columns: set[str] = set()
    for g in p.grids:
        columns.update(g.attributes)
    for s in p.schedules:
        if s.per in (FIXED, HOUSEHOLDS) or s.per in columns:
            continue
        known = ", ".join(sorted(columns)) or "—"
        yield problem_at(
            RULE,
            s.origin,
            "per",
            message=Text(
                f"例行工作 {s.id} 按 “{s.per}” 计量，但台账中没有该列（处处计为 0）",
                f"schedule {s.id} scales with '{s.per}', which no registry grid carries "
                "(it counts as 0 everywhere)",
            ),
            value=s.per,
            hint=Text(
                f"写 households、fixed 或台账属性列：{known}",
                f"use households, fixed or a registry column: {known}",
            ),
        )
