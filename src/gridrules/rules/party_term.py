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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field
from gridrules.rules.example_snippets import party_yaml

COMMUNITY_TERM_YEARS = 5


EXAMPLES = Examples.of(
    "party.yaml", party_yaml(community=", term_years: 5"), party_yaml(community=", term_years: 3")
)
RULE = Rule("GR712", "party-term", Level.WARNING, __doc__, EXAMPLES)


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
            yield at_field(RULE, org, "term_years", org=org.id, years=org.term_years)
