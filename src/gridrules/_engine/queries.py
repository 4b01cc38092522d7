"""The engine's queries: route, who_can, what_can and coverage."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Sequence

from gridrules import catalogue
from gridrules import messages as msg
from gridrules._engine.base import ACTION_SET, Resolved, day_of, inline_attribute
from gridrules._engine.diagnosis import ADMISSION, RANK, Diagnosis
from gridrules.conditions import SCOPES, reaches, tier_allows
from gridrules.coverage import Coverage, coverage
from gridrules.decision import (
    Permission,
    Person,
    Principal,
    QueryError,
    Reason,
    Request,
    RoleAnswer,
    WhoCan,
    parse_at,
    parse_mode,
)
from gridrules.model import ACTIONS, Mode, Names, Worker
from gridrules.problems import Text
from gridrules.route import Route, route, tier_line

_ACTION_ORDER = {a: i for i, a in enumerate(ACTIONS)}  # what_can lists actions in this order


class Queries(Diagnosis):
    """Questions about the policy as a whole, answered from the same tables as `check`."""

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
        day = day_of(parse_at(at))
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
            if not tier_allows(action, entry.fits):
                failures.append(Reason.TIER_TOO_LOW)
                continue
            if not reaches(entry.scope, role.tier == grid_tier, role.tier in line):
                failures.append(Reason.OUT_OF_SCOPE)
                continue
            origin = self._origins[entry.row]
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
            reason = max(failures, key=lambda f: (RANK[f], f in ADMISSION))
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
            return catalogue.msg(
                "decisions.who.allowed", roles=n_roles, people=n_people, matter=m, action=a
            )
        if reason is Reason.EXCLUDED:
            return msg.excluded(m, self.policy.excluded_matters[matter].reason)
        if reason in (Reason.NOT_ADMITTED, Reason.EXPIRED):
            return msg.not_admitted(m, None)
        return catalogue.msg("decisions.who.nobody", matter=m, action=a, reason=reason.value)

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
        day = day_of(parse_at(at))
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
            roles, _ = self._split(principal.roles, home, inline_attribute(principal))
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
                if not ix.admitted(entry, epoch, emergency, plan) or not tier_allows(
                    entry.action, entry.fits
                ):
                    continue
                seen.add((entry.action, entry.matter))
                origin = self._origins[entry.row]
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
        if action not in ACTION_SET:
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
                catalogue.msg("decisions.query.unknown_plan", plan=plan),
            )

    def _query(self, emergency: bool, plan: str | None) -> Resolved:
        """A stand-in request for the admission diagnosis of a query (who_can)."""
        return Resolved((), "", "", "", "", dt.date.min, 0, emergency, plan, (), ())

    def coverage(self, at: dt.date | None = None) -> Coverage:
        """Every leaf grid × every admitted matter, from this engine's tables (gridrules.coverage)."""
        return coverage(self.policy, self._ix, at=at)
