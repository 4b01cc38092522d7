"""The decision engine: load a jurisdiction once, then check, route, who_can, what_can.

    from gridrules.engine import Engine, Request

    engine = Engine.load("policies/chengdu-wuhou")    # raises PolicyInvalid if it has errors
    decision = engine.check(Request("W0100", "handle", "neighbour_dispute", "510107001001001"))
    decision.allowed, decision.reason, decision.message("zh"), decision.source
    engine.route("e_bike_charging", "51010700100100101").steps
    engine.who_can("handle", "neighbour_dispute", "510107001001001").people
    engine.what_can("W0100")

Decisions are Casbin's: the policy is compiled (gridrules.compile) and loaded
into a pycasbin enforcer (gridrules.enforcer). The hot path answers from an
index read from the same rows (gridrules.index), proven equal to the enforcer
by the tests and spot-checked against it every time an engine is built;
`check_casbin` asks the enforcer itself. Semantics: docs/decisions.md.

An `Engine` is immutable after construction and safe to share across threads
without locks: the only state that changes is a cache of built decision texts,
filled by single dict assignments of equal values (a race only builds one twice).
"""

from __future__ import annotations

import datetime as dt
import os
import random
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from gridrules import messages as msg
from gridrules.compile import (
    compile_policy,
    emergency_plans,
    epoch_name,
    grid_name,
    matter_name,
)
from gridrules.coverage import Coverage, coverage
from gridrules.decision import (
    Decision,
    Permission,
    Person,
    PolicyInvalid,
    Principal,
    QueryError,
    Reason,
    Request,
    RequestError,
    RoleAnswer,
    WhoCan,
    parse_at,
    parse_mode,
)
from gridrules.enforcer import CasbinEnforcer, EnforcerError
from gridrules.gcpause import paused_gc
from gridrules.index import JURISDICTION, NODE, SCOPES, DecisionIndex, Entry
from gridrules.model import Action, Admission, Mode, Names, Policy, Worker
from gridrules.problems import Text
from gridrules.route import Route, route, tier_line
from gridrules.rules.role_constraint import meets
from gridrules.version import PolicyVersion, policy_version

ACTIONS = frozenset(a.value for a in Action)
_ACTION_ORDER = {a.value: i for i, a in enumerate(Action)}  # what_can lists actions in this order
_EMERGENCY = Mode.EMERGENCY
_NONE: frozenset[int] = frozenset()

# Denial ranks: the reported denial is the role that got furthest through the checks
# (ties: see _PREFER, then the principal's role order). See docs/decisions.md.
_RANK = {
    Reason.ROLE_CONSTRAINT: 1,
    Reason.NO_GRANT: 1,
    Reason.NOT_ADMITTED: 1,
    Reason.EXPIRED: 1,
    Reason.EXCLUDED: 1,
    Reason.OUT_OF_SCOPE: 2,
    Reason.TIER_TOO_LOW: 3,
}
_ADMISSION = frozenset({Reason.NOT_ADMITTED, Reason.EXPIRED, Reason.EXCLUDED})
# On a tie in rank: an admission failure, then a failed role constraint, then no grant.
_PREFER = {Reason.NOT_ADMITTED: 2, Reason.EXPIRED: 2, Reason.EXCLUDED: 2, Reason.ROLE_CONSTRAINT: 1}

__all__ = [
    "Decision",
    "Engine",
    "Permission",
    "Person",
    "PolicyInvalid",
    "Principal",
    "QueryError",
    "Reason",
    "Request",
    "RequestError",
    "RoleAnswer",
    "Route",
    "WhoCan",
]


class _Resolved(NamedTuple):
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


@dataclass(frozen=True, slots=True)
class RoleVerdict:
    """How one role of the principal fared, check by check (for explanations)."""

    role: str
    reason: Reason
    entry: Entry | None
    constraint: str = ""  # the failed constraint's id (role_constraint)


