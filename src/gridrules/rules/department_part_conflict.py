"""A department leads or assists on a matter, never both.

A routing entry may say which departments lead (`lead`, 牵头) and which assist
(`assist`, 配合), besides the ones it simply dispatches to (`departments`). A
department named twice in one entry, or given different parts for the same
matter by two entries, leaves the route without a clear lead. A `keep` entry
makes the handling level keep the case; two entries for the same matter that
disagree on `keep` contradict each other as well.

同一事项中一个部门只能是牵头或配合之一；同一事项的分流规则对“不上交”（keep）的规定须一致。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.model import Routing
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml


def _escalation(routing: str) -> str:
    return escalation_yaml(
        "departments:\n"
        "  - {id: police_station, name: 派出所, level: community_centre}\n"
        "  - {id: commerce_bureau, name: 区商务局, level: street_centre}\n"
        f"routing:\n  - {routing}\n"
    )


EXAMPLES = Examples.of(
    "escalation.yaml",
    _escalation(
        "{matters: [rental_safety], keep: true, lead: [police_station], assist: [commerce_bureau]}"
    ),
    _escalation("{matters: [rental_safety], lead: [police_station], assist: [police_station]}"),
)
RULE = Rule("GR627", "department-part-conflict", Level.ERROR, __doc__, EXAMPLES)


def _part(rule: Routing, dep: str) -> str:
    return rule.role_of(dep) or "dispatched"


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for rule in p.escalation.routing:
        seen: dict[str, int] = {}
        for k, dep in enumerate(rule.departments):
            if dep in seen:
                first = rule.origin.at(*rule.path_of(seen[dep]))
                yield problem_at(
                    RULE,
                    rule.origin,
                    *rule.path_of(k),
                    part="twice",
                    value=dep,
                    dep=dep,
                    first=first,
                )
            seen.setdefault(dep, k)
    first_part: dict[tuple[str, str], tuple[str, Routing, int]] = {}
    first_keep: dict[str, Routing] = {}
    for rule in p.escalation.routing:
        covered = set(rule.matters) | {
            m.id for m in p.matters if m.category in set(rule.categories)
        }
        for matter in sorted(covered):
            earlier = first_keep.setdefault(matter, rule)
            if earlier is not rule and earlier.keep != rule.keep:
                yield problem_at(
                    RULE, rule.origin, part="keep", matter=matter, earlier=earlier.origin.location
                )
            for k, dep in enumerate(rule.departments):
                part = _part(rule, dep)
                prior = first_part.setdefault((matter, dep), (part, rule, k))
                if prior[1] is rule or prior[0] == part:
                    continue
                where = prior[1].origin.at(*prior[1].path_of(prior[2]))
                yield problem_at(
                    RULE,
                    rule.origin,
                    *rule.path_of(k),
                    part="conflict",
                    value=dep,
                    matter=matter,
                    dep=dep,
                    role=RULE.text(part),
                    prior=RULE.text(prior[0]),
                    where=where,
                )
