"""Every grid belongs to a community or village, never directly to a township.

When the jurisdiction sets `grids_belong_to_community` (the default; Xi'an
DB6101/T 3185-2024: every grid belongs to exactly one village or community,
never directly to a township or county), each grid must sit at or below a
community- or village-level node. Checked three ways: if no tier has
`admin_level: community` or `village` the setting cannot be met, reported once
at the tiers; a grid tier whose chain of parent tiers reaches no such tier
hangs directly under a street or township, reported once at that tier; and
each registry grid whose chain of parent nodes reaches none is reported at its
`parent`. A registry grid whose chain breaks (an undefined parent, a cycle) is
left to GR201 and GR303. Set `grids_belong_to_community: false` where
dedicated grids hang directly under the street.

辖区设置 grids_belong_to_community（默认开启，依据西安 DB6101/T 3185-2024）时，每个网格
必须隶属于且仅隶属于一个社区或村，不得直接隶属于乡镇（街道）或区县：层级中须有社区/村级
层级，网格层级的上级链须经过它，台账中每个网格的上级节点链也须经过社区或村节点。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import (
    grid_nodes,
    grid_tiers,
    in_registry_cycle,
    may_start_registry,
    tier_chains,
)
from gridrules.model import Grid, Origin, Policy
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml
from gridrules.rules.index import COMMUNITY_LEVELS

EXAMPLES = Examples.of(
    "grids.yaml",
    grids_yaml(grid_row(1), grid_row(2)),
    grids_yaml(grid_row(1), grid_row(2, parent="S01")),
)
RULE = Rule("GR302", "grid-community", Level.ERROR, __doc__, EXAMPLES)


ANCHORED, LOOSE, BROKEN = "anchored", "loose", "broken"


def registry_status(p: Policy) -> dict[str, tuple[str, Grid | None]]:
    """Node id → (anchored/loose/broken, the highest node its chain reached). O(n), memoised."""
    by_id, tiers, cyclic = p.grid_by_id, p.tier_by_id, in_registry_cycle(p)
    memo: dict[str, tuple[str, Grid | None]] = {}
    for grid in p.grids:
        walk: list[Grid] = []
        current = grid
        while True:
            if current.id in memo:
                result = memo[current.id]
                break
            tier = tiers.get(current.tier)
            walk.append(current)
            if tier is not None and tier.admin_level in COMMUNITY_LEVELS:
                result = (ANCHORED, current)
                break
            if current.id in cyclic:
                result = (BROKEN, None)
                break
            parent = by_id.get(current.parent) if current.parent is not None else None
            if parent is None:
                legit = current.parent is None or may_start_registry(p, current)
                result = (LOOSE if legit else BROKEN, current)
                break
            current = parent
        for node in walk:
            memo[node.id] = result
    return memo


def _tiers_location(p: Policy) -> Origin:
    first = p.tiers[0].origin
    return Origin(first.source, first.path[:1])


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.jurisdiction.settings.grids_belong_to_community:
        return
    if not grid_tiers(p):
        return
    community = {t.id for t in p.tiers if t.admin_level in COMMUNITY_LEVELS}
    if not community:
        yield problem_at(RULE, _tiers_location(p), part="setting")
        return
    chains = tier_chains(p)
    loose_tiers: set[str] = set()
    for tier in p.tiers:
        chain = chains[tier.id]
        if not tier.is_grid or community.intersection(chain):
            continue
        loose_tiers.add(tier.id)
        if p.tier_by_id[chain[-1]].parent is not None:
            continue  # a broken chain (undefined parent, cycle): GR201 and GR203 say why
        yield at_field(RULE, tier, "parent", part="tier", tier=tier.id, chain=" → ".join(chain))
    status = registry_status(p)
    for grid in grid_nodes(p):
        if grid.tier in loose_tiers:
            continue
        state, reached = status[grid.id]
        if state != LOOSE:
            continue
        above = (
            RULE.text("chain_ends", reached=reached, reached_tier=reached.tier)
            if reached is not None and reached is not grid
            else RULE.text("no_parent")
        )
        yield at_field(RULE, grid, "parent", part="grid", grid=grid, above=above)
