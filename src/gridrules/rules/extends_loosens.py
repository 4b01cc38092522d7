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

from gridrules.model import Tier
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import AREA, problem_at

_CITY = """\
kind: jurisdiction
version: 1
id: city
name: 示例市
level: city
character: urban
"""
_CHILD = """\
kind: jurisdiction
version: 1
id: example
name: 示例街道
level: street
character: urban
extends: city
"""

RULE = Rule(
    "GR205",
    "extends-loosens",
    Level.ERROR,
    Text("下级辖区放宽了继承的层级规则", "a child jurisdiction loosens an inherited tier"),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "jurisdiction.yaml": _CHILD,
            "city/jurisdiction.yaml": _CITY,
            "city/tiers.yaml": """\
kind: tiers
version: 1
tiers:
  - id: grid
    name: 一般网格
    parent: community
    is_grid: true
    sizing: {urban: {min: 300, max: 600}, rural: {min: 50, max: 300}}
    staffing: {roles: [full_time_worker], min_per_grid: 1}
""",
        },
        failing={
            "jurisdiction.yaml": _CHILD,
            "city/jurisdiction.yaml": _CITY,
            "city/tiers.yaml": """\
kind: tiers
version: 1
tiers:
  - id: grid
    name: 一般网格
    parent: community
    is_grid: true
    sizing: {urban: {min: 300, max: 450}, rural: {min: 100, max: 300}}
    staffing: {roles: [full_time_worker], min_per_grid: 2}
""",
        },
    ),
)


def loosenings(old: Tier, new: Tier) -> Iterator[tuple[tuple[Any, ...], Any, Text]]:
    """(where in the child tier, offending value, what was loosened) for each loosening."""
    if old.sizing is not None:
        for area in ("urban", "rural"):
            before = getattr(old.sizing, area)
            after = getattr(new.sizing, area) if new.sizing else None
            words = AREA[area]
            if before is None:
                continue
            if after is None:
                where = ("sizing",) if new.sizing else ("id",)
                yield (
                    where,
                    None,
                    Text(
                        f"删除了{words.zh}户数范围 {before.describe()}",
                        f"drops the {words.en} household range {before.describe()}",
                    ),
                )
            elif not after.within(before):
                yield (
                    ("sizing", area),
                    after.describe(),
                    Text(
                        f"{words.zh}户数范围 {after.describe()} 超出上级的 {before.describe()}",
                        f"{words.en} range {after.describe()} is wider than the parent's {before.describe()}",
                    ),
                )
        limit = old.sizing.average_max_households
        now = new.sizing.average_max_households if new.sizing else None
        if limit is not None and (now is None or now > limit):
            yield (
                ("sizing", "average_max_households") if now is not None else ("id",),
                now,
                Text(
                    f"平均户数上限由 {limit} 改为 {now if now is not None else '无'}",
                    f"average limit {limit} becomes {now if now is not None else 'none'}",
                ),
            )
    # Staffing rules are matched by the roles they count; each parent rule must survive.
    kept = {frozenset(rule.roles): rule for rule in new.staffing}
    for before in old.staffing:
        after = kept.get(frozenset(before.roles))
        if after is None:
            yield (
                ("id",),
                None,
                Text(
                    f"删除了人员配备规则（每格至少 {before.min_per_grid} 名 {'/'.join(before.roles)}）",
                    f"drops the staffing rule (at least {before.min_per_grid} "
                    f"{'/'.join(before.roles)} per grid)",
                ),
            )
            continue
        if after.min_per_grid < before.min_per_grid:
            yield (
                (*after.path, "min_per_grid"),
                after.min_per_grid,
                Text(
                    f"每格最少人数由 {before.min_per_grid} 降为 {after.min_per_grid}",
                    f"min_per_grid lowered from {before.min_per_grid} to {after.min_per_grid}",
                ),
            )
        if before.difficulty is not None and after.difficulty is None:
            yield (
                after.path,
                None,
                Text("删除了按难度增配规则", "drops the difficulty-based staffing"),
            )


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for old, new in ctx.policy.overridden:
        if not (isinstance(old, Tier) and isinstance(new, Tier)):
            continue
        for sub, value, what in loosenings(old, new):
            yield problem_at(
                RULE,
                new.origin,
                *sub,
                message=Text(
                    f"层级 {new.id} 放宽了上级政策（{old.origin.location}）：{what.zh}",
                    f"tier '{new.id}' loosens the parent policy ({old.origin.location}): {what.en}",
                ),
                value=value,
                hint=Text(
                    "下级只能收紧上级的规则；确需放宽，应修改上级政策",
                    "a child may only tighten its parent's rules; change the parent policy instead",
                ),
            )
