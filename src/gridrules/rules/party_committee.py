"""A party organisation with as many members as its type's `committee_from` has a committee.

The 2018 branch regulations: a branch of 7 or more full members sets up a branch
committee; a smaller one has a secretary (and perhaps a deputy). The registry's
`party_committee` column (1 = a committee, 0 = none) records what each organisation
has; an instance of at least `committee_from` members whose grids state 0 is reported,
at the first such grid. Member counts as in GR710.

党员 7 人以上的党支部应设立支部委员会（2018 年条例）。台账 party_committee 列（1 有、0 无）
记录是否设立；党员人数达到 committee_from 而台账写 0 时报告。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import attribute_path, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml
from gridrules.rules.party_common import COMMITTEE_COLUMN, instances, party_words

_PARTY = party_yaml(", min_members: 3, committee_from: 7")


def _grids(committee: int) -> str:
    first = f"party_members: 9, party_committee: {committee}"
    return grids_yaml(
        grid_row(1, f", party_org: 第一网格党支部, attributes: {{{first}}}"),
        grid_row(
            2, ", party_org: 第二网格党支部, attributes: {party_members: 4, party_committee: 0}"
        ),
    )


EXAMPLES = Examples.of("grids.yaml", _grids(1), _grids(0), {"party.yaml": _PARTY})
RULE = Rule("GR711", "party-committee-missing", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for inst in instances(ctx.policy):
        threshold = inst.organisation.committee_from
        if threshold is None or inst.members < threshold:
            continue
        without = [g for g in inst.grids if g.attributes.get(COMMITTEE_COLUMN) == 0]
        if not without:
            continue
        grid = without[0]
        where = attribute_path(grid.origin, COMMITTEE_COLUMN)
        yield problem_at(
            RULE, grid.origin, *where, value=0, threshold=threshold, **party_words(inst)
        )
