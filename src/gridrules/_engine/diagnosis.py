"""Why a request is denied, and a decision explained: each role's checks, the best denial.

The reported denial is the role that got furthest through the checks (ties:
an admission failure, then a failed role constraint, then no grant, then the
principal's role order); see docs/decisions.md. Denials are built once per
key and cached; an out-of-scope denial is a template with grid/home holes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from gridrules import catalogue
from gridrules import messages as msg
from gridrules._engine.base import EngineBase, Resolved
from gridrules.conditions import SCOPES, admission_reason, admits, tier_allows
from gridrules.decision import Decision, Reason, Request
from gridrules.decision_index import Entry
from gridrules.enforcer import EnforcerError
from gridrules.model import Admission, Mode

# Denial ranks: the reported denial is the role that got furthest through the checks
# (ties: see _PREFER, then the principal's role order). See docs/decisions.md.
RANK = {
    Reason.ROLE_CONSTRAINT: 1,
    Reason.NO_GRANT: 1,
    Reason.NOT_ADMITTED: 1,
    Reason.EXPIRED: 1,
    Reason.EXCLUDED: 1,
    Reason.OUT_OF_SCOPE: 2,
    Reason.TIER_TOO_LOW: 3,
}
ADMISSION = frozenset({Reason.NOT_ADMITTED, Reason.EXPIRED, Reason.EXCLUDED})
# On a tie in rank: an admission failure, then a failed role constraint, then no grant.
_PREFER = {Reason.NOT_ADMITTED: 2, Reason.EXPIRED: 2, Reason.EXCLUDED: 2, Reason.ROLE_CONSTRAINT: 1}


@dataclass(frozen=True, slots=True)
class RoleVerdict:
    """How one role of the principal fared, check by check (for explanations)."""

    role: str
    reason: Reason
    entry: Entry | None
    constraint: str = ""  # the failed constraint's id (role_constraint)


class Diagnosis(EngineBase):
    """Denials and explanations on top of the resolved request."""

    def _verdicts(self, r: Resolved) -> list[RoleVerdict]:
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
            if not admits(subject, r.epoch, admitted):
                out.append(RoleVerdict(role, self._admission_reason(r.matter, r.day, r), entry))
            elif entry is None:
                out.append(RoleVerdict(role, Reason.NO_GRANT, None))
            elif not ix.in_scope(entry, r.grid, r.home):
                out.append(RoleVerdict(role, Reason.OUT_OF_SCOPE, entry))
            elif not tier_allows(r.action, entry.fits):
                out.append(RoleVerdict(role, Reason.TIER_TOO_LOW, entry))
            else:
                out.append(RoleVerdict(role, Reason.ALLOWED, entry))
        return out

    def _admission_reason(self, matter: str, day: dt.date, r: Resolved | None = None) -> Reason:
        return admission_reason(self.policy, matter, day, self._applicable(matter, r))

    def _applicable(self, matter: str, r: Resolved | None) -> tuple[Admission, ...]:
        """The matter's admissions that can apply to the request's mode and plan."""
        admissions = self.policy.admissions_by_matter.get(matter, ())
        emergency, plan = (r.emergency, r.plan) if r is not None else (False, None)
        return tuple(
            a
            for a in admissions
            if a.mode is Mode.NORMAL
            or (emergency and (plan is None or a.plan is None or a.plan == plan))
        )

    def _deny(self, r: Resolved) -> Decision:
        value = self._denial(r)
        return value if isinstance(value, Decision) else fill(value, r.grid, r.home)

    def _denial(self, r: Resolved) -> Decision | tuple[str, ...]:
        """The denial, independent of the grid (out_of_scope: a template with grid/home holes)."""
        verdicts = self._verdicts(r)
        if not verdicts:
            text = msg.no_grant(
                catalogue.term("decisions.explain.no_roles"),
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
            key=lambda v: (RANK[v.reason], _PREFER.get(v.reason, 0), -verdicts.index(v)),
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

    def _build_denial(self, verdict: RoleVerdict, r: Resolved) -> Decision | tuple[str, ...]:
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
        decision = self.check(request)
        resolved = self._resolve(request)
        lines: list[str] = []
        if isinstance(resolved, Decision):
            return [decision.message(lang)]
        labels = self._labels
        who = request.principal if isinstance(request.principal, str) else "(inline)"
        roles = ", ".join(resolved.roles)
        line = catalogue.msg("decisions.explain.who", who=who, roles=roles, home=resolved.home)
        lines.append(line(lang))
        matter = self.policy.matter_by_id[resolved.matter]
        line = catalogue.msg(
            "decisions.explain.matter",
            matter=labels.matter(matter.id),
            category=matter.category,
            tier=labels.tier(matter.handling_tier),
            day=resolved.day.isoformat(),
            mode="emergency" if resolved.emergency else "normal",
        )
        lines.append(line(lang))
        admitted_epochs = self._ix.admitted_epochs(resolved.emergency, resolved.plan)
        admitted = resolved.epoch in admitted_epochs.get(resolved.matter, ())
        state = (
            Reason.ALLOWED
            if admitted
            else self._admission_reason(resolved.matter, resolved.day, resolved)
        )
        state_words = catalogue.msg(f"decisions.explain.admission_state.{state.value}")
        line = catalogue.msg("decisions.explain.admission", state=state_words)
        lines.append(line(lang))
        for verdict in self._verdicts(resolved):
            mark = "✓" if verdict.reason is Reason.ALLOWED else "✗"
            detail = ""
            if verdict.entry is not None:
                origin = self._origins[verdict.entry.row]
                detail = catalogue.msg(
                    "decisions.explain.duty", duty=origin.duty, source=origin.source
                )(lang)
            lines.append(f"  {mark} {verdict.role}: {verdict.reason.value}{detail}")
        lines.append(decision.message(lang))
        return lines


_GRID, _HOME = "\x00grid\x00", "\x00home\x00"


def fill(template: tuple[str, ...], grid: str, home: str) -> Decision:
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
