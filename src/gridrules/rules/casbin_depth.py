"""The registry and the tier chain fit a stock Casbin runtime's role-graph depth.

`gridrules export` writes the registry as Casbin `g2` links (grid → parent →
… → the jurisdiction) and the tier chain as `g` links (matter → its handling
tier's depth → … → the top tier). node-casbin (and Go Casbin by default)
follow at most 10 links when they test a role link; a grid more than 10 links
from the jurisdiction — an 11th level of codes — is then silently treated as
"not in the registry", and every request there is denied in those runtimes
while gridrules allows it. A registry nested 11 levels deep, or a tier chain
of 11 tiers, is refused; `gridrules export --format json` states the limit
(`casbin.max_hops`) and the depth the policy needs.

导出的 Casbin 模型中，网格台账以 g2 链接表示（网格 → 上级 → … → 辖区），层级链以 g
链接表示。node-casbin 与 Go Casbin 默认最多沿 10 条链接查找，第 11 层的网格会被当作
“不在台账中”而一律拒绝。台账嵌套超过 10 层、或层级超过 10 级时报错。
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from gridrules.compile import CASBIN_MAX_HOPS
from gridrules.model import Policy
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, id_list

SHOWN = 5  # registry nodes reported one by one; the rest are counted in the last problem


_BASE = Path(__file__).resolve().parent / "example_base"


def _deep_tiers(levels: int) -> str:
    """The example base's three tiers, then unit tiers down to `levels` in all."""
    text = (_BASE / "tiers.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    parent = "grid"
    for i in range(4, levels + 1):
        text += f"  - {{id: unit{i}, name: 第{i}级单元, parent: {parent}, is_grid: false}}\n"
        parent = f"unit{i}"
    return text


def _deep_grids(levels: int) -> str:
    """The example base's registry, then a chain of unit nodes below its first grid."""
    text = (_BASE / "grids.yaml").read_text(encoding="utf-8").split("\n", 1)[1]
    parent = "S01C01G01"
    for i in range(4, levels + 1):
        code = f"{parent}U{i}"
        text += f'  - {{id: "{code}", name: 第{i}级单元, tier: unit{i}, parent: "{parent}"}}\n'
        parent = code
    return text


EXAMPLES = Examples(
    passing={"tiers.yaml": _deep_tiers(10), "grids.yaml": _deep_grids(10)},
    failing={"tiers.yaml": _deep_tiers(11), "grids.yaml": _deep_grids(11)},
)
RULE = Rule("GR901", "casbin-depth", Level.ERROR, __doc__, EXAMPLES)


def registry_hops(policy: Policy) -> dict[str, int]:
    """Links from each registry node to the jurisdiction node in the exported g2 graph."""
    parent_of: dict[str, str | None] = {}
    for grid in policy.grids:
        parent_of.setdefault(grid.id, grid.parent)
    hops: dict[str, int] = {}
    for start in parent_of:
        chain: list[str] = []
        node: str | None = start
        while node is not None and node in parent_of and node not in hops and node not in chain:
            chain.append(node)
            node = parent_of[node]
        base = hops.get(node, 0) if node is not None else 0
        if node is not None and node in chain:  # a cycle: GR303's, counted as ending here
            base = 0
        for offset, grid_id in enumerate(reversed(chain), start=1):
            hops[grid_id] = base + offset
    return hops


def tier_hops(policy: Policy) -> int:
    """Longest chain a `handle` test follows: matter → handling depth → … → top depth."""
    depths = policy.tier_depth.values()
    return 1 + max(depths, default=0)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    policy = ctx.policy
    hops = registry_hops(policy)
    too_deep = [g for g in policy.grids if hops.get(g.id, 0) == CASBIN_MAX_HOPS + 1]
    for n, grid in enumerate(too_deep[:SHOWN]):
        more = too_deep[SHOWN:] if n == min(SHOWN, len(too_deep)) - 1 else []
        listing: dict[str, Any] = {"count": len(more), "grids": id_list(g.id for g in more)}
        also = RULE.text("more", **listing) if more else ""
        links: dict[str, Any] = {"links": CASBIN_MAX_HOPS + 1, "limit": CASBIN_MAX_HOPS}
        yield at_field(RULE, grid, "parent", part="grid", grid=grid, also=also, **links)
    if tier_hops(policy) > CASBIN_MAX_HOPS:
        deepest = max(policy.tiers, key=lambda t: policy.tier_depth.get(t.id, 0))
        chain: dict[str, Any] = {"links": tier_hops(policy), "limit": CASBIN_MAX_HOPS}
        yield at_field(RULE, deepest, "parent", part="tier", **chain)
