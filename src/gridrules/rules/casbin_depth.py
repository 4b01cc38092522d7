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

from gridrules.compile import CASBIN_MAX_HOPS
from gridrules.model import Policy
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at

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


RULE = Rule(
    "GR901",
    "casbin-depth",
    Level.ERROR,
    Text(
        "台账或层级嵌套超过 Casbin 的 10 层链接上限",
        "registry or tier chain deeper than Casbin's 10-link role graph",
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"tiers.yaml": _deep_tiers(10), "grids.yaml": _deep_grids(10)},
        failing={"tiers.yaml": _deep_tiers(11), "grids.yaml": _deep_grids(11)},
    ),
)


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
        extra_zh = f"；另有 {len(more)} 个节点：{id_list(g.id for g in more)}" if more else ""
        extra_en = f"; {len(more)} more: {id_list(g.id for g in more)}" if more else ""
        yield problem_at(
            RULE,
            grid.origin,
            "parent",
            message=Text(
                f"{grid.id}（{grid.name}）距辖区 {CASBIN_MAX_HOPS + 1} 层，超过 node-casbin/Go "
                f"Casbin 的 {CASBIN_MAX_HOPS} 层上限，导出后在这些运行时中会被一律拒绝{extra_zh}",
                f"{grid.id} ({grid.name}) is {CASBIN_MAX_HOPS + 1} links below the jurisdiction, "
                f"past the {CASBIN_MAX_HOPS}-link limit of node-casbin and Go Casbin: exported, "
                f"every request there would be denied{extra_en}",
            ),
            value=grid.parent,
            hint=Text(
                "合并层级，使台账不超过 10 层",
                "merge levels so the registry is at most 10 levels deep",
            ),
        )
    if tier_hops(policy) > CASBIN_MAX_HOPS:
        deepest = max(policy.tiers, key=lambda t: policy.tier_depth.get(t.id, 0))
        yield problem_at(
            RULE,
            deepest.origin,
            "parent",
            message=Text(
                f"层级链共 {tier_hops(policy)} 级，导出后处置层级检查需要 "
                f"{tier_hops(policy)} 条链接，超过 Casbin 的 {CASBIN_MAX_HOPS} 条上限",
                f"the tier chain has {tier_hops(policy)} levels; the exported handling-tier "
                f"test would follow {tier_hops(policy)} links, past Casbin's {CASBIN_MAX_HOPS}",
            ),
            value=deepest.parent,
            hint=Text("层级不超过 10 级", "keep the tier chain to at most 10 levels"),
        )
