"""A deliberately simple reference implementation of the decision semantics (docs/decisions.md).

Written apart from gridrules.engine and sharing none of its code: it reads the
typed model directly, walks parents instead of indexing, and loops instead of
looking up. Slow and obvious on purpose; tests/test_reference.py compares the
engine with it on thousands of generated requests.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridrules.model import Mode, Policy

ACTIONS = ("handle", "report", "assist", "escalate", "dispatch", "supervise")


@dataclass(frozen=True)
class Answer:
    allowed: bool
    reason: str
    role: str | None


def depth_of(policy: Policy, tier_id: str) -> int | None:
    """Number of parent steps from the tier up to the top tier; None if the tier is unknown."""
    tiers = {t.id: t for t in policy.tiers}
    if tier_id not in tiers:
        return None
    steps = 0
    current = tiers[tier_id]
    seen = set()
    while current.parent is not None and current.parent in tiers and current.id not in seen:
        seen.add(current.id)
        current = tiers[current.parent]
        steps += 1
    return steps


def grid_is_within(policy: Policy, grid_id: str, ancestor_id: str) -> bool:
    """True if `ancestor_id` is the grid itself or one of its registry parents."""
    grids = {}
    for g in policy.grids:
        grids.setdefault(g.id, g)
    current = grids.get(grid_id)
    seen = set()
    while current is not None and current.id not in seen:
        if current.id == ancestor_id:
            return True
        seen.add(current.id)
        current = grids.get(current.parent) if current.parent else None
    return grid_id == ancestor_id


def role_is_subject_to_admission(policy: Policy, role_id: str) -> bool:
    """Roles at a protected tier: named in the settings, else at or below a community/village
    tier (or, with no such tier, at or below a grid tier)."""
    role = next((r for r in policy.roles if r.id == role_id), None)
    if role is None:
        return True
    tier = next((t for t in policy.tiers if t.id == role.tier), None)
    if tier is None:
        return True
    named = policy.jurisdiction.settings.protected_tiers
    if named is not None:
        return tier.id in named
    marks = [t.id for t in policy.tiers if t.admin_level in ("community", "village")]
    if not marks:
        marks = [t.id for t in policy.tiers if t.is_grid]
    tiers = {t.id: t for t in policy.tiers}
    current, seen = tier, set()
    while current is not None and current.id not in seen:
        if current.id in marks:
            return True
        seen.add(current.id)
        current = tiers.get(current.parent) if current.parent else None
    return False


def admission_failure(
    policy: Policy, matter_id: str, day: dt.date, mode: Mode = Mode.NORMAL, plan: str | None = None
) -> str | None:
    """None if the matter is admitted for protected bodies on that day, else why not.

    Emergency-only admissions count in emergency mode: all of them when no plan is named,
    else those naming no plan or that plan.
    """
    if any(e.matter == matter_id for e in policy.exclusions):
        return "excluded"
    admissions = []
    for a in policy.admissions:
        if a.matter != matter_id:
            continue
        if a.mode == Mode.NORMAL or (
            mode == Mode.EMERGENCY and (plan is None or a.plan is None or a.plan == plan)
        ):
            admissions.append(a)
    if any(a.effective <= day and (a.expires is None or day <= a.expires) for a in admissions):
        return None
    if any(a.expires is not None and a.expires < day for a in admissions):
        return "expired"
    return "not_admitted"


def granted(policy: Policy, role_id: str, action: str, matter_id: str, mode: Mode) -> bool:
    matter = next(m for m in policy.matters if m.id == matter_id)
    grants = [d for r in policy.responsibilities for d in r.duties]
    if mode == Mode.EMERGENCY and policy.emergency is not None:
        grants += list(policy.emergency.grants)
    for grant in grants:
        if grant.role != role_id or action not in [a.value for a in grant.actions]:
            continue
        if matter_id in grant.matters or matter.category in grant.categories:
            return True
    return False


def in_scope(policy: Policy, role_id: str, grid_id: str, home_id: str) -> bool:
    role = next(r for r in policy.roles if r.id == role_id)
    if role.scope.value == "node":
        return grid_id == home_id
    if role.scope.value in ("own_grid", "subtree"):  # the grid and every cell inside it
        return grid_is_within(policy, grid_id, home_id)
    return True  # jurisdiction: every grid of the registry


def tier_fits(policy: Policy, role_id: str, matter_id: str) -> bool:
    role = next(r for r in policy.roles if r.id == role_id)
    matter = next(m for m in policy.matters if m.id == matter_id)
    role_depth, matter_depth = depth_of(policy, role.tier), depth_of(policy, matter.handling_tier)
    return role_depth is not None and matter_depth is not None and role_depth <= matter_depth


def failed_constraint(policy: Policy, role_id: str, home: str, attributes: dict) -> bool:
    """True if the principal breaks a constraint of the role that applies in its grid's area."""
    role = next((r for r in policy.roles if r.id == role_id), None)
    grid = next((g for g in policy.grids if g.id == home), None)
    for constraint in role.constraints if role else ():
        if constraint.area is not None and (grid is None or grid.area != constraint.area):
            continue
        default = False if constraint.attribute in ("two_committees", "party_member") else None
        if attributes.get(constraint.attribute, default) != constraint.must_be:
            return True
    return False


def decide(
    policy: Policy,
    roles: tuple[str, ...],
    home: str,
    action: str,
    matter: str,
    grid: str,
    day: dt.date,
    mode: Mode,
    attributes: dict | None = None,
    plan: str | None = None,
) -> Answer:
    """The decision for a principal holding `roles`, assigned to `home` (ids already known)."""
    if action not in ACTIONS:
        return Answer(False, "unknown_action", None)
    if matter not in [m.id for m in policy.matters]:
        return Answer(False, "unknown_matter", None)
    grid_ids = [g.id for g in policy.grids]
    if grid not in grid_ids or home not in grid_ids:
        return Answer(False, "unknown_grid", None)

    # Each role: the first check it fails, in the documented order.
    outcomes: list[tuple[str, str]] = []
    for role in roles:
        known = any(r.id == role for r in policy.roles)
        failure = admission_failure(policy, matter, day, mode, plan)
        if failed_constraint(policy, role, home, attributes or {}):
            outcomes.append((role, "role_constraint"))
        elif role_is_subject_to_admission(policy, role) and failure is not None:
            outcomes.append((role, failure))
        elif not known or not granted(policy, role, action, matter, mode):
            outcomes.append((role, "no_grant"))
        elif not in_scope(policy, role, grid, home):
            outcomes.append((role, "out_of_scope"))
        elif action == "handle" and not tier_fits(policy, role, matter):
            outcomes.append((role, "tier_too_low"))
        else:
            return Answer(True, "allowed", role)
    if not outcomes:
        return Answer(False, "no_grant", None)

    # Report the role that got furthest; on a tie an admission failure, then the first role.
    progress = {
        "role_constraint": 1,
        "excluded": 1,
        "expired": 1,
        "not_admitted": 1,
        "no_grant": 1,
        "out_of_scope": 2,
        "tier_too_low": 3,
    }
    # On a tie: an admission failure beats a failed constraint, which beats no grant.
    preference = {"excluded": 2, "expired": 2, "not_admitted": 2, "role_constraint": 1}
    best_role, best_reason = outcomes[0]
    for role, reason in outcomes[1:]:
        better = progress[reason] > progress[best_reason]
        tie_but_preferred = progress[reason] == progress[best_reason] and preference.get(
            reason, 0
        ) > preference.get(best_reason, 0)
        if better or tie_but_preferred:
            best_role, best_reason = role, reason
    return Answer(False, best_reason, best_role)
