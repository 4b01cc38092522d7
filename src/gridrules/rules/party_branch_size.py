"""A party organisation has as many members as its type allows: ≥ min_members, ≤ max_members.

The 2018 branch regulations: a branch needs at least 3 full members and has at most 50
(a larger one is split or becomes a general branch). Each organisation instance (grids
of the attaching tier sharing a `party_org`, or one grid) is counted from the registry's
`party_members` column where stated, else from the roster's party members in those grids
and below. The roster lists grid workers, not every member: a roster count is a lower
bound, so it proves an organisation too large, but too small only when party.yaml says
`roster_lists_all_members: true`. Reported once per instance, at its first grid's
`party_org`.

党支部党员人数须在 min_members 与 max_members 之间（2018 年《中国共产党支部工作条例（试行）》：
正式党员 3 人以上，党员人数一般不超过 50 人）。人数取台账 party_members 列，否则取名册
党员人数；名册人数只是下限，故只据以判定超员，除非声明 roster_lists_all_members: true。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml
from gridrules.rules.party_common import instances, label, source

_PARTY = party_yaml(", min_members: 3, max_members: 50")


def _grids(members: int) -> str:
    return grids_yaml(
        grid_row(1, f", party_org: 第一网格党支部, attributes: {{party_members: {members}}}"),
        grid_row(2, ", party_org: 第二网格党支部, attributes: {party_members: 12}"),
    )


RULE = Rule(
    "GR710",
    "party-branch-size",
    Level.ERROR,
    Text(
        "党组织党员人数超出其类型允许的范围", "party organisation has too few or too many members"
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": _PARTY, "grids.yaml": _grids(5)},
        failing={"party.yaml": _PARTY, "grids.yaml": _grids(2)},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    complete = p.party.roster_lists_all_members
    for inst in instances(p):
        org = inst.organisation
        zh, en = label(inst)
        szh, sen = source(inst)
        grids = id_list(g.id for g in inst.grids)
        small = org.min_members is not None and inst.members < org.min_members
        if small and (inst.declared or complete):
            yield problem_at(
                RULE,
                inst.first.origin,
                "party_org",
                message=Text(
                    f"{zh}（{grids}）只有 {inst.members} 名党员（{szh}），"
                    f"少于 {org.id} 要求的 {org.min_members} 名",
                    f"{en} ({grids}) has {inst.members} party members ({sen}), fewer than "
                    f"the {org.min_members} '{org.id}' requires",
                ),
                value=inst.members,
                hint=Text(
                    "与相邻网格联合建立党组织（联合建），或先建党小组",
                    "build it jointly with neighbouring grids, or start with a party group",
                ),
            )
        if org.max_members is not None and inst.members > org.max_members:
            yield problem_at(
                RULE,
                inst.first.origin,
                "party_org",
                message=Text(
                    f"{zh}（{grids}）有 {inst.members} 名党员（{szh}），"
                    f"超过 {org.id} 的上限 {org.max_members} 名",
                    f"{en} ({grids}) has {inst.members} party members ({sen}), more than "
                    f"the {org.max_members} '{org.id}' allows",
                ),
                value=inst.members,
                hint=Text(
                    "拆分为多个党支部，或升格为党总支",
                    "split it into several branches, or make it a general branch",
                ),
            )
