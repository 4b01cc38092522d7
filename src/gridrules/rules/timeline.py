"""What the time-limit rules (GR620–GR628) share: every matter's routes, computed once.

A matter is checked on every chain an event can start on — the chain of each
leaf tier (a tier nothing hangs below: micro grids, unit cells, dedicated
grids) — and on its generic chain (what handbooks print). `gridrules.route`
computes each route, so validation and `gridrules route` agree by construction.
Matters on the exclusion list are left out: they are catalogued to be refused,
never routed up from a grid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeGuard

from gridrules.lookup import per_policy
from gridrules.model import DirectReport, Duration, Matter, Origin, Policy, TimeLimitCeiling
from gridrules.problems import Problem
from gridrules.rules.base import Check, Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import jurisdiction_yaml

if TYPE_CHECKING:
    from gridrules.route import Route, RouteStep


def matters_example(
    rental: str = "",
    neighbour: str = "time_limits: {report_within: 2h, close_within: 3d}",
    category: str = "",
) -> str:
    """The example base's matters.yaml with extra fields for two matters and a category."""
    return f"""\
kind: matters
version: 1
categories:
  - {{id: public_order, name: 社会治安类{category}}}
  - {{id: livelihood, name: 民生服务类}}
  - {{id: excluded_work, name: 不得下沉事项}}
matters:
  - {{id: neighbour_dispute, name: 邻里纠纷, category: public_order, handling_tier: grid, {neighbour}}}
  - {{id: elderly_visit, name: 独居老人走访, category: livelihood, handling_tier: grid}}
  - {{id: rental_safety, name: 出租房安全隐患, category: public_order, handling_tier: community{rental}}}
  - {{id: investment_promotion, name: 招商引资任务, category: excluded_work, handling_tier: street}}
"""


def close_examples(passing: str, failing: str) -> Examples:
    """matters.yaml with rental safety closing within `passing`, and within `failing`."""
    close = ", time_limits: {{close_within: {}}}"
    return Examples.of(
        "matters.yaml",
        matters_example(close.format(passing)),
        matters_example(close.format(failing)),
    )


def ceiling_examples(failing: str) -> Examples:
    """jurisdiction.yaml with a 15-day time-limit ceiling, and with a ceiling of `failing`."""
    return Examples.of(
        "jurisdiction.yaml", jurisdiction_example("15d"), jurisdiction_example(failing)
    )


def jurisdiction_example(ceiling: str) -> str:
    """The example base's jurisdiction.yaml with a time-limit ceiling."""
    ceiling_line = (
        f"  time_limit_ceiling: {{limit: {ceiling}, extension: 经审批可延长, source: 示例}}\n"
    )
    return jurisdiction_yaml('settings:\n  supervision_hotline: "12345"\n' + ceiling_line)


def over_ceiling(find: Callable[[Policy, TimeLimitCeiling], Iterable[Problem]]) -> Check:
    """The check of a ceiling rule (GR622–GR624): when the jurisdiction sets a time-limit
    ceiling, what `find` finds over it; nothing without one."""

    def check(ctx: Context) -> Iterator[Problem]:
        ceiling = ctx.policy.jurisdiction.settings.time_limit_ceiling
        if ceiling is not None:
            yield from find(ctx.policy, ceiling)

    return check


@dataclass(frozen=True, slots=True)
class Leg:
    """One route of a matter: from the bottom of a chain through its handling step."""

    route: Route
    start: str  # the first level of the chain (where the event is reported first)

    @property
    def counted(self) -> tuple[RouteStep, ...]:
        """The steps the handling deadline adds up: counted ones, through the handling step."""
        out = []
        for step in self.route.steps:
            if step.counted:
                out.append(step)
            if step.handles:
                break
        return tuple(out) if self.route.handling_level else ()

    def steps_over(self, limit: Duration | None) -> list[RouteStep]:
        """The counted steps whose own time limit is longer than `limit`."""
        return [step for step in self.counted if longer(step.time_limit, limit)]