class Engine:
    """A loaded jurisdiction that answers decision queries. Build with `load` or `from_policy`."""

    def __init__(
        self,
        policy: Policy,
        *,
        version: PolicyVersion | str | None = None,
        self_check: int = 64,
    ) -> None:
        self.policy = policy
        if version is None:
            version = policy_version(policy)
        self._version = version
        self._version_text = str(version)
        with paused_gc():
            self.artifacts = compile_policy(policy)
            self._ix = DecisionIndex(self.artifacts)
        self.enforcer = CasbinEnforcer(self.artifacts)
        self._labels = msg.Labels(policy)
        self._constraints = {r.id: r.constraints for r in policy.roles if r.constraints}
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
        self._workers = workers
        self._by_grid = {k: tuple(v) for k, v in by_grid.items()}
        self._roles = frozenset(policy.role_by_id)
        tiers, protected = policy.tier_by_id, policy.protected_tiers
        # the admission lists bind roles at protected tiers (an unknown tier counts as protected)
        self._subject = {r.id: r.tier not in tiers or r.tier in protected for r in policy.roles}
        self._plans = emergency_plans(policy)
        self._matter_order = {m.id: i for i, m in enumerate(policy.matters)}
        wide = {r.id for r in policy.roles if r.scope.value == "jurisdiction"}
        self._wide_workers = tuple(w for w in policy.workers if wide.intersection(w.roles))
        self._allowed: dict[int, Decision] = {}
        self._denied: dict[tuple[object, ...], Decision | tuple[str, ...]] = {}
        self._denials: dict[tuple[object, ...], Decision | tuple[str, ...]] = {}
        if self_check:
            mismatches = self.verify(self_check, seed=0)
            if mismatches:
                raise EnforcerError(
                    "self-check", RuntimeError(f"index differs from Casbin on {mismatches[0]}")
                )

    # --- construction ---------------------------------------------------------

    @classmethod
    def load(
        cls,
        path: str | os.PathLike[str],
        *,
        root: str | os.PathLike[str] | None = None,
        self_check: int = 64,
    ) -> Engine:
        """Load, validate and compile a jurisdiction (with what it extends)."""
        from pathlib import Path

        from gridrules.loader import display_path, load_policy

        result = load_policy(path, root=root)  # pauses the cyclic collector itself
        if not result.ok or result.policy is None:
            raise PolicyInvalid(display_path(Path(path)), result.problems)
        return cls(result.policy, self_check=self_check)

    @classmethod
    def from_policy(cls, policy: Policy, *, version: PolicyVersion | str | None = None) -> Engine:
        return cls(policy, version=version)

    @property
    def version(self) -> PolicyVersion | str:
        return self._version

    # --- decisions ------------------------------------------------------------

    def check(self, request: Request) -> Decision:
        """May the principal take the action on the matter in the grid? Deny by default."""
        # The hot path: the matcher evaluated on the index, no object built until the answer.
        principal = request.principal
        found = self._workers.get(principal) if principal.__class__ is str else None  # type: ignore[arg-type]
        if found is None:
            return self._check_slow(request)
        roles, home, dropped, _ = found
        action, matter, grid = request.action, request.matter, request.grid
        ix = self._ix
        span = ix.span
        target, anchor = span.get(grid), span.get(home)
        if target is None or anchor is None or action not in ACTIONS or matter not in ix.matters:
            return self._check_slow(request)
        at, plan = request.at, request.plan
        if plan is not None and plan not in self._plans:
            return self._check_slow(request)
        epoch = bisect_right(ix.epoch_cuts, (at or dt.date.today()).toordinal())
        emergency = request.mode is _EMERGENCY
        table = ix.emergency if emergency else ix.normal
        admitted = ix.admitted_epochs(emergency, plan).get(matter, _NONE)
        outside = 0  # bit i: role i was granted and admitted but the grid is out of its scope
        for i, role in enumerate(roles):
            entry = table.get((role, action, matter))
            if entry is None or (entry.subject and epoch not in admitted):
                continue
            scope = entry.scope
            if (
                scope != JURISDICTION
                and grid != home
                and (scope == NODE or not anchor[0] <= target[0] <= anchor[1])
            ):
                outside |= 1 << i
                continue
            if action == "handle" and not entry.fits:
                continue
            decision = self._allowed.get(id(entry))
            return decision if decision is not None else self._allowed_decision(entry)
        # A denial depends on the grid only through `outside`: answer from the cache when we can.
        key = (roles, dropped, action, matter, epoch, emergency, plan, outside)
        cached = self._denials.get(key)
        if cached is None:
            resolved = self._resolve(request)
            assert not isinstance(resolved, Decision)  # the pre-checks passed above
            cached = self._denials[key] = self._denial(resolved)  # benign race: equal values
        if cached.__class__ is Decision:
            return cached  # type: ignore[return-value]
        return _fill(cached, grid, home)  # type: ignore[arg-type]

    def _check_slow(self, request: Request) -> Decision:
        """`check` through the full resolution: unknown ids, inline principals, denials."""
        resolved = self._resolve(request)
        if isinstance(resolved, Decision):
            return resolved
        ix = self._ix
        table = ix.table(resolved.emergency)
        for role in resolved.roles:
            entry = table.get((role, resolved.action, resolved.matter))
            if entry is not None and ix.allows(
                entry,
                resolved.action,
                resolved.grid,
                resolved.home,
                resolved.epoch,
                resolved.emergency,
                resolved.plan,
            ):
                return self._allowed_decision(entry)
        return self._deny(resolved)

    def check_many(self, requests: Sequence[Request]) -> list[Decision]:
        """`check` for each request, in order."""
        check = self.check
        return [check(r) for r in requests]

    def check_casbin(self, request: Request) -> Decision:
        """`check`, but asking the pycasbin enforcer itself for each role (slow; for proofs)."""
        resolved = self._resolve(request)
        if isinstance(resolved, Decision):
            return resolved
        for role in resolved.roles:
            ok, rule = self.enforcer.enforce_ex(*self._casbin_request(role, resolved))
            if ok:
                entry = self._ix.table(resolved.emergency).get(
                    (role, resolved.action, resolved.matter)
                )
                if entry is None:  # Casbin allowed what the index has no row for
                    raise EnforcerError("check", RuntimeError(f"no index entry for {rule}"))
                return self._allowed_decision(entry)
        return self._deny(resolved)

    def _casbin_request(self, role: str, r: _Resolved) -> tuple[str, ...]:
        return (
            role,
            r.action,
            matter_name(r.matter),
            grid_name(r.grid),
            grid_name(r.home),
            "emergency" if r.emergency else "normal",
            epoch_name(r.epoch, "emergency" if r.emergency else "normal", r.plan),
        )

    def _resolve(self, request: Request) -> _Resolved | Decision:
        principal = request.principal
        if principal.__class__ is str:
            found = self._workers.get(principal)  # type: ignore[arg-type]
            if found is None:
                hint = (
                    None
                    if self._workers
                    else Text(
                        "未加载人员名册，请直接给出角色和所在网格",
                        "no roster is loaded; give roles and grid inline",
                    )
                )
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
            roles, dropped = self._split(order, home, _inline_attribute(principal))
        else:
            raise RequestError(
                Text(
                    "principal 应为人员编号或 Principal",
                    "principal must be a worker id or a Principal",
                )
            )
        action = request.action
        if action not in ACTIONS:
            return self._deny_simple(
                Reason.UNKNOWN_ACTION,
                msg.unknown(
                    "action", action, Text("、".join(sorted(ACTIONS)), ", ".join(sorted(ACTIONS)))
                ),
            )
        if request.matter not in self._ix.matters:
            return self._deny_simple(Reason.UNKNOWN_MATTER, msg.unknown("matter", request.matter))
        span = self._ix.span
        if request.grid not in span:
            return self._deny_simple(Reason.UNKNOWN_GRID, msg.unknown("grid", request.grid))
        if home not in span:
            return self._deny_simple(
                Reason.UNKNOWN_GRID,
                msg.unknown("grid", home, Text("人员所在网格", "the principal's assigned grid")),
            )
        if request.plan is not None and request.plan not in self._plans:
            raise RequestError(
                Text(
                    f"政策中没有应急预案 “{request.plan}”",
                    f"the policy has no emergency plan '{request.plan}'",
                )
            )
        day = _day(request.at)
        return _Resolved(
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
            origin = self.artifacts.p_origins[entry.row]
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

    # --- denial diagnosis -------------------------------------------------------

    def verdicts(self, r: _Resolved) -> list[RoleVerdict]:
        """Each role's first failing check: admission, grant, scope, tier (or allowed)."""
        ix = self._ix
        table = ix.table(r.emergency)
        out = []
        failed = dict(r.dropped)
        for role in r.order:
            if role in failed:
                out.append(RoleVerdict(role, Reason.ROLE_CONSTRAINT, None, failed[role]))
                continue
            entry = table.get((role, r.action, r.matter))
            subject = entry.subject if entry is not None else self._subject.get(role, True)
            admitted = ix.admitted_epochs(r.emergency, r.plan).get(r.matter, ())
            if subject and r.epoch not in admitted:
                out.append(RoleVerdict(role, self._admission_reason(r.matter, r.day, r), entry))
            elif entry is None:
                out.append(RoleVerdict(role, Reason.NO_GRANT, None))
            elif not ix.in_scope(entry, r.grid, r.home):
                out.append(RoleVerdict(role, Reason.OUT_OF_SCOPE, entry))
            elif r.action == "handle" and not ix.tier_fits(entry):
                out.append(RoleVerdict(role, Reason.TIER_TOO_LOW, entry))
            else:
                out.append(RoleVerdict(role, Reason.ALLOWED, entry))
        return out

    def _admission_reason(self, matter: str, day: dt.date, r: _Resolved | None = None) -> Reason:
        if matter in self.policy.excluded_matters:
            return Reason.EXCLUDED
        admissions = self._applicable(matter, r)
        if any(a.expires is not None and a.expires < day for a in admissions):
            return Reason.EXPIRED
        return Reason.NOT_ADMITTED

    def _applicable(self, matter: str, r: _Resolved | None) -> tuple[Admission, ...]:
        """The matter's admissions that can apply to the request's mode and plan."""
        admissions = self.policy.admissions_by_matter.get(matter, ())
        emergency, plan = (r.emergency, r.plan) if r is not None else (False, None)
        return tuple(
            a
            for a in admissions
            if a.mode is Mode.NORMAL
            or (emergency and (plan is None or a.plan is None or a.plan == plan))
        )

    def _deny(self, r: _Resolved) -> Decision:
        value = self._denial(r)
        return value if isinstance(value, Decision) else _fill(value, r.grid, r.home)

    def _denial(self, r: _Resolved) -> Decision | tuple[str, ...]:
        """The denial, independent of the grid (out_of_scope: a template with grid/home holes)."""
        verdicts = self.verdicts(r)
        if not verdicts:
            text = msg.no_grant(
                ("（无角色）", "(no roles)"),
                self._labels.action(r.action),
                self._labels.matter(r.matter),
                False,
            )
            return self._deny_simple(Reason.NO_GRANT, text)
        passing = [v.role for v in verdicts if v.reason is Reason.ALLOWED]
        if passing:  # the index and the diagnosis disagree: a bug, never a silent answer
            raise EnforcerError("diagnosis", RuntimeError(f"role {passing[0]} passes every check"))
        best = max(
            verdicts,
            key=lambda v: (_RANK[v.reason], _PREFER.get(v.reason, 0), -verdicts.index(v)),
        )
        # Built once per key: nothing else in a denial depends on the request.
        key = (
            best.reason,
            best.role,
            best.constraint,
            r.action,
            r.matter,
            r.epoch,
            r.emergency,
            r.plan,
        )
        cached = self._denied.get(key)
        if cached is None:
            cached = self._denied[key] = self._build_denial(best, r)  # benign race
        return cached

    def _build_denial(self, verdict: RoleVerdict, r: _Resolved) -> Decision | tuple[str, ...]:
        labels, policy = self._labels, self.policy
        matter = labels.matter(r.matter)
        role_obj = policy.role_by_id.get(verdict.role)
        reason = verdict.reason
        source: str | None = None
        if reason is Reason.ROLE_CONSTRAINT:
            assert role_obj is not None
            constraint = next(c for c in role_obj.constraints if c.id == verdict.constraint)
            text = msg.role_constraint(
                labels.role(verdict.role),
                constraint.attribute,
                constraint.must_be,
                constraint.area.value if constraint.area else None,
                constraint.description,
            )
            source = str(constraint.origin.location)
        elif reason is Reason.EXCLUDED:
            exclusion = policy.excluded_matters[r.matter]
            text = msg.excluded(matter, exclusion.reason)
            source = str(exclusion.origin.location)
        elif reason is Reason.EXPIRED:
            admissions = self._applicable(r.matter, r)
            last = max(
                (a for a in admissions if a.expires is not None and a.expires < r.day),
                key=lambda a: a.expires,  # type: ignore[arg-type,return-value]
            )
            text = msg.expired(matter, last.expires.isoformat())  # type: ignore[union-attr]
            source = str(last.origin.at("expires"))
        elif reason is Reason.NOT_ADMITTED:
            admissions = self._applicable(r.matter, r)
            future = [a for a in admissions if a.effective > r.day]
            later = self.policy.admissions_by_matter.get(r.matter, ())
            if not r.emergency and not future and any(a.in_force(r.day) for a in later):
                text = msg.not_admitted(matter, None, emergency_only=True)
                source = str(next(a for a in later if a.in_force(r.day)).origin.at("mode"))
            elif future:
                first = min(future, key=lambda a: a.effective)
                text = msg.not_admitted(matter, first.effective.isoformat())
                source = str(first.origin.at("effective"))
            else:
                text = msg.not_admitted(matter, None)
        elif reason is Reason.NO_GRANT:
            other = self._ix.emergency if not r.emergency else None
            emergency_only = other is not None and (verdict.role, r.action, r.matter) in other
            text = msg.no_grant(
                labels.role(verdict.role), labels.action(r.action), matter, emergency_only
            )
            duties = next((x for x in policy.responsibilities if x.role == verdict.role), None)
            if duties is not None:
                source = str(duties.origin.location)
            elif role_obj is not None:
                source = str(role_obj.origin.location)
        elif reason is Reason.OUT_OF_SCOPE:
            assert verdict.entry is not None
            scope = labels.scope(SCOPES[verdict.entry.scope])
            text = msg.out_of_scope(labels.role(verdict.role), _GRID, scope, _HOME)
            source = str(role_obj.origin.at("scope")) if role_obj else ""
            return (text.zh, text.en, source, verdict.role, self._version_text)
        else:  # tier too low
            matter_obj = policy.matter_by_id[r.matter]
            text = msg.tier_too_low(
                labels.role(verdict.role),
                labels.tier(role_obj.tier if role_obj else "?"),
                matter,
                labels.tier(matter_obj.handling_tier),
            )
            source = str(matter_obj.origin.at("handling_tier"))
        return self._deny_simple(reason, text, source=source, role=verdict.role)

    # --- explanation ----------------------------------------------------------

    def explain(self, request: Request, lang: str = "en") -> list[str]:
        """A short human explanation of a decision: the principal, the matter, each role's checks."""
        zh = lang == "zh"
        decision = self.check(request)
        resolved = self._resolve(request)
        lines: list[str] = []
        if isinstance(resolved, Decision):
            return [decision.message(lang)]
        labels = self._labels
        who = request.principal if isinstance(request.principal, str) else "(inline)"
        lines.append(
            f"{'人员' if zh else 'principal'}: {who} — {'角色' if zh else 'roles'} "
            f"{', '.join(resolved.roles)} @ {resolved.home}"
        )
        matter = self.policy.matter_by_id[resolved.matter]
        tier = labels.tier(matter.handling_tier)
        lines.append(
            f"{'事项' if zh else 'matter'}: {labels.matter(matter.id)[0 if zh else 1]} "
            f"({matter.category}), {'处置层级' if zh else 'handled at'} {tier[0 if zh else 1]}; "
            f"{'日期' if zh else 'date'} {resolved.day.isoformat()}, "
            f"{'模式' if zh else 'mode'} {'emergency' if resolved.emergency else 'normal'}"
        )
        admitted_epochs = self._ix.admitted_epochs(resolved.emergency, resolved.plan)
        admitted = resolved.epoch in admitted_epochs.get(resolved.matter, ())
        state = (
            Reason.ALLOWED
            if admitted
            else self._admission_reason(resolved.matter, resolved.day, resolved)
        )
        words = {
            Reason.ALLOWED: ("在准入清单内", "admitted"),
            Reason.EXCLUDED: (
                "列入排除清单（不得交由网格和社区（村）承担）",
                "excluded (may not be pushed down to grids or community bodies)",
            ),
            Reason.EXPIRED: ("准入已到期", "admission expired"),
            Reason.NOT_ADMITTED: ("未列入准入清单", "not admitted"),
        }[state]
        lines.append(
            f"{'网格准入' if zh else 'grid admission'}: {words[0] if zh else words[1]}"
            + ("" if zh else " (binds roles at community/village level and below only)")
            + ("（只约束社区、村及以下层级的角色）" if zh else "")
        )
        for verdict in self.verdicts(resolved):
            mark = "✓" if verdict.reason is Reason.ALLOWED else "✗"
            detail = ""
            if verdict.entry is not None:
                origin = self.artifacts.p_origins[verdict.entry.row]
                detail = f" — {'职责' if zh else 'duty'} {origin.duty} ({origin.source})"
            lines.append(f"  {mark} {verdict.role}: {verdict.reason.value}{detail}")
        lines.append(decision.message(lang))
        return lines

    # --- queries ----------------------------------------------------------------

    def route(self, matter: str, grid: str | None, mode: Mode | str = Mode.NORMAL) -> Route:
        """The escalation chain for a matter from a grid (see gridrules.route)."""
        return route(self.policy, matter, grid, parse_mode(mode), people_at=self._people_at)

    def _people_at(self, node: str) -> Sequence[Worker]:
        return self._by_grid.get(node, ())

    def who_can(
        self,
        action: str,
        matter: str,
        grid: str,
        at: dt.date | dt.datetime | str | None = None,
        mode: Mode | str = Mode.NORMAL,
        plan: str | None = None,
    ) -> WhoCan:
        """Roles whose holders may take the action on the matter in the grid, and roster people who may.

        A role counts when a holder assigned to the grid or to one of its registry
        ancestors at the role's tier may act there (`node`-scoped roles: only at the
        grid's own tier).
        """
        mode = parse_mode(mode)
        day = _day(parse_at(at))
        self._require(action, matter, grid, plan)
        ix, policy = self._ix, self.policy
        emergency = mode is Mode.EMERGENCY
        table = ix.table(emergency)
        epoch = bisect_right(ix.epoch_cuts, day.toordinal())
        grid_tier = policy.grid_by_id[grid].tier if grid in policy.grid_by_id else ""
        line = set(tier_line(policy, grid_tier))
        roles: list[RoleAnswer] = []
        failures: list[Reason] = []
        for role in policy.roles:
            entry = table.get((role.id, action, matter))
            if entry is None:
                continue
            if not ix.admitted(entry, epoch, emergency, plan):
                failures.append(self._admission_reason(matter, day, self._query(emergency, plan)))
                continue
            if action == "handle" and not ix.tier_fits(entry):
                failures.append(Reason.TIER_TOO_LOW)
                continue
            reach = (
                entry.scope == JURISDICTION
                or (entry.scope == NODE and role.tier == grid_tier)
                or (entry.scope != NODE and role.tier in line)
            )
            if not reach:
                failures.append(Reason.OUT_OF_SCOPE)
                continue
            origin = self.artifacts.p_origins[entry.row]
            roles.append(
                RoleAnswer(
                    role.id, role.names, role.tier, role.scope.value, origin.duty, origin.source
                )
            )
        people = []
        seen: set[str] = set()
        for worker in [*self._candidates(grid), *self._wide_workers]:
            if worker.id in seen:
                continue
            seen.add(worker.id)
            if self.check(Request(worker.id, action, matter, grid, day, mode, plan)).allowed:
                people.append(
                    Person(worker.id, worker.name, worker.roles, worker.grid, worker.phone)
                )
        if roles:
            reason = Reason.ALLOWED
        elif matter in policy.excluded_matters:  # nobody, and the matter may not go to grids
            reason = Reason.EXCLUDED
        elif failures:
            reason = max(failures, key=lambda f: (_RANK[f], f in _ADMISSION))
        else:
            reason = Reason.NO_GRANT
        text = self._who_text(reason, action, matter, day, len(roles), len(people))
        return WhoCan(
            action,
            matter,
            grid,
            mode.value,
            day.isoformat(),
            tuple(roles),
            tuple(people),
            reason.value,
            text.zh,
            text.en,
            self._version_text,
        )

    def _who_text(
        self, reason: Reason, action: str, matter: str, day: dt.date, n_roles: int, n_people: int
    ) -> Text:
        labels = self._labels
        m, a = labels.matter(matter), labels.action(action)
        if reason is Reason.ALLOWED:
            return Text(
                f"{n_roles} 个角色、{n_people} 名人员可对“{m[0]}”{a[0]}",
                f"{n_roles} role(s) and {n_people} person(s) may {a[1]} '{m[1]}'",
            )
        if reason is Reason.EXCLUDED:
            return msg.excluded(m, self.policy.excluded_matters[matter].reason)
        if reason in (Reason.NOT_ADMITTED, Reason.EXPIRED):
            return msg.not_admitted(m, None)
        return Text(
            f"没有角色可对“{m[0]}”{a[0]}（{reason.value}）",
            f"no role may {a[1]} '{m[1]}' here ({reason.value})",
        )

    def _candidates(self, grid: str) -> list[Worker]:
        out: list[Worker] = []
        seen: set[str] = set()
        node = self.policy.grid_by_id.get(grid)
        while node is not None and node.id not in seen:
            seen.add(node.id)
            out.extend(self._by_grid.get(node.id, ()))
            node = self.policy.grid_by_id.get(node.parent) if node.parent else None
        return out

    def what_can(
        self,
        principal: str | Principal,
        at: dt.date | dt.datetime | str | None = None,
        mode: Mode | str = Mode.NORMAL,
        plan: str | None = None,
    ) -> list[Permission]:
        """Everything the principal may do, at a time and in a mode (scope taken from its grid)."""
        mode = parse_mode(mode)
        day = _day(parse_at(at))
        self._require_plan(plan)
        if isinstance(principal, str):
            found = self._workers.get(principal)
            if found is None:
                raise QueryError("unknown_principal", msg.unknown("principal", principal))
            roles, home = found[0], found[1]
        else:
            for role in principal.roles:
                if role not in self._roles:
                    raise QueryError("unknown_role", msg.unknown("role", role))
            home = principal.grid
            roles, _ = self._split(principal.roles, home, _inline_attribute(principal))
        ix = self._ix
        epoch = bisect_right(ix.epoch_cuts, day.toordinal())
        emergency = mode is Mode.EMERGENCY
        order = self._matter_order
        out: list[Permission] = []
        seen: set[tuple[str, str]] = set()
        for role in roles:
            for entry in sorted(
                ix.by_role.get(role, ()),
                key=lambda e: (_ACTION_ORDER[e.action], order.get(e.matter, 0)),
            ):
                if entry.mode == "emergency" and not emergency:
                    continue
                if (entry.action, entry.matter) in seen:
                    continue
                if not ix.admitted(entry, epoch, emergency, plan) or (
                    entry.action == "handle" and not ix.tier_fits(entry)
                ):
                    continue
                seen.add((entry.action, entry.matter))
                origin = self.artifacts.p_origins[entry.row]
                matter = self.policy.matter_by_id.get(entry.matter)
                out.append(
                    Permission(
                        entry.action,
                        entry.matter,
                        matter.names if matter else Names(entry.matter),
                        role,
                        origin.duty,
                        SCOPES[entry.scope],
                        home,
                        entry.mode,
                        origin.source,
                    )
                )
        return out

    def _require(self, action: str, matter: str, grid: str, plan: str | None = None) -> None:
        if action not in ACTIONS:
            raise QueryError("unknown_action", msg.unknown("action", action))
        if matter not in self._ix.matters:
            raise QueryError("unknown_matter", msg.unknown("matter", matter))
        if grid not in self._ix.span:
            raise QueryError("unknown_grid", msg.unknown("grid", grid))
        self._require_plan(plan)

    def _require_plan(self, plan: str | None) -> None:
        if plan is not None and plan not in self._plans:
            raise QueryError(
                "unknown_plan",
                Text(f"政策中没有应急预案 “{plan}”", f"the policy has no emergency plan '{plan}'"),
            )

    @property
    def plans(self) -> frozenset[str]:
        """The emergency plans a request may name."""
        return self._plans

    def _query(self, emergency: bool, plan: str | None) -> _Resolved:
        """A stand-in request for the admission diagnosis of a query (who_can)."""
        return _Resolved((), "", "", "", "", dt.date.min, 0, emergency, plan, (), ())

    def coverage(self, at: dt.date | None = None) -> Coverage:
        """Every leaf grid × every admitted matter, from this engine's tables (gridrules.coverage)."""
        return coverage(self.policy, self._ix, at=at)

    # --- proof ------------------------------------------------------------------

    def verify(self, samples: int, *, seed: int = 0) -> list[str]:
        """Compare the index with the Casbin enforcer on `samples` generated role-level requests.

        Returns a description of each disagreement (empty when they agree).
        """
        return [
            f"{rvals}: index {fast}, casbin {slow}"
            for rvals, fast, slow in self.compare(self.sample_requests(samples, seed=seed))
            if fast != slow
        ]

    def compare(
        self, requests: Iterable[tuple[str, ...]]
    ) -> Iterable[tuple[tuple[str, ...], bool, bool]]:
        """(casbin request, index answer, enforcer answer) for each role-level request."""
        ix = self._ix
        for rvals in requests:
            role, action, matter, grid, home, mode, epoch = rvals
            emergency = mode == "emergency"
            number, _, plan = epoch[6:].partition(":")
            entry = ix.table(emergency).get((role, action, matter[7:]))
            fast = entry is not None and ix.allows(
                entry,
                action,
                grid[5:],
                home[5:],
                int(number),
                emergency,
                None if plan in ("", "*") else plan,
            )
            yield rvals, fast, self.enforcer.enforce(*rvals)

    def sample_requests(self, n: int, *, seed: int = 0) -> list[tuple[str, ...]]:
        """Role-level Casbin requests biased towards the interesting cases (mostly granted keys)."""
        rng = random.Random(seed)
        ix = self._ix
        entries = list(ix.emergency.values())
        grids = list(ix.span)
        roles = sorted(self._roles) or ["nobody"]
        matters = sorted(ix.matters) or ["nothing"]
        actions = sorted(ACTIONS)
        parents = {g.id: g.parent for g in self.policy.grids}
        epochs = len(ix.epoch_cuts) + 1
        plans: list[str | None] = [None, *sorted(self._plans)]
        out = []
        for _ in range(n):
            if entries and rng.random() < 0.8:
                e = rng.choice(entries)
                role, action, matter = e.role, e.action, e.matter
            else:
                role, action, matter = rng.choice(roles), rng.choice(actions), rng.choice(matters)
            if not grids:
                break
            grid = rng.choice(grids)
            home = grid
            roll = rng.random()
            if roll < 0.5:  # an ancestor of the grid
                for _ in range(rng.randint(0, 4)):
                    home = parents.get(home) or home
            elif roll < 0.8:
                home = rng.choice(grids)
            if rng.random() < 0.05:  # an id outside the registry must fail closed
                grid = rng.choice([grid, "unknown"])
                home = grid if rng.random() < 0.5 else rng.choice([home, "unknown"])
            mode = rng.choice(["normal", "emergency"])
            plan = rng.choice(plans) if mode == "emergency" else None
            out.append(
                (
                    role,
                    action,
                    matter_name(matter),
                    grid_name(grid),
                    grid_name(home),
                    mode,
                    epoch_name(rng.randrange(epochs), mode, plan),
                )
            )
        return out


_GRID, _HOME = "\x00grid\x00", "\x00home\x00"


def _inline_attribute(principal: Principal) -> Callable[[str], Any]:
    """An inline principal's attributes; two_committees and party_member default to false,
    as they do for roster workers whose roster leaves the column out."""
    attributes = principal.attributes

    def get(name: str) -> Any:
        if name in ("two_committees", "party_member"):
            return attributes.get(name, False)
        return attributes.get(name)

    return get


def _fill(template: tuple[str, ...], grid: str, home: str) -> Decision:
    zh, en, source, role, version = template
    return Decision(
        False,
        Reason.OUT_OF_SCOPE.value,
        zh.replace(_GRID, grid).replace(_HOME, home),
        en.replace(_GRID, grid).replace(_HOME, home),
        source or None,
        role or None,
        version,
    )


def _day(at: dt.date | dt.datetime | None) -> dt.date:
    if at is None:
        return dt.date.today()
    return at.date() if isinstance(at, dt.datetime) else at
