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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml
from gridrules.rules.party_common import instances

WORDS = {
    "single": Text("单独建", "built alone"),
    "converted": Text("转化建", "built by conversion"),
    "joint": Text("联合建", "built jointly"),
}


_PARTY = party_yaml(", formations: [single, joint]")


def _grids(formation: str) -> str:
    return grids_yaml(
        grid_row(1, ", party_org: 锦官驿联合党支部, party_formation: joint"),
        grid_row(2, f", party_org: 锦官驿联合党支部, party_formation: {formation}"),
    )


RULE = Rule(
    "GR713",
    "party-formation",
    Level.WARNING,
    Text(
        "网格党组织的组建方式与类型或台账不符",
        "grid party organisation built in a way its type or registry contradicts",
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": _PARTY, "grids.yaml": _grids("joint")},
        failing={"party.yaml": _PARTY, "grids.yaml": _grids("single")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for inst in instances(ctx.policy):
        org = inst.organisation
        shared = bool(inst.name) and len(inst.grids) > 1
        for grid in inst.grids:
            how = grid.party_formation
            if not how:
                continue
            words = WORDS.get(how, Text(how, how))
            if org.formations and how not in org.formations:
                allowed = "、".join(WORDS[f].zh for f in org.formations if f in WORDS)
                yield problem_at(
                    RULE,
                    grid.origin,
                    "party_formation",
                    message=Text(
                        f"网格 {grid.id} 的党组织为{words.zh}，{org.id} 只允许{allowed}",
                        f"grid {grid.id}'s party organisation is {words.en}; '{org.id}' "
                        f"allows only {', '.join(org.formations)}",
                    ),
                    value=how,
                )
            elif how == "joint" and not shared:
                yield problem_at(
                    RULE,
                    grid.origin,
                    "party_formation",
                    message=Text(
                        f"网格 {grid.id} 的党组织记为联合建，但没有其他网格共用 “{grid.party_org}”",
                        f"grid {grid.id}'s party organisation is recorded as joint, but no "
                        f"other grid shares '{grid.party_org}'",
                    ),
                    value=how,
                    hint=Text(
                        "在共建网格的 party_org 中写同一名称",
                        "name it in the partner grids' party_org",
                    ),
                )
            elif how != "joint" and shared:
                yield problem_at(
                    RULE,
                    grid.origin,
                    "party_formation",
                    message=Text(
                        f"网格 {grid.id} 的党组织记为{words.zh}，却与 {len(inst.grids) - 1} 个网格共用 “{inst.name}”",
                        f"grid {grid.id}'s party organisation is recorded as {words.en}, yet "
                        f"{len(inst.grids) - 1} other grids share '{inst.name}'",
                    ),
                    value=how,
                    hint=Text(
                        "改为 joint（联合建），或分别建立",
                        "record it as joint, or build separate ones",
                    ),
                )
