"""A community or village party organisation serves the term its level prescribes: 5 years.

Since 2018 the party organisations of communities and villages are elected for five
years (the branch regulations; DOMAIN "Beyond the seeds"). An organisation type that
attaches to a tier at the community or village administrative level, or to a grid tier
below one, and states another `term_years` is reported at that value. Types that state
no term are not checked.

社区、村党组织每届任期 5 年（2018 年起）。挂靠社区/村层级（或其下网格层级）的党组织类型
写明的 term_years 不是 5 时报告；未写任期的不检查。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import party_yaml

COMMUNITY_TERM_YEARS = 5


RULE = Rule(
    "GR712",
    "party-term",
    Level.WARNING,
    Text("社区（村）党组织任期不是 5 年", "community or village party term is not 5 years"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": party_yaml(community=", term_years: 5")},
        failing={"party.yaml": party_yaml(community=", term_years: 3")},
    ),
)


def _community_tiers(ctx: Context) -> frozenset[str]:
    """Tiers at the community/village level and every tier below one."""
    p = ctx.policy
    out: set[str] = set()
    for tier in p.tiers:
        seen: set[str] = set()
        current: str | None = tier.id
        while current is not None and current not in seen:
            seen.add(current)
            found = p.tier_by_id.get(current)
            if found is None:
                break
            if found.admin_level in ("community", "village"):
                out.add(tier.id)
                break
            current = found.parent
    return frozenset(out)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    tiers = _community_tiers(ctx)
    for org in ctx.policy.party.organisations:
        if org.term_years is None or org.attaches_to not in tiers:
            continue
        if org.term_years != COMMUNITY_TERM_YEARS:
            yield problem_at(
                RULE,
                org.origin,
                "term_years",
                message=Text(
                    f"党组织 {org.id} 挂靠社区（村）一级，每届任期应为 5 年，写的是 {org.term_years} 年",
                    f"party organisation '{org.id}' sits at the community/village level: its "
                    f"term is 5 years, not {org.term_years}",
                ),
                value=org.term_years,
                hint=Text("改为 term_years: 5", "set term_years: 5"),
            )
