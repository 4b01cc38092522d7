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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml
from gridrules.rules.party_common import instances, party_words

_PARTY = party_yaml(", min_members: 3, max_members: 50")


def _grids(members: int) -> str:
    return grids_yaml(
        grid_row(1, f", party_org: 第一网格党支部, attributes: {{party_members: {members}}}"),
        grid_row(2, ", party_org: 第二网格党支部, attributes: {party_members: 12}"),
    )


EXAMPLES = Examples.of("grids.yaml", _grids(5), _grids(2), {"party.yaml": _PARTY})
RULE = Rule("GR710", "party-branch-size", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    complete = ctx.policy.party.roster_lists_all_members
    for inst in instances(ctx.policy):
        low, high = inst.organisation.min_members, inst.organisation.max_members
        found: list[tuple[str, int]] = []
        if low is not None and inst.members < low and (inst.declared or complete):
            found.append(("too_few", low))
        if high is not None and inst.members > high:
            found.append(("too_many", high))
        for part, bound in found:
            where = (inst.first.origin, "party_org")
            yield problem_at(
                RULE, *where, part=part, value=inst.members, bound=bound, **party_words(inst)
            )
