"""A warning raised by a matter dispatches admitted work only.

A warning level's `matters` are the matters that raise it; its task sends their work
down to townships, villages and grid workers. A matter that has no admission at all (or
is excluded) would reach the grid through the warning, around the admission lists: a
warning at the matter's entry.

预警级别的 matters 是触发它的事项，其派发任务会把工作交给乡镇、村和网格员。没有准入（或被排除）
的事项借预警下沉，即绕过了准入清单，在该事项处提示。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import admitted
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml


def _escalation(matter: str) -> str:
    return escalation_yaml(
        "warnings:\n  - id: yellow\n    name: 黄色预警\n    meaning: 暂时存在问题\n"
        f"    dispatch: true\n    matters: [{matter}]\n"
        "    task: {name: 整改任务, dispatched_by: street_centre, to: [community_centre]}\n"
    )


EXAMPLES = Examples.of(
    "escalation.yaml", _escalation("elderly_visit"), _escalation("investment_promotion")
)
RULE = Rule("GR865", "warning-matter-not-admitted", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    ok = admitted(p)
    for w in p.escalation.warnings:
        for k, matter in enumerate(w.matters):
            if matter not in p.matter_by_id:
                continue  # GR201
            excluded = matter in p.excluded_matters
            if matter in ok and not excluded:
                continue
            yield problem_at(
                RULE,
                w.origin,
                "matters",
                k,
                value=matter,
                warning=w,
                matter=matter,
                state=RULE.text("excluded" if excluded else "not_admitted"),
            )
