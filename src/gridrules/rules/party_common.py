"""What the party rules (GR710–GR716) share: the organisation instances of the registry.

An organisation instance is one party organisation on the ground: the registry grids of
the tier an organisation type attaches to that name the same `party_org` (a joint
branch, 联合建, covers several), or a grid alone when it names none. Its members are
the grids' `party_members` column where the registry states it; else the roster's
party members assigned to those grids or anywhere below them — a lower bound unless
party.yaml says `roster_lists_all_members: true` (the roster lists grid workers, not
every member living in the grid).

党组织实例：挂靠层级中 party_org 相同的台账网格（联合建覆盖多个网格），未填写的网格单独
计。党员数取台账 party_members 列；未填写时取名册中该网格及其下级的党员人数——除非
party.yaml 声明 roster_lists_all_members: true，否则只是下限。
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from gridrules.catalogue import msg
from gridrules.lookup import per_policy, workers_by_grid
from gridrules.model import Grid, Party, PartyCoverage, PartyOrganisation, Policy
from gridrules.problems import Problem, Text
from gridrules.rules.base import Check, Context, Rule
from gridrules.rules.common import at_field, both, id_list

MEMBERS_COLUMN = "party_members"
COMMITTEE_COLUMN = "party_committee"


@dataclass(frozen=True, slots=True)
class Instance:
    organisation: PartyOrganisation
    name: str  # the registry's party_org ("" for a grid that names none)
    grids: tuple[Grid, ...]
    members: int
    declared: bool  # every grid states its party_members: the count is exact

    @property
    def first(self) -> Grid:
        return self.grids[0]


def _children(policy: Policy) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for grid in policy.grids:
        if grid.parent is not None:
            out.setdefault(grid.parent, []).append(grid.id)
    return out


def _roster_members(policy: Policy, grid_id: str, children: dict[str, list[str]]) -> int:
    by_grid = workers_by_grid(policy)
    count, stack, seen = 0, [grid_id], set()
    while stack:
        current = stack.pop()
        if current in seen:
            continue  # a registry cycle: GR303's
        seen.add(current)
        count += sum(1 for w in by_grid.get(current, ()) if w.party_member)
        stack.extend(children.get(current, ()))
    return count


@per_policy
def instances(policy: Policy) -> tuple[Instance, ...]:
    """Every organisation instance of every organisation type, in registry order."""
    by_tier: dict[str, PartyOrganisation] = {}
    for org in policy.party.organisations:
        by_tier.setdefault(org.attaches_to, org)
    children = _children(policy)
    groups: dict[tuple[str, str], list[Grid]] = {}
    for grid in policy.grids:
        if grid.tier in by_tier:
            name = grid.party_org.strip()
            groups.setdefault((grid.tier, name or f"\0{grid.id}"), []).append(grid)
    out: list[Instance] = []
    for (tier, key), grids in groups.items():
        declared = all(MEMBERS_COLUMN in g.attributes for g in grids)
        if declared:
            members = int(sum(g.attributes[MEMBERS_COLUMN] for g in grids))
        else:
            members = sum(_roster_members(policy, g.id, children) for g in grids)
        name = "" if key.startswith("\0") else key
        out.append(Instance(by_tier[tier], name, tuple(grids), members, declared))
    return tuple(out)


def label(instance: Instance) -> Text:
    """The instance named in messages."""
    first, org = instance.first, instance.organisation
    if instance.name:
        return msg("rules.party_common.named_organisation", name=instance.name)
    return msg(
        "rules.party_common.grid_organisation",
        grid=first,
        organisation=(org.names.zh, org.names.en or org.id),
    )


def party_words(instance: Instance) -> dict[str, Any]:
    """An instance as catalogue parameters: `{who}`, `{grids}`, `{org}`, `{members}`, `{counted_from}`."""
    return {
        "who": label(instance),
        "grids": id_list(g.id for g in instance.grids),
        "org": instance.organisation.id,
        "members": instance.members,
        "counted_from": source(instance),
    }


def source(instance: Instance) -> Text:
    """Where the member count comes from."""
    if instance.declared:
        return msg("rules.party_common.declared")
    return msg("rules.party_common.roster")


@dataclass(frozen=True, slots=True)
class TierCoverage:
    """A coverage party.yaml may ask of every grid tier: the switch that asks it, and the
    tier ids the party document covers."""

    switch: Callable[[PartyCoverage], bool]
    covered: Callable[[Party], set[str]]


ORGANISATIONS = TierCoverage(  # GR701: an organisation type attaches to the tier
    lambda coverage: coverage.every_grid_tier_has_organisation,
    lambda party: {o.attaches_to for o in party.organisations},
)
SUPERVISION = TierCoverage(  # GR702: a supervision entry names the tier
    lambda coverage: coverage.every_grid_tier_has_supervisor,
    lambda party: {s.tier for s in party.supervision},
)


def grid_tiers_without(rule: Rule, coverage: TierCoverage) -> Check:
    """The check that, when the `coverage` switch is on, reports each grid tier the party
    document leaves out, at the tier's id."""

    def check(ctx: Context) -> Iterator[Problem]:
        party = ctx.policy.party
        if not coverage.switch(party.coverage):
            return
        have = coverage.covered(party)
        for tier in ctx.policy.tiers:
            if tier.is_grid and tier.id not in have:
                yield at_field(rule, tier, "id", tier=tier.id, tier_name=both(tier.names))

    return check
