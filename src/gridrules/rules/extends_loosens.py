"""A jurisdiction may tighten the tiers it inherits, never loosen them.

A child jurisdiction that redefines a parent's tier (same id) may narrow the
urban and rural household ranges, lower the average limit, and raise the
minimum staffing; it may not widen a range beyond the parent's, drop a range,
an average limit, the staffing rule or its difficulty scoring that the parent
set, nor lower `min_per_grid`. A city's rules bind its districts; a district
that needs an exception asks the city to change its rule.

下级辖区可以收紧继承的层级规则，不得放宽：户数范围不得超出上级范围，不得删除上级规定的
范围、平均户数上限、人员配备或难度增配规则，不得降低每格最少人数。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.model import Sizing, Tier
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import AREA, problem_at
from gridrules.rules.example_snippets import jurisdiction_yaml

_CITY = """\
kind: jurisdiction
version: 1
id: city
name: 示例市
level: city
character: urban
"""
_CHILD = jurisdiction_yaml("extends: city\n")


def _tiers(urban_max: int, rural_min: int, workers: int) -> str:
    sizing = f"{{urban: {{min: 300, max: {urban_max}}}, rural: {{min: {rural_min}, max: 300}}}}"
    return (
        "kind: tiers\nversion: 1\ntiers:\n  - id: grid\n    name: 一般网格\n    parent: community\n"
        f"    is_grid: true\n    sizing: {sizing}\n"
        f"    staffing: {{roles: [full_time_worker], min_per_grid: {workers}}}\n"
    )


EXAMPLES = Examples.of(
    "city/tiers.yaml",
    _tiers(600, 50, 1),
    _tiers(450, 100, 2),
    {"jurisdiction.yaml": _CHILD, "city/jurisdiction.yaml": _CITY},
)
RULE = Rule("GR205", "extends-loosens", Level.ERROR, __doc__, EXAMPLES)


def loosenings(old: Tier, new: Tier) -> Iterator[tuple[tuple[Any, ...], Any, Text]]:
    """(where in the child tier, offending value, what was loosened) for each loosening."""
    if old.sizing is not None:
        yield from _sizing(old.sizing, new)
    # Staffing rules are matched by the roles they count; each parent rule must survive.
    kept = {frozenset(rule.roles): rule for rule in new.staffing}
    for before in old.staffing:
        after = kept.get(frozenset(before.roles))
        was: dict[str, Any] = {"before": before.min_per_grid, "roles": "/".join(before.roles)}
        if after is None:
            yield ("id",), None, RULE.text("staffing_dropped", **was)
            continue
        if after.min_per_grid < before.min_per_grid:
            lowered = RULE.text("staffing_lowered", after=after.min_per_grid, **was)
            yield (*after.path, "min_per_grid"), after.min_per_grid, lowered
        if before.difficulty is not None and after.difficulty is None:
            yield after.path, None, RULE.text("difficulty_dropped")


def _sizing(old: Sizing, new: Tier) -> Iterator[tuple[tuple[Any, ...], Any, Text]]:
    for area in ("urban", "rural"):
        before = getattr(old, area)
        after = getattr(new.sizing, area) if new.sizing else None
        ranges: dict[str, Any] = {"area": AREA[area], "before": before.describe() if before else ""}
        if before is None:
            continue
        if after is None:
            where = ("sizing",) if new.sizing else ("id",)
            yield where, None, RULE.text("range_dropped", **ranges)
        elif not after.within(before):
            wider = RULE.text("range_wider", after=after.describe(), **ranges)
            yield ("sizing", area), after.describe(), wider
    limit = old.average_max_households
    now = new.sizing.average_max_households if new.sizing else None
    if limit is not None and (now is None or now > limit):
        at = ("sizing", "average_max_households") if now is not None else ("id",)
        shown = now if now is not None else RULE.text("none")
        yield at, now, RULE.text("average", limit=limit, now=shown)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for old, new in ctx.policy.overridden:
        if isinstance(old, Tier) and isinstance(new, Tier):
            for sub, value, what in loosenings(old, new):
                where: dict[str, Any] = {
                    "tier": new.id,
                    "parent_at": old.origin.location,
                    "what": what,
                }
                yield problem_at(RULE, new.origin, *sub, value=value, **where)
