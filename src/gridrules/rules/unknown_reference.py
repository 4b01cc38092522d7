"""Every id a policy refers to must be defined.

Tiers name their parent tier and the roles that count towards staffing; roles
name their tier and the role they report to; matters their category and
handling tier; responsibility lists their role and, per duty, matters and
categories; admissions their matter and list; exclusions their matter;
escalation levels their tier and handler roles; departments their escalation
level; routing entries matters, categories and departments; party
organisations the tier they attach to; supervision links a tier and a role;
emergency grants a role, matters and categories; emergency procedures (common
and per plan) the roles that run them; a plan's reporting times the escalation
level reported to; an emergency-only admission its plan. In the registry a node names
its tier and its parent node; in the roster a worker names roles and a grid.
A registry may start at its own node: a node of a top tier, or at the
jurisdiction's own administrative level, may name a parent outside the
registry. The hint suggests the closest defined id.

引用的标识必须已定义：层级的上级与配备角色、角色的层级与汇报对象、事项的类别与处置层级、
职责清单的角色与事项/类别、准入与排除的事项、处置层级的层级与处置角色、部门的处置层级、
分流规则的事项/类别/部门、党组织挂靠层级、督导的层级与角色、应急授权、应急程序的承担角色、
预案直报的处置层级、应急准入所属的预案，以及台账节点的层级与上级节点、名册人员的角色与网格。提示中给出最接近的已定义标识。
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

from gridrules.lookup import may_start_registry, sorted_grid_ids
from gridrules.model import Grant, Origin, Policy, PushedDownItem, VetoItem
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import closest, closest_sorted, problem_at, suggestion

RULE = Rule(
    "GR201",
    "unknown-reference",
    Level.ERROR,
    Text("引用了未定义的标识", "reference to an undefined id"),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "escalation.yaml": """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker]}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader]}
  - {id: street_centre, name: 街道网格化服务管理中心, tier: street}
"""
        },
        failing={
            "escalation.yaml": """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_workr]}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader]}
  - {id: street_centre, name: 街道网格化服务管理中心, tier: streets}
