"""Effective permissions of each role, read from the compiled decisions, and how they change.

A policy is compiled exactly as the engine compiles it (`gridrules.compile`)
and read through the engine's own `DecisionIndex`, which the engine's tests
prove equal to the Casbin enforcer. For every (mode, role, action, matter)
that has a compiled p-row, the permission of a role-level principal on a date
is:

- `allowed` when the matter is admitted for grids on that date (or the role is
  not at a grid tier, so the admission list does not bind it) and, for
  `handle`, the role's tier is at or above the matter's handling tier;
- otherwise the reason it is denied: `excluded`, `expired`, `not_admitted`
  or `tier_too_low` (the engine's reason codes); a key with no p-row is
  `no_grant`.

The scope (own grid, subtree, jurisdiction) says where the role may use an
allowed permission. Emergency mode is the normal table plus the overlay.
Because only compiled decisions are compared, moving a grant between a child
jurisdiction and its parent, or from a matter list to its category, changes
nothing here unless the effect changes.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Mapping
from dataclasses import dataclass
from operator import attrgetter

from gridrules.compile import CasbinArtifacts, compile_policy
from gridrules.conditions import REACH, SCOPES, admission_reason, tier_allows
from gridrules.decision import Reason
from gridrules.decision_index import DecisionIndex
from gridrules.model import ACTIONS, Mode, Policy

MODES = (Mode.NORMAL.value, Mode.EMERGENCY.value)
ALLOWED = Reason.ALLOWED.value
NO_GRANT = Reason.NO_GRANT.value

# A permission key: (mode, role, action, matter)
Key = tuple[str, str, str, str]


@dataclass(frozen=True, slots=True)
class PermissionEntry:
    """One compiled p-row entry of a role, judged on a date."""

    status: str  # "allowed" or the denial reason (excluded, expired, not_admitted, tier_too_low)
    scope: str  # node, own_grid, subtree, jurisdiction
    subject: bool  # the admission and exclusion lists bind it (a grid-tier role)
    duty: str  # the duty (grant) id the row came from
    source: str  # file:line:col of that grant

    @property
    def allowed(self) -> bool:
        return self.status == ALLOWED


@dataclass(frozen=True, slots=True)
class PermissionTable:
    """Every compiled permission of a policy on one date, by (mode, role, action, matter)."""

    at: dt.date
    entries: Mapping[Key, PermissionEntry]

    def allowed(self, key: Key) -> bool:
        entry = self.entries.get(key)
        return entry is not None and entry.allowed

    def status(self, key: Key) -> str:
        entry = self.entries.get(key)
        return entry.status if entry is not None else NO_GRANT


@dataclass(frozen=True, slots=True)
class PermissionChange:
    """A role gains or loses an action on a matter, or the scope where it may act changes."""

    role: str
    action: str
    matter: str
    mode: str  # normal, emergency, or both (the same change in both modes)
    change: str  # gained, lost, widened, narrowed
    cause: (
        str  # why it was denied before (gained) or is denied now (lost); "scope" for scope changes
    )
    old_scope: str | None
    new_scope: str | None
    duty: str  # the granting duty on the side where it is allowed (new for gains)
    source: str

    @property
    def widening(self) -> bool:
        return self.change in ("gained", "widened")


@dataclass(frozen=True, slots=True)
class Unhandled:
    """A matter that some role could handle before and that no role may handle now (normal mode)."""

    matter: str
    reason: str  # why the former handlers are denied now: no_grant, excluded, not_admitted, …
    old_handlers: tuple[str, ...]  # roles that could handle it before ("" for a new matter)
    emergency_handlers: tuple[str, ...]  # roles that still may in emergency mode


def permission_table(
    policy: Policy,
    at: dt.date,
    artifacts: CasbinArtifacts | None = None,
    index: DecisionIndex | None = None,
) -> PermissionTable:
    """The compiled permissions of every role, judged on `at`."""
    artifacts = artifacts if artifacts is not None else compile_policy(policy)
    ix = index if index is not None else DecisionIndex(artifacts)
    epoch = bisect_right(ix.epoch_cuts, at.toordinal())
    scope_names = dict(enumerate(SCOPES))
    reasons: dict[str, str] = {}
    entries: dict[Key, PermissionEntry] = {}
    for mode in MODES:
        emergency = mode == Mode.EMERGENCY.value  # any plan active: what an emergency may bring
        for (role, action, matter), entry in ix.table(emergency).items():
            if not ix.admitted(entry, epoch, emergency):
                status = reasons.get(matter)
                if status is None:
                    status = reasons[matter] = admission_reason(policy, matter, at).value
            elif not tier_allows(action, entry.fits):
                status = Reason.TIER_TOO_LOW.value
            else:
                status = ALLOWED
            origin = artifacts.p_origins[entry.row]
            entries[(mode, role, action, matter)] = PermissionEntry(
                status, scope_names[entry.scope], entry.subject, origin.duty, origin.source
            )
    return PermissionTable(at, entries)


# --- comparing --------------------------------------------------------------


def _one_mode(old: PermissionTable, new: PermissionTable, key: Key) -> PermissionChange | None:
    mode, role, action, matter = key
    before, after = old.entries.get(key), new.entries.get(key)
    was = before is not None and before.allowed
    now = after is not None and after.allowed
    if now and not was:
        assert after is not None
        return PermissionChange(
            role,
            action,
            matter,
            mode,
            "gained",
            old.status(key),
            None,
            after.scope,
            after.duty,
            after.source,
        )
    if was and not now:
        assert before is not None
        return PermissionChange(
            role,
            action,
            matter,
            mode,
            "lost",
            new.status(key),
            before.scope,
            None,
            before.duty,
            before.source,
        )
    if was and now:
        assert before is not None and after is not None
        if REACH[before.scope] != REACH[after.scope]:
            wider = REACH[after.scope] > REACH[before.scope]
            return PermissionChange(
                role,
                action,
                matter,
                mode,
                "widened" if wider else "narrowed",
                "scope",
                before.scope,
                after.scope,
                after.duty,
                after.source,
            )
    return None


# a change in both modes that is the same change (only its matter's mode differs)
_same_change = attrgetter("change", "cause", "old_scope", "new_scope")


def _same(a: PermissionChange, b: PermissionChange) -> bool:
    return bool(_same_change(a) == _same_change(b))


def diff_permissions(
    old: PermissionTable,
    new: PermissionTable,
    role_order: Mapping[str, int] | None = None,
    matter_order: Mapping[str, int] | None = None,
) -> tuple[PermissionChange, ...]:
    """Every change of a role's effective permission; a change alike in both modes is one row."""
    triples = {k[1:] for k in old.entries} | {k[1:] for k in new.entries}
    out: list[PermissionChange] = []
    for role, action, matter in triples:
        normal = _one_mode(old, new, ("normal", role, action, matter))
        emergency = _one_mode(old, new, ("emergency", role, action, matter))
        if normal is not None and emergency is not None and _same(normal, emergency):
            out.append(
                PermissionChange(
                    role,
                    action,
                    matter,
                    "both",
                    normal.change,
                    normal.cause,
                    normal.old_scope,
                    normal.new_scope,
                    normal.duty,
                    normal.source,
                )
            )
            continue
        out.extend(c for c in (normal, emergency) if c is not None)
    roles = role_order or {}
    matters = matter_order or {}
    big = 1 << 30
    out.sort(
        key=lambda c: (
            roles.get(c.role, big),
            c.role,
            ("gained", "widened", "narrowed", "lost").index(c.change),
            ACTIONS.index(c.action) if c.action in ACTIONS else len(ACTIONS),
            matters.get(c.matter, big),
            c.matter,
            c.mode,
        )
    )
    return tuple(out)


