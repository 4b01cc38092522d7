"""Hard grids get the extra workers their difficulty score calls for.

Xinbei district scores each grid's management difficulty as a weighted sum of
registry attributes (floating population, rental units, merchants…) and
assigns two or more workers to the hardest grids. A tier's
`staffing.difficulty` gives the weights and bands: a grid whose score is above
a band's `above` needs `extra` workers on top of `min_per_grid` (the largest
`extra` of the bands that apply). Checked only when there is a roster; workers
count as for GR401. Reported apart from GR401 so a reviewer sees the score,
the weights and the count required; a grid short even of `min_per_grid` is
reported by both.

新北区按流动人口、出租房、商户等加权计算网格管理难度，难度高的网格配备两名以上网格员。
层级 staffing.difficulty 给出权重和档位：评分高于某档 above 时，在每格最少人数之上增配
extra 人（取适用档位中最大的增配数）。有人员名册时检查；连每格最少人数都不足的网格两条规则
都会报告。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.model import Difficulty, Grid
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.example_snippets import grids_yaml, roster_yaml, tiers_yaml, worker_row
from gridrules.rules.staffing import shortfall, staffed

_TIERS = tiers_yaml(
    "    staffing:\n      roles: [full_time_worker]\n      min_per_grid: 1\n      difficulty:\n"
    "        weights: {floating_population: 0.01, rentals: 0.5}\n"
    "        bands: [{above: 20, extra: 1}]\n"
)
_GRIDS = grids_yaml(
    '  - id: "S01C01G01"\n    name: 第一网格\n    tier: grid\n    parent: "S01C01"\n'
    "    attributes: {floating_population: 1200, rentals: 30}\n",
    '{id: "S01C01G02", name: 第二网格, tier: grid, parent: "S01C01"}',
)


EXAMPLES = Examples(
    passing={
        "tiers.yaml": _TIERS,
        "grids.yaml": _GRIDS,
        "roster.yaml": roster_yaml(
            worker_row(1),
            '{id: W004, name: 赵敏, roles: [full_time_worker], grid: "S01C01G01"}',
            worker_row(2),
        ),
    },
    failing={"tiers.yaml": _TIERS, "grids.yaml": _GRIDS},
)
RULE = Rule("GR402", "difficulty-staffing", Level.ERROR, __doc__, EXAMPLES)


def explain(difficulty: Difficulty, grid: Grid) -> str:
    """'0.01×floating_population(1200) + 0.5×rentals(30)'."""
    return " + ".join(
        f"{weight:g}×{name}({grid.attributes.get(name, 0.0):g})"
        for name, weight in difficulty.weights
    )


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for grid, _, rule, have in staffed(ctx.policy):
        difficulty = rule.difficulty
        if difficulty is None:
            continue
        score = difficulty.score(grid.attributes)
        extra = difficulty.extra_workers(score)
        need = rule.min_per_grid + extra
        if extra == 0 or have >= need:
            continue
        band = max(b.above for b in difficulty.bands if score > b.above and b.extra == extra)
        words: dict[str, Any] = {
            "score": f"{score:g}",
            "formula": explain(difficulty, grid),
            "band": f"{band:g}",
        }
        extras: dict[str, Any] = {"minimum": rule.min_per_grid, "extra": extra}
        yield shortfall(RULE, grid, rule, need, have, value=score, **words, **extras)
