"""A grid's party organisation is built in a way its type allows and its registry shows.

Every grid is covered by building its organisation alone, by conversion or jointly
(单独建、转化建、联合建, 000). A registry row's `party_formation` must be one of its
organisation type's `formations` (when the type lists them); a `joint` organisation is
shared: its `party_org` is named by at least two grids of the tier; a `single` or
`converted` one is the grid's own: no other grid of the tier names it.

网格党组织按单独建、转化建、联合建组建：台账 party_formation 须在其党组织类型的 formations
之内；联合建的党组织至少被两个网格共用，单独建、转化建的不与其他网格共用。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.catalogue import msg
from gridrules.model import Grid
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import listed, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml
from gridrules.rules.party_common import instances

WORDS = {
    "single": msg("rules.GR713.single"),
    "converted": msg("rules.GR713.converted"),
    "joint": msg("rules.GR713.joint"),
}


_PARTY = party_yaml(", formations: [single, joint]")


def _grids(formation: str) -> str:
    return grids_yaml(
        grid_row(1, ", party_org: 锦官驿联合党支部, party_formation: joint"),
        grid_row(2, f", party_org: 锦官驿联合党支部, party_formation: {formation}"),
    )


EXAMPLES = Examples.of("grids.yaml", _grids("joint"), _grids("single"), {"party.yaml": _PARTY})
RULE = Rule("GR713", "party-formation", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for inst in instances(ctx.policy):
        org = inst.organisation
        shared = bool(inst.name) and len(inst.grids) > 1
        for grid in inst.grids:
            how = grid.party_formation
            if not how:
                continue
            words: dict[str, Any] = {"grid": grid.id, "words": WORDS.get(how) or how}
            if org.formations and how not in org.formations:
                named = listed(WORDS[f] for f in org.formations if f in WORDS)
                allowed = (named[0], listed(org.formations)[1])
                yield _at(grid, "not_allowed", org=org.id, allowed=allowed, **words)
            elif how == "joint" and not shared:
                yield _at(grid, "alone", organisation=grid.party_org, **words)
            elif how != "joint" and shared:
                yield _at(grid, "shared", others=len(inst.grids) - 1, name=inst.name, **words)


def _at(at: Grid, part: str, /, **words: Any) -> Problem:
    value = at.party_formation
    return problem_at(RULE, at.origin, "party_formation", part=part, value=value, **words)
