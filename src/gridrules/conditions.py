"""The decision conditions, each written once: compile, the decision index, engine and diff call these.

- tier: `handle` needs the role's tier at or above the matter's handling tier
  (every other action does not look at tiers);
- admission: the admission and exclusion lists bind roles at protected tiers
  (`Policy.protected_tiers`; an unknown tier counts as protected), and such a
  role acts only on a matter admitted in the request's epoch;
- scope reach: `node` reaches the assigned node alone, `own_grid` and
  `subtree` the node and every node below it, `jurisdiction` every node.

The independent reference engine in tests/reference_engine.py is written
separately on purpose; docs/decisions.md states the same rules in prose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Container, Iterable
from typing import Final

from gridrules.decision import Reason
from gridrules.model import Action, Admission, Policy, Scope

HANDLE: Final = Action.HANDLE.value

#: Scope names in the order the decision index numbers them (Entry.scope → name).
SCOPES: Final = tuple(s.value for s in Scope)
NODE, OWN, SUBTREE, JURISDICTION = (SCOPES.index(s) for s in Scope)
#: How far a scope reaches, narrow to wide: own_grid and subtree reach the same nodes.
REACH: Final = {
    Scope.NODE.value: 0,
    Scope.OWN_GRID.value: 1,
    Scope.SUBTREE.value: 1,
    Scope.JURISDICTION.value: 2,
}


# --- tier ---------------------------------------------------------------------


def tier_fits(role_depth: int | None, handling_depth: int | None) -> bool:
    """The role's tier is at or above the matter's handling tier (an unknown depth never fits)."""
    return role_depth is not None and handling_depth is not None and role_depth <= handling_depth


def tier_allows(action: str, fits: bool) -> bool:
    """`handle` needs a high enough tier (`fits`); no other action does."""
    return fits or action != HANDLE


# --- admission ----------------------------------------------------------------


def binds_admission(policy: Policy, role_tier: str) -> bool:
    """The admission and exclusion lists bind a role at this tier (protected, or unknown)."""
    return role_tier in policy.protected_tiers or role_tier not in policy.tier_by_id


def admits(subject: bool, epoch: int, admitted: Container[int]) -> bool:
    """A role the lists bind (`subject`) acts only on a matter admitted in the epoch."""
    return not subject or epoch in admitted


def admission_reason(
    policy: Policy, matter: str, day: dt.date, admissions: Iterable[Admission] | None = None
) -> Reason:
    """Why a matter is not admitted on a day: excluded, expired (one of `admissions` has
    expired; by default all of the matter's), or not admitted."""
    if matter in policy.excluded_matters:
        return Reason.EXCLUDED
    if admissions is None:
        admissions = policy.admissions_by_matter.get(matter, ())
    if any(a.expires is not None and a.expires < day for a in admissions):
        return Reason.EXPIRED
    return Reason.NOT_ADMITTED


# --- scope reach --------------------------------------------------------------


def reaches(scope: int, at_home: bool, below_home: bool) -> bool:
    """Whether a role of this scope (an index number, see SCOPES) reaches a node.

    `at_home`: the node is the principal's own; `below_home`: it is that node or
    lies below it (in the registry, or by tier for a query without a roster).
    """
    if scope == JURISDICTION:
        return True
    return at_home if scope == NODE else below_home