"""
        },
    ),
)

TIER = Text("层级", "tier")
ROLE = Text("角色", "role")
CATEGORY = Text("事项类别", "category")
MATTER = Text("事项", "matter")
LIST = Text("准入清单", "admission list")
LEVEL = Text("处置层级", "escalation level")
DEPARTMENT = Text("部门", "department")
NODE = Text("台账节点", "registry node")
PLAN = Text("应急预案", "emergency plan")
DUTY = Text("职责", "duty")


@dataclass(frozen=True, slots=True)
class Ref:
    origin: Origin
    sub: tuple[Any, ...]
    value: str
    kind: Text
    owner: Text  # who refers, e.g. "tier 'grid' parent"
    scope: str | None = None  # for registry nodes: the tier to look for a near miss in


def _grant_refs(grant: Grant, owner: Text) -> Iterator[Ref]:
    for k, matter in enumerate(grant.matters):
        yield Ref(grant.origin, ("matters", k), matter, MATTER, owner)
    for k, category in enumerate(grant.categories):
        yield Ref(grant.origin, ("categories", k), category, CATEGORY, owner)


def definition_refs(p: Policy) -> Iterator[Ref]:
    """References between definitions (everything but the registry and roster)."""
    for t in p.tiers:
        if t.parent is not None:
            yield Ref(t.origin, ("parent",), t.parent, TIER, Text(f"层级 {t.id}", f"tier '{t.id}'"))
        for rule in t.staffing:
            for k, role in enumerate(rule.roles):
                owner = Text(f"层级 {t.id} 的人员配备", f"staffing of tier '{t.id}'")
                yield Ref(t.origin, (*rule.path, "roles", k), role, ROLE, owner)
    settings = p.jurisdiction.settings
    for k, tier in enumerate(settings.protected_tiers or ()):
        owner = Text("辖区设置 protected_tiers", "setting protected_tiers")
        origin = p.jurisdiction.origin
        yield Ref(origin, ("settings", "protected_tiers", k), tier, TIER, owner)
    for r in p.roles:
        owner = Text(f"角色 {r.id}", f"role '{r.id}'")
        yield Ref(r.origin, ("tier",), r.tier, TIER, owner)
        if r.reports_to is not None:
            yield Ref(r.origin, ("reports_to",), r.reports_to, ROLE, owner)
    for m in p.matters:
        owner = Text(f"事项 {m.id}", f"matter '{m.id}'")
        yield Ref(m.origin, ("category",), m.category, CATEGORY, owner)
        yield Ref(m.origin, ("handling_tier",), m.handling_tier, TIER, owner)
    for resp in p.responsibilities:
        yield Ref(resp.origin, ("role",), resp.role, ROLE, Text("职责清单", "responsibility list"))
        for duty in resp.duties:
            owner = Text(
                f"角色 {resp.role} 的职责 {duty.duty_id}",
                f"duty '{duty.duty_id}' of role '{resp.role}'",
            )
            yield from _grant_refs(duty, owner)
    for a in p.admissions:
        owner = Text("准入事项", "admission")
        yield Ref(a.origin, ("matter",), a.matter, MATTER, owner)
        if a.list is not None:
            yield Ref(
                a.origin,
                ("list",),
                a.list,
                LIST,
                Text(f"事项 {a.matter} 的准入", f"admission of '{a.matter}'"),
            )
    for e in p.exclusions:
        yield Ref(e.origin, ("matter",), e.matter, MATTER, Text("排除事项", "exclusion"))
    esc = p.escalation
    for lv in esc.levels:
        owner = Text(f"处置层级 {lv.id}", f"escalation level '{lv.id}'")
        yield Ref(lv.origin, ("tier",), lv.tier, TIER, owner)
        for k, role in enumerate(lv.handler_roles):
            yield Ref(lv.origin, ("handlers", k), role, ROLE, owner)
    for d in esc.departments:
        yield Ref(
            d.origin, ("level",), d.level, LEVEL, Text(f"部门 {d.id}", f"department '{d.id}'")
        )
    for route in esc.routing:
        owner = Text("分流规则", "routing entry")
        for k, matter in enumerate(route.matters):
            yield Ref(route.origin, ("matters", k), matter, MATTER, owner)
        for k, category in enumerate(route.categories):
            yield Ref(route.origin, ("categories", k), category, CATEGORY, owner)
        for k, dept in enumerate(route.departments):
            yield Ref(route.origin, ("departments", k), dept, DEPARTMENT, owner)
    for o in p.party.organisations:
        owner = Text(f"党组织 {o.id}", f"party organisation '{o.id}'")
        yield Ref(o.origin, ("attaches_to",), o.attaches_to, TIER, owner)
    for s in p.party.supervision:
        owner = Text("督导关系", "supervision link")
        yield Ref(s.origin, ("tier",), s.tier, TIER, owner)
        yield Ref(s.origin, ("role",), s.role, ROLE, owner)
    for g in p.emergency.grants if p.emergency else ():
        owner = Text(f"应急授权 {g.duty_id}", f"emergency grant '{g.duty_id}'")
        yield Ref(g.origin, ("role",), g.role, ROLE, owner)
        yield from _grant_refs(g, owner)
    yield from _plan_refs(p)
    yield from _burden_refs(p)
    yield from _schedule_refs(p)


def _schedule_refs(p: Policy) -> Iterator[Ref]:
    """Duty schedules: the role, the duty in its list and the matters they serve."""
    for x in p.schedules:
        owner = Text(f"例行工作 {x.id}", f"schedule '{x.id}'")
        yield Ref(x.origin, ("role",), x.role, ROLE, owner)
        if x.duty is not None:
            yield Ref(x.origin, ("duty",), x.duty, DUTY, owner)
        for k, matter in enumerate(x.matters):
            yield Ref(x.origin, ("matters", k), matter, MATTER, owner)


def _burden_refs(p: Policy) -> Iterator[Ref]:
    """Warnings (matters, task levels, departments), party rules, grid codes, registers."""
    for w in p.escalation.warnings:
        owner = Text(f"预警级别 {w.id}", f"warning level '{w.id}'")
        for k, matter in enumerate(w.matters):
            yield Ref(w.origin, ("matters", k), matter, MATTER, owner)
        task = w.task
        if task is not None:
            if task.dispatched_by is not None:
                yield Ref(task.origin, ("dispatched_by",), task.dispatched_by, LEVEL, owner)
            for k, level in enumerate(task.to):
                yield Ref(task.origin, ("to", k), level, LEVEL, owner)
            for k, dept in enumerate(task.departments):
                yield Ref(task.origin, ("departments", k), dept, DEPARTMENT, owner)
    for x in p.party.cross_appointments:
        owner = Text(f"交叉任职 {x.id}", f"cross-appointment '{x.id}'")
        yield Ref(x.origin, ("tier",), x.tier, TIER, owner)
        for k, role in enumerate(x.roles):
            yield Ref(x.origin, ("roles", k), role, ROLE, owner)
    service = p.party.in_service
    if service is not None:
        owner = Text("在职党员报到", "in-service members")
        for k, role in enumerate(service.roles):
            yield Ref(service.origin, ("roles", k), role, ROLE, owner)
        if service.report_to is not None:
            yield Ref(service.origin, ("report_to",), service.report_to, TIER, owner)
    codes = p.jurisdiction.settings.grid_codes
    if codes is not None:
        owner = Text("辖区设置 grid_codes", "setting grid_codes")
        for tier, _ in codes.lengths:
            yield Ref(codes.origin, ("lengths", tier), tier, TIER, owner)
    registers = p.registers
    items: list[VetoItem | PushedDownItem] = (
        [*registers.veto, *registers.pushed_down] if registers else []
    )
    for item in items:
        owner = Text(f"减负台账 {item.id}", f"register entry '{item.id}'")
        if item.matter is not None:
            yield Ref(item.origin, ("matter",), item.matter, MATTER, owner)
        if item.department is not None:
            yield Ref(item.origin, ("department",), item.department, DEPARTMENT, owner)


def _plan_refs(p: Policy) -> Iterator[Ref]:
    """Emergency plans: the roles running each procedure, the levels reported to directly,
    and the plan an emergency-only admission names."""
    emergency = p.emergency
    if emergency is not None:
        for plan_id, procedures in (
            ("", emergency.procedures),
            *((x.id, x.procedures) for x in emergency.plans),
        ):
            for pr in procedures:
                if pr.origin is None:
                    continue
                owner = (
                    Text(
                        f"预案 {plan_id} 的程序 {pr.id}", f"procedure '{pr.id}' of plan '{plan_id}'"
                    )
                    if plan_id
                    else Text(f"应急程序 {pr.id}", f"emergency procedure '{pr.id}'")
                )
                for k, role in enumerate(pr.roles):
                    yield Ref(pr.origin, ("roles", k), role, ROLE, owner)
        for x in emergency.plans:
            for r in x.reporting:
                if r.to is not None:
                    owner = Text(f"预案 {x.id} 的报告时限", f"reporting times of plan '{x.id}'")
                    yield Ref(r.origin, ("to",), r.to, LEVEL, owner)
    for a in p.admissions:
        if a.plan is not None:
            owner = Text(f"事项 {a.matter} 的准入", f"admission of '{a.matter}'")
            yield Ref(a.origin, ("plan",), a.plan, PLAN, owner)


def _targets(p: Policy) -> dict[str, Collection[str]]:
    return {
        TIER.en: p.tier_by_id,
        ROLE.en: p.role_by_id,
        CATEGORY.en: p.category_by_id,
        MATTER.en: p.matter_by_id,
        LIST.en: {x.id for x in p.admission_lists},
        LEVEL.en: {x.id for x in p.escalation.levels},
        DEPARTMENT.en: {x.id for x in p.escalation.departments},
        NODE.en: p.grid_by_id,
        PLAN.en: p.plan_by_id,
        DUTY.en: {d.duty_id for r in p.responsibilities for d in r.duties},
    }


def registry_refs(p: Policy) -> Iterator[Ref]:
    """Unresolved references in the registry and roster (only the failures: O(n), no garbage)."""
    tiers, roles, nodes = p.tier_by_id, p.role_by_id, p.grid_by_id
    for g in p.grids:
        if g.tier not in tiers:
            yield Ref(g.origin, ("tier",), g.tier, TIER, Text(f"网格 {g.id}", f"grid '{g.id}'"))
        if g.parent is not None and g.parent not in nodes and not may_start_registry(p, g):
            tier = tiers.get(g.tier)
            owner = Text(f"网格 {g.id}", f"grid '{g.id}'")
            yield Ref(g.origin, ("parent",), g.parent, NODE, owner, tier.parent if tier else None)
    for w in p.workers:
        for k, role in enumerate(w.roles):
            if role not in roles:
                yield Ref(w.origin, ("roles", k), role, ROLE, _worker(w.id, w.name))
        if nodes and w.grid not in nodes:  # no registry at all: reported once, in check()
            yield Ref(w.origin, ("grid",), w.grid, NODE, _worker(w.id, w.name))


def _worker(worker_id: str, name: str) -> Text:
    return Text(f"人员 {worker_id}（{name}）", f"worker {worker_id} ({name})")


def _hint(ref: Ref, p: Policy, known: Collection[str]) -> Text:
    if ref.kind is not NODE:
        return suggestion(closest(ref.value, known), ref.kind, known)
    ordered = sorted_grid_ids(p)
    best = closest_sorted(ref.value, ordered.get(ref.scope, ordered[None]))
    if best is not None:
        return suggestion(best, ref.kind, ())
    return Text(
        "在网格台账中补上该节点，或改正编码",
        "add the node to the grid registry, or correct the code",
    )


def _problem(ref: Ref, hint: Text) -> Problem:
    return problem_at(
        RULE,
        ref.origin,
        *ref.sub,
        message=Text(
            f"{ref.owner.zh} 引用了未定义的{ref.kind.zh} “{ref.value}”",
            f"{ref.owner.en} refers to undefined {ref.kind.en} '{ref.value}'",
        ),
        value=ref.value,
        hint=hint,
    )


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    targets = _targets(p)
    hints: dict[tuple[str, str | None, str], Text] = {}  # one typo copied down 10,000 rows
    for ref in itertools.chain(definition_refs(p), registry_refs(p)):
        known = targets[ref.kind.en]
        if ref.value in known:
            continue
        key = (ref.kind.en, ref.scope, ref.value)
        if key not in hints:
            hints[key] = _hint(ref, p, known)
        yield _problem(ref, hints[key])
    if p.workers and not p.grids:
        first = p.workers[0]
        yield problem_at(
            RULE,
            first.origin,
            "grid",
            message=Text(
                f"人员名册把 {len(p.workers)} 名人员分配到网格，但本辖区没有网格台账",
                f"the roster assigns {len(p.workers)} workers to grids, but this jurisdiction "
                "has no grid registry",
            ),
            value=first.grid,
            hint=Text(
                "添加 kind: grids 网格台账（台账不从上级辖区继承）",
                "add a kind: grids registry (registries are not inherited from the parent)",
            ),
        )
