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
index read from the same rows (gridrules.decision_index), proven equal to the enforcer
by the tests and spot-checked against it every time an engine is built;
`check_casbin` asks the enforcer itself. Semantics: docs/decisions.md.

An `Engine` is immutable after construction and safe to share across threads
without locks: the only state that changes is a cache of built decision texts,
filled by single dict assignments of equal values (a race only builds one twice).

Engine is put together from gridrules._engine: base (state, resolving a
request), diagnosis (denials, explain), queries (route, who_can, what_can,
coverage) and proof (the index against the enforcer); the decision conditions
themselves are gridrules.conditions.
"""

from __future__ import annotations

import datetime as dt
import os
from bisect import bisect_right
from collections.abc import Sequence

from gridrules import decision
from gridrules._engine.base import ACTION_SET, Resolved
from gridrules._engine.diagnosis import fill
from gridrules._engine.proof import Proof
from gridrules._engine.queries import Queries
from gridrules.compile import epoch_name, grid_name, matter_name
from gridrules.conditions import admits, reaches, tier_allows
from gridrules.decision import *  # noqa: F403  (the request and answer types, re-exported)
from gridrules.decision import Decision, PolicyInvalid, Request
from gridrules.enforcer import EnforcerError
from gridrules.model import Mode, Policy
from gridrules.route import Route
from gridrules.version import PolicyVersion

_EMERGENCY = Mode.EMERGENCY
_NONE: frozenset[int] = frozenset()

__all__ = ["Engine", "Route"]
__all__ += decision.__all__


class Engine(Queries, Proof):
    """A loaded jurisdiction that answers decision queries. Build with `load` or `from_policy`."""

    def __init__(
        self,
        policy: Policy,
        *,
        version: PolicyVersion | str | None = None,
        self_check: int = 64,
    ) -> None:
        super().__init__(policy, version=version)
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
        """Load, validate and compile a jurisdiction (with what it extends).

        A compiled snapshot file (`gridrules build`) is loaded with `from_snapshot`.
        """
        from pathlib import Path

        from gridrules.loader import display_path
        from gridrules.policy import load_policy
        from gridrules.snapshot import is_snapshot

        if is_snapshot(path):
            return cls.from_snapshot(path, self_check=self_check)

        result = load_policy(path, root=root)  # pauses the cyclic collector itself
        if not result.ok or result.policy is None:
            raise PolicyInvalid(display_path(Path(path)), result.problems)
        return cls(result.policy, self_check=self_check)

    @classmethod
    def from_snapshot(
        cls, path: str | os.PathLike[str], *, self_check: int = 64, freeze: bool = False
    ) -> Engine:
        """Load a compiled snapshot (`gridrules build`): no parsing, validating or compiling.

        Checks the file's format version and digest, then the index against Casbin on
        a sample; raises `gridrules.snapshot.SnapshotError` (one line, exit 2) otherwise.
        `freeze` moves what was loaded out of the cyclic collector's way (gc.freeze).
        """
        from gridrules.snapshot.load import load_engine

        return load_engine(cls, path, self_check=self_check, freeze=freeze)

    @classmethod
    def from_policy(cls, policy: Policy, *, version: PolicyVersion | str | None = None) -> Engine:
        return cls(policy, version=version)

    # --- decisions ------------------------------------------------------------

    def check(self, request: Request) -> Decision:
        """May the principal take the action on the matter in the grid? Deny by default."""
        # The hot path: the matcher evaluated on the index, no object built until the answer.
        principal = request.principal
        found = self._workers.get(principal) if principal.__class__ is str else None
        if found is None:
            return self._check_slow(request)
        roles, home, dropped, _ = found
        action, matter, grid = request.action, request.matter, request.grid
        ix = self._ix
        span = ix.span
        target, anchor = span.get(grid), span.get(home)
        if target is None or anchor is None or action not in ACTION_SET or matter not in ix.matters:
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
            if entry is None or not admits(entry.subject, epoch, admitted):
                continue
            if not reaches(entry.scope, grid == home, anchor[0] <= target[0] <= anchor[1]):
                outside |= 1 << i
                continue
            if not tier_allows(action, entry.fits):
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
            return cached
        return fill(cached, grid, home)  # type: ignore[arg-type]  # `is Decision` does not narrow the rest to the template tuple; isinstance costs on the hot path

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

    def _casbin_request(self, role: str, r: Resolved) -> tuple[str, ...]:
        return (
            role,
            r.action,
            matter_name(r.matter),
            grid_name(r.grid),
            grid_name(r.home),
            "emergency" if r.emergency else "normal",
            epoch_name(r.epoch, "emergency" if r.emergency else "normal", r.plan),
        )
