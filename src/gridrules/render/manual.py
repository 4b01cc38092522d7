"""The operating manual's view data: tiers, roles, duties, admission, matters, escalation."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from gridrules.catalogue import msg
from gridrules.model import Action, Admission, Grant, Policy, Role
from gridrules.render import timing
from gridrules.render.builder import Builder, date_text
from gridrules.render.burden_view import build_burden
from gridrules.render.emergency import EmergencyView, build_emergency
from gridrules.render.labels import coded
from gridrules.render.timing import limit_text
from gridrules.render.views import (
    GROUP_OVER,
    AdmissionView,
    CategoryView,
    CountView,
    DutyView,
    ExclusionView,
    FlowStep,
    LoopStepView,
    Manual,
    MatterView,
    PartyOrgView,
    ProhibitionView,
    RoleView,
    RoutingView,
    SupervisionView,
    TierView,
    WarningView,
    slug,
)
from gridrules.render.workload_view import build_workload
from gridrules.route import tier_line


def build_manual(b: Builder) -> Manual:
    p, lang, L = b.p, b.lang, b.L
    j = p.jurisdiction
    matters_by_category: dict[str, list[MatterView]] = {}
    for m in p.matters:
        handling_level, departments = b.matter_route(m.id)
        matters_by_category.setdefault(m.category, []).append(
            MatterView(
                id=m.id,
                name=m.names(lang),
                category=b.category(m.category),
                handling_tier=b.tier(m.handling_tier),
                handling_level=handling_level,
                report_within=limit_text(m.report_within, lang),
                close_within=limit_text(m.close_within, lang),
                status=b.status(m.id),
                excluded=m.id in p.excluded_matters,
                departments=departments,
                description=m.description,
                anchor=f"matter-{slug(m.id)}",
                deadline=b.deadline(m.id),
                step_limits=timing.step_limits(b.generic_route(m.id), lang),
                direct=timing.direct(b.generic_route(m.id), lang),
            )
        )
    categories = tuple(
        CategoryView(c.id, c.names(lang), c.description, tuple(matters_by_category.get(c.id, ())))
        for c in p.categories
        if matters_by_category.get(c.id)
    )
    grids = Counter(g.tier for g in p.grids)
    holders = Counter(r for w in p.workers for r in set(w.roles))
    return Manual(
        description=j.description,
        level=coded("admin_level", j.level, lang),
        character=coded("character", j.character, lang),
        parents=tuple(n(lang) for n in j.parent_names) or j.parents,
        tiers=tuple(_tier(b, t.id) for t in p.tiers),
        roles=tuple(_role(b, r) for r in p.roles),
        admitted=_admissions(b),
        excluded=tuple(ExclusionView(b.matter(e.matter), e.reason, e.basis) for e in p.exclusions),
        categories=categories,
        flow=flow_steps(b),
        routing=tuple(
            RoutingView(
                matters=tuple(b.matter(m) for m in r.matters)
                + tuple(b.category(c) for c in r.categories),
                departments=tuple(b.department(d) for d in r.departments),
                level=b.join(
                    dict.fromkeys(
                        b.level(dep.level)
                        for dep in p.escalation.departments
                        if dep.id in r.departments
                    )
                ),
            )
            for r in p.escalation.routing
        ),
        loop_name=p.escalation.loop_name(lang) if p.escalation.loop_name else L["ch_loop"],
        loop=tuple(
            LoopStepView(i, s.names(lang), s.description, limit_text(s.time_limit, lang))
            for i, s in enumerate(p.escalation.loop, start=1)
        ),
        warnings=tuple(
            WarningView(
                w.names(lang),
                w.meaning,
                L["yes"] if w.dispatch else L["no"],
                b.join(f"{method} / {limit_text(every, lang)}" for method, every in w.follow_up),
            )
            for w in p.escalation.warnings
        ),
        party_orgs=tuple(
            PartyOrgView(
                o.names(lang),
                b.tier(o.attaches_to),
                _members(o.min_members, o.max_members),
                str(o.max_joint_units) if o.max_joint_units else "",
            )
            for o in p.party.organisations
        ),
        red_line=tuple(
            SupervisionView(b.tier(s.tier), b.role(s.role), s.description)
            for s in sorted(p.party.supervision, key=lambda s: p.tier_depth.get(s.tier, 0))
        ),
        emergency=_emergency(b),
        grid_counts=tuple(CountView(t.names(lang), n) for t in p.tiers if (n := grids[t.id])),
        worker_counts=tuple(CountView(r.names(lang), n) for r in p.roles if (n := holders[r.id])),
        prohibitions=_prohibitions(b),
        admission_procedure=p.admission_procedure,
        ceiling=timing.ceiling(p, lang),
        ceiling_source=timing.ceiling_source(p),
        supervision_title=p.party.chain(lang) if p.party.chain else L["red_line"],
        burden=build_burden(b),
        workload=build_workload(b),
    )


def _prohibitions(b: Builder) -> tuple[ProhibitionView, ...]:
    return tuple(
        ProhibitionView(x.names(b.lang), x.text, x.basis, x.provenance) for x in b.p.prohibitions
    )


def _bound_by_lists(p: Policy, role: Role) -> bool:
    """Roles the admission lists protect (社区/村 bodies, grids and cells) carry the
    work-method prohibitions on their cards; departments and centres above do not."""
    tier = p.tier_by_id.get(role.tier)
    return role.tier in p.protected_tiers or (tier is not None and tier.is_grid)


def _admissions(b: Builder) -> tuple[AdmissionView, ...]:
    groups: dict[tuple[object, ...], list[Admission]] = {}
    for a in b.p.admissions:
        key: tuple[object, ...] = (
            a.list,
            a.approved_by,
            a.basis,
            a.effective,
            a.expires,
            a.temporary,
            a.note,
        )
        key += (a.mode, a.plan)
        groups.setdefault(key, []).append(a)
    lists = {x.id: x.names(b.lang) for x in b.p.admission_lists}
    out = []
    for group in groups.values():
        a = group[0]  # the group shares everything but the matter
        out.append(
            AdmissionView(
                matters=tuple(b.matter(x.matter) for x in group),
                list=lists.get(a.list, a.list) if a.list else "",
                approved_by=a.approved_by,
                basis=a.basis,
                effective=date_text(a.effective),
                expires=date_text(a.expires),
                temporary=a.temporary,
                note=a.note,
                emergency=b.emergency_only(a),
            )
        )
    return tuple(out)


def _members(low: int | None, high: int | None) -> str:
    if low is not None and high is not None:
        return f"{low}–{high}"
    if low is not None:
        return f"≥{low}"
    if high is not None:
        return f"≤{high}"
    return ""


def _tier(b: Builder, tier_id: str) -> TierView:
    t, L, lang = b.p.tier_by_id[tier_id], b.L, b.lang
    notes: list[str] = []
    urban = rural = ""
    if t.sizing is not None:
        urban = t.sizing.urban.describe() if t.sizing.urban else ""
        rural = t.sizing.rural.describe() if t.sizing.rural else ""
        if t.sizing.average_max_households:
            notes.append(L["average_max"].format(n=t.sizing.average_max_households))
        if t.sizing.door_to_door_hours:
            hours = t.sizing.door_to_door_hours
            notes.append(L["door_to_door"].format(h=f"{hours:g}"))
        if t.sizing.note:
            notes.append(t.sizing.note)
    difficulty: list[str] = []
    staffing = b.join(
        L["per_grid"].format(n=rule.min_per_grid, roles=b.join(b.role(r) for r in rule.roles))
        for rule in t.staffing
    )
    for rule in t.staffing:
        if rule.difficulty is not None:
            d = rule.difficulty
            weights = b.join(f"{name} ×{weight:g}" for name, weight in d.weights)
            colon = msg("render.punct.colon")(lang)
            difficulty.append(
                msg(
                    "render.punct.aside",
                    main=L["difficulty"],
                    aside=f"{L['weights']}{colon}{weights}",
                )(lang)
            )
            difficulty += [
                L["difficulty_band"].format(above=f"{band.above:g}", extra=band.extra)
                for band in d.bands
            ]
    return TierView(
        id=t.id,
        name=t.names(lang),
        parent=b.tier(t.parent),
        kind=L["is_grid"] if t.is_grid else L["is_admin"],
        admin_level=coded("admin_level", t.admin_level, lang) if t.admin_level else "",
        urban=urban,
        rural=rural,
        sizing_notes=tuple(notes),
        staffing=staffing,
        difficulty=tuple(difficulty),
        description=t.description,
    )


def _duty_views(
    b: Builder, grants: Iterable[Grant], *, mark_emergency_only: bool = True
) -> tuple[DutyView, ...]:
    """Duties as printed; a matter admitted only during emergency plans says so."""
    name = b.duty_matter if mark_emergency_only else b.matter
    out: list[DutyView] = []
    for g in grants:
        covered = b.p.grant_matters(g)
        groups: dict[str, list[str]] = {}
        if len(covered) > GROUP_OVER:
            for m in covered:
                matter = b.p.matter_by_id.get(m)
                groups.setdefault(b.category(matter.category) if matter else "", []).append(name(m))
        out.append(
            DutyView(
                g.duty_id,
                g.names(b.lang),
                b.actions(g.actions),
                tuple(name(m) for m in covered),
                g.description,
                tuple((c, tuple(ms)) for c, ms in groups.items()),
            )
        )
    return tuple(out)


def _role(b: Builder, r: Role) -> RoleView:
    p, lang = b.p, b.lang
    grants = [g for resp in p.responsibilities if resp.role == r.id for g in resp.duties]
    handled: set[str] = set()
    reported: list[str] = []
    for g in grants:
        covered = p.grant_matters(g)
        if Action.HANDLE in g.actions:
            handled.update(covered)
        if Action.REPORT in g.actions or Action.ESCALATE in g.actions:
            reported += covered
    report_only = tuple(
        b.matter(m)
        for m in dict.fromkeys(reported)
        if m not in handled and m not in p.excluded_matters
    )
    emergency = [g for g in p.emergency.grants if g.role == r.id] if p.emergency is not None else []
    constraints = tuple(
        c.description
        or f"{c.attribute} = {c.must_be}"
        + (
            msg("render.punct.aside", main="", aside=coded("area", c.area.value, lang))(lang)
            if c.area
            else ""
        )
        for c in r.constraints
    )
    return RoleView(
        id=r.id,
        name=r.names(lang),
        category=coded("role_category", r.category, lang),
        tier=b.tier(r.tier),
        scope=coded("scope", r.scope.value, lang),
        reports_to=b.role(r.reports_to),
        recruited_from=r.recruited_from,
        functions=r.functions,
        constraints=constraints,
        description=r.description,
        duties=_duty_views(b, grants),
        emergency_duties=_duty_views(b, emergency, mark_emergency_only=False),
        report_only=report_only,
        supervises=tuple(b.tier(s.tier) for s in p.party.supervision if s.role == r.id),
        href=f"cards/{slug(r.id)}.html",
        prohibitions=_prohibitions(b) if _bound_by_lists(p, r) else (),
        bound_by_lists=_bound_by_lists(p, r),
        escalation=_escalation_line(b, r.tier),
        deadlines=tuple(
            (b.matter(m.id), limit)
            for m in p.matters
            if m.id in handled and m.id not in p.excluded_matters and (limit := b.deadline(m.id))
        ),
    )


def _escalation_line(b: Builder, tier: str | None) -> tuple[tuple[str, str], ...]:
    """(level, time limit) for the levels on the tier line from `tier` up, bottom first."""
    if tier is None:
        return ()
    line = tier_line(b.p, tier)
    levels = [lv for lv in b.p.escalation.levels if lv.tier in line]
    levels.sort(key=lambda lv: line.index(lv.tier))
    return tuple((lv.names(b.lang), limit_text(lv.time_limit, b.lang)) for lv in levels)


def _emergency(b: Builder) -> EmergencyView | None:
    e = b.p.emergency
    if e is None:
        return None
    grants = tuple(
        (b.role(g.role), d)
        for g, d in zip(e.grants, _duty_views(b, e.grants, mark_emergency_only=False), strict=True)
    )
    return build_emergency(b.p, b.lang, b.role, b.matter, b.level, grants)


def flow_steps(b: Builder) -> tuple[FlowStep, ...]:
    """The escalation levels bottom up, with their handlers, limits and departments."""
    p = b.p
    esc = p.escalation
    steps = []
    for i, level in enumerate(esc.levels):
        above = tier_line(p, level.tier)[1:]
        parent = next((up.id for up in esc.levels[i + 1 :] if up.tier in above), "")
        steps.append(
            FlowStep(
                id=level.id,
                name=level.names(b.lang),
                tier=b.tier(level.tier),
                handlers=tuple(b.role(r) for r in level.handler_roles),
                time_limit=limit_text(level.time_limit, b.lang),
                departments=tuple(d.names(b.lang) for d in esc.departments if d.level == level.id),
                depth=p.tier_depth.get(level.tier, 0),
                parent=parent,
            )
        )
    return tuple(steps)