def unhandled_matters(
    old: PermissionTable, new: PermissionTable, old_matters: set[str], new_matters: list[str]
) -> tuple[Unhandled, ...]:
    """Matters of the new policy that no role may handle in normal mode, where some could before.

    A matter that is new in this change and has no handler is listed too
    (old_handlers empty). Emergency mode only adds grants, so a matter handled
    in normal mode is handled in emergency mode as well.
    """
    before = _handlers_by_matter(old, "normal")
    after = _handlers_by_matter(new, "normal")
    emergency = _handlers_by_matter(new, "emergency")
    out: list[Unhandled] = []
    for matter in new_matters:
        if after.get(matter):
            continue
        had = before.get(matter, ())
        if matter in old_matters and not had:
            continue  # nobody handled it before either: not this change's doing
        out.append(Unhandled(matter, _why(new, had, matter), had, emergency.get(matter, ())))
    return tuple(out)


def _handlers_by_matter(table: PermissionTable, mode: str) -> dict[str, tuple[str, ...]]:
    found: dict[str, set[str]] = {}
    for (m, role, action, matter), p in table.entries.items():
        if m == mode and action == "handle" and p.allowed:
            found.setdefault(matter, set()).add(role)
    return {matter: tuple(sorted(roles)) for matter, roles in found.items()}


def _why(new: PermissionTable, former: tuple[str, ...], matter: str) -> str:
    """The most telling reason the former handlers (or any granted role) are denied now."""
    statuses = [new.status(("normal", role, "handle", matter)) for role in former]
    if not statuses:
        statuses = [
            p.status
            for (m, _, action, mat), p in new.entries.items()
            if m == "normal" and action == "handle" and mat == matter
        ]
    for reason in ("excluded", "expired", "not_admitted", "tier_too_low"):
        if reason in statuses:
            return reason
    return NO_GRANT
