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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field
from gridrules.rules.workload_common import SCHEDULES_OK
from gridrules.workload.model import FIXED, HOUSEHOLDS

EXAMPLES = Examples.of(
    "schedules.yaml", SCHEDULES_OK, SCHEDULES_OK.replace("per: households", "per: rentals")
)
RULE = Rule("GR853", "schedule-unit", Level.WARNING, __doc__, EXAMPLES)


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
        yield at_field(RULE, s, "per", schedule=s.id, per=s.per, known=known)