@per_policy
def legs(policy: Policy) -> dict[str, tuple[Leg, ...]]:
    """Every matter's distinct routes (leaf chains and the generic chain), by matter id."""
    from gridrules.route import Route, chain_from, route, route_on  # route imports the rules

    levels = policy.escalation.levels
    parents = {t.parent for t in policy.tiers}
    starts = [t.id for t in policy.tiers if t.id not in parents]
    leaf_chains = []
    for tier in starts:
        chain = chain_from(policy, tier)
        if chain and chain not in leaf_chains:
            leaf_chains.append(chain)
    out: dict[str, tuple[Leg, ...]] = {}
    for matter in policy.matters:
        if matter.id in out or not levels or matter.id in policy.excluded_matters:
            continue  # an excluded matter is catalogued to be refused: no grid route to time
        found: list[Leg] = []
        seen: set[tuple[str, ...]] = set()
        generic = route(policy, matter.id, None, people_at=lambda _node: ())
        candidates = [generic] + [Route(**route_on(policy, matter, c)) for c in leaf_chains]
        for r in candidates:
            key = tuple(f"{s.stage}:{s.level}" for s in r.steps)
            if key in seen:
                continue
            seen.add(key)
            first = next((s.level for s in r.steps if s.stage != "direct"), "")
            found.append(Leg(r, first))
        out[matter.id] = tuple(found)
    return out


def matters_with_legs(policy: Policy) -> Iterator[tuple[Matter, tuple[Leg, ...]]]:
    """Each matter with its routes (none for a matter on the exclusion list)."""
    routes = legs(policy)
    for matter in policy.matters:
        yield matter, routes.get(matter.id, ())


def worst(legs_of: Iterable[Leg]) -> Leg | None:
    """The route with the longest known handling deadline."""
    known = [leg for leg in legs_of if leg.route.handling_deadline is not None]
    if not known:
        return None
    return max(known, key=lambda leg: leg.route.handling_deadline.minutes)  # type: ignore[union-attr]


def steps_text(leg: Leg, lang: str) -> str:
    """ "微网格 1天 + 一般网格 3天 …" — the counted steps with their limits and positions."""
    parts = []
    for step in leg.counted:
        limit = step.time_limit.describe(lang) if step.time_limit else "—"
        where = f"（{step.limit_source}）" if lang == "zh" else f" ({step.limit_source})"
        parts.append(f"{step.names(lang)} {limit}{where}")
    return " + ".join(parts)


def close_at(matter: Matter) -> tuple[Origin, tuple[str, ...]]:
    """Where a problem about the matter's close_within points (its value, else its id)."""
    if matter.close_within is not None:
        return matter.origin, ("time_limits", "close_within")
    return matter.origin, ("id",)


def longer(limit: Duration | None, than: Duration | None) -> TypeGuard[Duration]:
    """Whether both limits are known and the first is the longer."""
    return limit is not None and than is not None and limit.minutes > than.minutes


def ceiling_words(ceiling: TimeLimitCeiling) -> dict[str, Any]:
    """The jurisdiction's ceiling as catalogue parameters `{cap}` and `{ceiling_at}`."""
    return {"cap": ceiling.limit, "ceiling_at": ceiling.origin.location}


def route_words(leg: Leg) -> dict[str, Any]:
    """A route as catalogue parameters: `{start}`, `{total}` and `{steps}` (each with its limit)."""
    return {
        "start": leg.start,
        "total": leg.route.handling_deadline,
        "steps": (steps_text(leg, "zh"), steps_text(leg, "en")),
    }


def step_words(step: RouteStep) -> dict[str, Any]:
    """A route step as catalogue parameters: `{level}`, its `{limit}` and that limit's `{source}`."""
    return {"level": step.level, "limit": step.time_limit, "source": step.limit_source}


def at_close(rule: Rule, matter: Matter, **params: Any) -> Problem:
    """A finding at the matter's close_within (else its id), with `{matter}` and `{close}`."""
    origin, sub = close_at(matter)
    close = matter.close_within
    value = close.text if close is not None else matter.id
    return problem_at(rule, origin, *sub, value=value, matter=matter.id, close=close, **params)


def at_direct(rule: Rule, part: str, direct: DirectReport, **params: Any) -> Problem:
    """A finding at a direct report's first-report limit, with `{direct}` (that limit)."""
    within = direct.within
    return problem_at(
        rule, direct.origin, "within", part=part, value=within.text, direct=within, **params
    )
