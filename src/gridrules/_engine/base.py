"""The engine's state and the steps every answer starts from: resolving a request.

`EngineBase` builds what the decision index does not hold (the roster read
once, constraint checks, caches) and resolves a request — unknown ids, inline
principals, role constraints — into what the matcher needs. The decisions,
their diagnosis, the queries and the proof build on it (gridrules.engine).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable, Mapping
from typing import Any, NamedTuple

from gridrules import catalogue
from gridrules import messages as msg
from gridrules.compile import (
    CasbinArtifacts,
    RowOrigin,
    compile_policy,
    emergency_plans,
    model_text,
)
from gridrules.conditions import binds_admission
from gridrules.decision import Decision, Principal, Reason, Request, RequestError
from gridrules.decision_index import DecisionIndex, Entry
from gridrules.enforcer import CasbinEnforcer
from gridrules.gcpause import paused_gc
from gridrules.lang import joined
from gridrules.model import ACTIONS, Mode, Policy, Worker
from gridrules.problems import Text
from gridrules.rules.role_constraint import meets
from gridrules.version import PolicyVersion, policy_version

ACTION_SET = frozenset(ACTIONS)

# grid id → the workers assigned to it: a dict, or a snapshot's gridrules.snapshot.tables.WorkersAt
PeopleIndex = Mapping[str, tuple[Worker, ...]]


class Resolved(NamedTuple):
    """A request after the pre-checks: what the matcher needs."""

    roles: tuple[str, ...]  # the roles the principal validly holds (constraints met)
    action: str
    matter: str
    grid: str
    home: str
    day: dt.date
    epoch: int
    emergency: bool
    plan: str | None  # the emergency plan the request names (None: any active plan)
    dropped: tuple[tuple[str, str], ...]  # (role, constraint id) the principal fails
    order: tuple[str, ...]  # every role as the principal names them


class EngineBase:
    """A compiled policy, its decision index and enforcer, and request resolution."""

    def __init__(
        self,
        policy: Policy,
        *,
        version: PolicyVersion | str | None = None,
    ) -> None:
        if version is None:
            version = policy_version(policy)
        with paused_gc():
            artifacts = compile_policy(policy)
            ix = DecisionIndex(artifacts)
        constraints = {r.id: r.constraints for r in policy.roles if r.constraints}
        self.policy = policy
        self._constraints = constraints
        # roster id → (roles held validly, assigned grid, (role, constraint) failed, all roles)
        workers: dict[
            str, tuple[tuple[str, ...], str, tuple[tuple[str, str], ...], tuple[str, ...]]
        ] = {}
        by_grid: dict[str, list[Worker]] = {}
        for worker in policy.workers:
            if worker.id not in workers:
                valid, dropped = self._split(worker.roles, worker.grid, worker.attribute)
                workers[worker.id] = (valid, worker.grid, dropped, worker.roles)
                by_grid.setdefault(worker.grid, []).append(worker)
        wide = {r.id for r in policy.roles if r.scope.value == "jurisdiction"}
        self._assemble(
            policy,
            version,
            artifacts,
            ix,
            workers,
            {k: tuple(v) for k, v in by_grid.items()},
            tuple(w for w in policy.workers if wide.intersection(w.roles)),
        )

    def _assemble(
        self,
        policy: Policy,
        version: PolicyVersion | str,
        artifacts: CasbinArtifacts | None,
        ix: DecisionIndex,
        workers: dict[
            str, tuple[tuple[str, ...], str, tuple[tuple[str, str], ...], tuple[str, ...]]
        ],
        by_grid: PeopleIndex,
        wide_workers: tuple[Worker, ...],
        *,
        origins: tuple[RowOrigin, ...] | None = None,
        casbin_rows: tuple[tuple[str, ...], ...] | None = None,
    ) -> None:
        """Set the engine's state: from a policy (above) or from a snapshot (gridrules.snapshot).

        `artifacts` may be None (a snapshot): the full Casbin rows are then made on first
        use of `artifacts` or `enforcer`, from `casbin_rows` (all but the registry's g2
        links) and the registry (`_g2_parent`).
        """
        self.policy = policy
        self._version = version
        self._version_text = str(version)
        self._artifacts = artifacts
        self._ix = ix
        self._origins = artifacts.p_origins if artifacts is not None else (origins or ())
        self._casbin_rows = (
            casbin_rows
            if casbin_rows is not None
            else tuple(r for r in artifacts.rows if r[0] != "g2")
            if artifacts is not None
            else ()
        )
        self._enforcer: CasbinEnforcer | None = None
        self._labels = msg.Labels(policy)
        self._constraints = {r.id: r.constraints for r in policy.roles if r.constraints}
        self._workers = workers
        self._by_grid = by_grid
        self._roles = frozenset(policy.role_by_id)
        self._subject = {r.id: binds_admission(policy, r.tier) for r in policy.roles}
        self._plans = emergency_plans(policy)
        self._matter_order = {m.id: i for i, m in enumerate(policy.matters)}
        self._wide_workers = wide_workers
        self._allowed: dict[int, Decision] = {}
        self._denied: dict[tuple[object, ...], Decision | tuple[str, ...]] = {}
        self._denials: dict[tuple[object, ...], Decision | tuple[str, ...]] = {}

    @property
    def artifacts(self) -> CasbinArtifacts:
        """The compiled Casbin model and rows (made from the snapshot's on first use)."""
        if self._artifacts is None:
            self._artifacts = self._casbin_artifacts(None)
        return self._artifacts

    @property
    def enforcer(self) -> CasbinEnforcer:
        """The pycasbin enforcer over every row, built on first use (proofs, check_casbin)."""
        if self._enforcer is None:
            self._enforcer = CasbinEnforcer(self.artifacts)  # benign race: equal enforcers
        return self._enforcer

    def _g2_parent(self, grid: str) -> str:
        """The g2 parent node of a registry grid: grid:<parent>, or the jurisdiction root."""
        node = self.policy.grid_by_id.get(grid)
        parent = node.parent if node is not None else None
        root = self._casbin_root()
        return f"grid:{parent}" if parent is not None and parent in self._ix.span else root

    def _casbin_root(self) -> str:
        return f"jurisdiction:{self.policy.jurisdiction.id}"

    def _casbin_artifacts(self, grids: Iterable[str] | None) -> CasbinArtifacts:
        """Casbin artifacts with the g2 links of `grids` and their ancestors (None: all)."""
        if grids is None and self._artifacts is not None:
            return self._artifacts
        links: dict[str, str] = {}
        span = self._ix.span
        for start in span if grids is None else grids:
            node: str | None = start
            while node is not None and node in span and node not in links:
                parent = links[node] = self._g2_parent(node)
                node = parent[5:] if parent.startswith("grid:") else None
        rows = self._casbin_rows
        p_g = tuple(r for r in rows if r[0] in ("p", "g"))
        g2 = tuple(("g2", f"grid:{child}", parent) for child, parent in links.items())
        g3 = tuple(r for r in rows if r[0] == "g3")
        cuts = tuple(dt.date.fromordinal(d) for d in self._ix.epoch_cuts)
        root = self._casbin_root()
        return CasbinArtifacts(model_text(root, cuts), p_g + g2 + g3, self._origins, cuts, root)

    @property
    def version(self) -> PolicyVersion | str:
        return self._version

    @property
    def plans(self) -> frozenset[str]:
        """The emergency plans a request may name."""
        return self._plans

    def check(self, request: Request) -> Decision:
        """May the principal take the action on the matter in the grid? (gridrules.engine.Engine)"""
        raise NotImplementedError

    def _resolve(self, request: Request) -> Resolved | Decision:
        principal = request.principal
        if principal.__class__ is str:
            found = self._workers.get(principal)
            if found is None:
                hint = None if self._workers else catalogue.msg("decisions.hint.no_roster")
                return self._deny_simple(
                    Reason.UNKNOWN_PRINCIPAL, msg.unknown("principal", str(principal), hint)
                )
            roles, home, dropped, order = found
        elif isinstance(principal, Principal):
            order, home = principal.roles, principal.grid
            for role in order:
                if role not in self._roles:
                    return self._deny_simple(
                        Reason.UNKNOWN_ROLE, msg.unknown("role", role), role=role
                    )
            roles, dropped = self._split(order, home, inline_attribute(principal))
        else:
            raise RequestError(catalogue.msg("decisions.request.principal_type"))
        action = request.action
        if action not in ACTION_SET:
            return self._deny_simple(
                Reason.UNKNOWN_ACTION,
                msg.unknown("action", action, joined(catalogue.msg("core.comma"), sorted(ACTIONS))),
            )
        if request.matter not in self._ix.matters:
            return self._deny_simple(Reason.UNKNOWN_MATTER, msg.unknown("matter", request.matter))
        span = self._ix.span
        if request.grid not in span:
            return self._deny_simple(Reason.UNKNOWN_GRID, msg.unknown("grid", request.grid))
        if home not in span:
            return self._deny_simple(
                Reason.UNKNOWN_GRID,
                msg.unknown("grid", home, catalogue.msg("decisions.hint.assigned_grid")),
            )
        if request.plan is not None and request.plan not in self._plans:
            raise RequestError(catalogue.msg("decisions.query.unknown_plan", plan=request.plan))
        day = day_of(request.at)
        return Resolved(
            dropped=dropped,
            order=order,
            roles=roles,
            action=action,
            matter=request.matter,
            grid=request.grid,
            home=home,
            day=day,
            epoch=bisect_right(self._ix.epoch_cuts, day.toordinal()),
            emergency=request.mode is Mode.EMERGENCY,
            plan=request.plan,
        )

    def _split(
        self, roles: tuple[str, ...], home: str, attribute: Callable[[str], Any]
    ) -> tuple[tuple[str, ...], tuple[tuple[str, str], ...]]:
        """(roles whose constraints the principal meets, (role, failed constraint) for the rest).

        A constraint with an area applies where the principal's assigned grid has that area.
        """
        if not self._constraints:
            return roles, ()
        grid = self.policy.grid_by_id.get(home)
        area = grid.area if grid is not None else None
        valid: list[str] = []
        dropped: list[tuple[str, str]] = []
        for role in roles:
            failed = next(
                (
                    c.id
                    for c in self._constraints.get(role, ())
                    if (c.area is None or c.area == area)
                    and not meets(attribute(c.attribute), c.must_be)
                ),
                None,
            )
            if failed is None:
                valid.append(role)
            else:
                dropped.append((role, failed))
        return (roles if not dropped else tuple(valid)), tuple(dropped)

    def _allowed_decision(self, entry: Entry) -> Decision:
        key = id(entry)  # entries live as long as the index: their ids are stable keys
        decision = self._allowed.get(key)
        if decision is None:
            origin = self._origins[entry.row]
            labels = self._labels
            text = msg.allowed(
                labels.role(entry.role),
                labels.action(entry.action),
                labels.matter(entry.matter),
                origin.duty,
                entry.mode == "emergency",
            )
            decision = Decision(
                True,
                Reason.ALLOWED.value,
                text.zh,
                text.en,
                origin.source,
                entry.role,
                self._version_text,
            )
            self._allowed[key] = decision  # benign race: equal objects
        return decision

    def _deny_simple(
        self, reason: Reason, text: Text, *, source: str | None = None, role: str | None = None
    ) -> Decision:
        return Decision(False, reason.value, text.zh, text.en, source, role, self._version_text)


def inline_attribute(principal: Principal) -> Callable[[str], Any]:
    """An inline principal's attributes; two_committees and party_member default to false,
    as they do for roster workers whose roster leaves the column out."""
    attributes = principal.attributes

    def get(name: str) -> Any:
        if name in ("two_committees", "party_member"):
            return attributes.get(name, False)
        return attributes.get(name)

    return get


def day_of(at: dt.date | dt.datetime | None) -> dt.date:
    if at is None:
        return dt.date.today()
    return at.date() if isinstance(at, dt.datetime) else at
