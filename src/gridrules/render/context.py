"""Policy → view data: frozen records of plain, already localised strings.

Templates only ever see what this module builds. They never call into the
model, so a jurisdiction's own (sandboxed) templates can reach nothing but
these strings, and a string from the policy is always data: `{{ 7*7 }}` in a
matter's name prints as written.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from gridrules.model import Action, Admission, Duration, Grant, Grid, Mode, Policy, Role, Worker
from gridrules.render import timing
from gridrules.render.emergency import EmergencyView, build_emergency, plan_name
from gridrules.render.labels import labels, separator, term
from gridrules.route import Route, route, tier_line
from gridrules.rules.index import grid_tiers, workers_by_grid
from gridrules.version import PolicyVersion

# --- records ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Meta:
    """What every page carries so that a printed sheet can be traced to its rules."""

    lang: str
    html_lang: str
    jurisdiction: str
    jurisdiction_id: str
    office: str
    hotline: str
    version: str  # "hash (git commit)"
    version_hash: str
    version_commit: str  # "" outside git
    generated: str  # the generation date, as printed
    generated_iso: str
    trace: str  # one line: [示例 ·] jurisdiction · version · date — every page's footer
    example: bool = False  # an example policy: covers and footers say 示例


@dataclass(frozen=True, slots=True)
class TierView:
    id: str
    name: str
    parent: str
    kind: str
    admin_level: str
    urban: str
    rural: str
    sizing_notes: tuple[str, ...]
    staffing: str
    difficulty: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class DutyView:
    id: str
    name: str
    actions: str
    matters: tuple[str, ...]
    description: str


@dataclass(frozen=True, slots=True)
class RoleView:
    id: str
    name: str
    category: str
    tier: str
    scope: str
    reports_to: str
    recruited_from: tuple[str, ...]
    functions: tuple[str, ...]
    constraints: tuple[str, ...]
    description: str
    duties: tuple[DutyView, ...]
    emergency_duties: tuple[DutyView, ...]
    report_only: tuple[str, ...]  # matters the role reports but may not handle
    supervises: tuple[str, ...]  # grid tiers it supervises ("one red line")
    href: str  # the duty card, relative to the site root
    # work-method prohibitions printed on the card: roles of protected (社区/村, grid) tiers
    prohibitions: tuple[ProhibitionView, ...] = ()
    # the exclusion list binds the role (社区/村 bodies, grids, cells): its card prints 不得承担
    bound_by_lists: bool = False
    # (matter, deadline) for the matters it handles: the figure the checklist prints too
    deadlines: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class MatterView:
    id: str
    name: str
    category: str
    handling_tier: str
    handling_level: str
    report_within: str
    close_within: str
    status: str
    excluded: bool
    departments: tuple[str, ...]
    description: str
    anchor: str
    # time limits (gridrules.route): the one printed figure and the steps behind it
    deadline: str = ""
    step_limits: str = ""
    direct: str = ""


@dataclass(frozen=True, slots=True)
class CategoryView:
    id: str
    name: str
    description: str
    matters: tuple[MatterView, ...]


@dataclass(frozen=True, slots=True)
class AdmissionView:
    """Admissions sharing approving body, basis and dates, printed as one row."""

    matters: tuple[str, ...]
    list: str
    approved_by: str
    basis: str
    effective: str
    expires: str
    temporary: bool
    note: str
    emergency: str = ""  # '' = admitted at all times; else while which plan ('仅在…启动期间')


@dataclass(frozen=True, slots=True)
class ExclusionView:
    matter: str
    reason: str
    basis: str


@dataclass(frozen=True, slots=True)
class ProhibitionView:
    """A work-method prohibition (工作方法负面清单): a rule, not a matter."""

    name: str
    text: str
    basis: str
    provenance: str


@dataclass(frozen=True, slots=True)
class FlowStep:
    """One level of the escalation flow, as the diagram and the tables show it."""

    id: str
    name: str
    tier: str
    handlers: tuple[str, ...]
    time_limit: str
    departments: tuple[str, ...]
    depth: int = 0  # tier depth: levels on sibling tiers (general, dedicated) share a row
    parent: str = ""  # id of the level a case goes to next (on this level's tier line)


@dataclass(frozen=True, slots=True)
class RoutingView:
    matters: tuple[str, ...]
    departments: tuple[str, ...]
    level: str


@dataclass(frozen=True, slots=True)
class LoopStepView:
    number: int
    name: str
    description: str
    time_limit: str


@dataclass(frozen=True, slots=True)
class WarningView:
    name: str
    meaning: str
    dispatch: str
    follow_up: str


@dataclass(frozen=True, slots=True)
class PartyOrgView:
    name: str
    tier: str
    members: str
    joint_units: str


@dataclass(frozen=True, slots=True)
class SupervisionView:
    tier: str
    role: str
    description: str


@dataclass(frozen=True, slots=True)
class CountView:
    name: str
    count: int


@dataclass(frozen=True, slots=True)
class Manual:
    description: str
    level: str
    character: str
    parents: tuple[str, ...]
    tiers: tuple[TierView, ...]
    roles: tuple[RoleView, ...]
    admitted: tuple[AdmissionView, ...]
    excluded: tuple[ExclusionView, ...]
    categories: tuple[CategoryView, ...]
    flow: tuple[FlowStep, ...]
    routing: tuple[RoutingView, ...]
    loop_name: str
    loop: tuple[LoopStepView, ...]
    warnings: tuple[WarningView, ...]
    party_orgs: tuple[PartyOrgView, ...]
    red_line: tuple[SupervisionView, ...]
    emergency: EmergencyView | None
    grid_counts: tuple[CountView, ...]
    worker_counts: tuple[CountView, ...]
    prohibitions: tuple[ProhibitionView, ...] = ()
    supervision_title: str = ""  # the policy's name for its supervision chain, else neutral
    admission_procedure: str = ""
    ceiling: str = ""  # the jurisdiction-wide time-limit ceiling, with its extension
    ceiling_source: str = ""


@dataclass(frozen=True, slots=True)
class CheckItem:
    name: str
    action: str
    report_within: str
    close_within: str
    deadline: str = ""  # the printed figure: close_within, else the route's deadline


@dataclass(frozen=True, slots=True)
class CheckGroup:
    category: str
    items: tuple[CheckItem, ...]


@dataclass(frozen=True, slots=True)
class Checklist:
    id: str
    role: str
    tier: str
    groups: tuple[CheckGroup, ...]
    href: str

    @property
    def size(self) -> int:
        return sum(len(g.items) for g in self.groups)


@dataclass(frozen=True, slots=True)
class PersonView:
    name: str
    roles: str
    phone: str


@dataclass(frozen=True, slots=True)
class ChannelView:
    level: str
    node: str
    contacts: tuple[PersonView, ...]  # at most CHANNEL_CONTACTS
    more: int  # contacts left out (a district centre may list dozens)
    time_limit: str


# A notice sheet names the two levels a report goes to first, two people each: enough
# for a resident, and it keeps each sheet on one page (a district prints thousands).
CHANNEL_LEVELS = 2
CHANNEL_CONTACTS = 2


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    name: str
    tier: str
    path: tuple[str, ...]  # ancestors' names, top first
    households: str
    area: str
    type: str
    boundary: str
    party_org: str
    workers: tuple[PersonView, ...]
    supervisors: tuple[PersonView, ...]
    channel: tuple[ChannelView, ...]
    href: str
    group_id: str  # its street or township: notice PDFs are printed per group
    group: str


@dataclass(frozen=True, slots=True)
class NoticeGroup:
    id: str
    name: str
    pdf: str  # its PDF, relative to the pdf/ folder
    notices: tuple[Notice, ...]


@dataclass(frozen=True, slots=True)
class SearchEntry:
    kind: str
    name: str
    detail: str
    keywords: str
    url: str


@dataclass(frozen=True, slots=True)
class Handbook:
    """Everything a set of templates may print."""

    meta: Meta
    L: dict[str, str]
    manual: Manual
    cards: tuple[RoleView, ...]
    checklists: tuple[Checklist, ...]
    notices: tuple[Notice, ...]
    search: tuple[SearchEntry, ...] = field(default=())

    @property
    def notice_groups(self) -> tuple[NoticeGroup, ...]:
        """Notice sheets by their street or township, in registry order."""
        groups: dict[str, list[Notice]] = {}
        for n in self.notices:
            groups.setdefault(n.group_id, []).append(n)
        return tuple(
            NoticeGroup(key, items[0].group, f"notices/{slug(key)}.pdf", tuple(items))
            for key, items in groups.items()
        )


# --- building ---------------------------------------------------------------

_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def slug(value: str) -> str:
    """A file-name-safe form of an id (grid ids come from CSV and may hold anything)."""
    cleaned = _UNSAFE.sub("_", value).strip(".") or "_"
    return cleaned if cleaned == value else f"{cleaned}-{abs(hash_text(value)) % 10**6:06d}"


def hash_text(value: str) -> int:
    # A stable hash (Python's hash() is salted per process; output must be deterministic).
    out = 0
    for char in value:
        out = (out * 131 + ord(char)) % (2**61 - 1)
    return out


def _limit(duration: Duration | None, lang: str) -> str:
    return duration.describe(lang) if duration is not None else ""


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def _long_date(day: dt.date, lang: str) -> str:
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


def build_meta(policy: Policy, version: PolicyVersion, generated: dt.date, lang: str) -> Meta:
    L = labels(lang)
    j = policy.jurisdiction
    name = j.names(lang)
    commit = version.commit[:10] + ("+dirty" if version.dirty else "") if version.commit else ""
    version_text = str(version)
    when = _long_date(generated, lang)
    colon = "：" if lang == "zh" else ": "
    example = j.settings.example
    trace = " · ".join(
        (
            *((L["example_mark"],) if example else ()),
            f"{L['jurisdiction']}{colon}{name}",
            f"{L['policy_version']}{colon}{version_text}",
            f"{L['generated']}{colon}{when}",
        )
    )
    return Meta(
        lang=lang,
        html_lang="zh-CN" if lang == "zh" else "en",
        jurisdiction=name,
        jurisdiction_id=j.id,
        office=j.settings.office,
        hotline=j.settings.supervision_hotline,
        version=version_text,
        version_hash=version.hash,
        version_commit=commit,
        generated=when,
        generated_iso=generated.isoformat(),
        trace=trace,
        example=example,
    )


class _Builder:
    """Shared lookups for one policy in one language."""

    def __init__(self, policy: Policy, lang: str, today: dt.date) -> None:
        self.p = policy
        self.lang = lang
        self.today = today
        self.L = labels(lang)
        self.sep = separator(lang)
        self._routes: dict[str, Route] = {}  # generic routes by matter, built on first use

    # names -----------------------------------------------------------------

    def tier(self, tier_id: str | None) -> str:
        if tier_id is None:
            return ""
        tier = self.p.tier_by_id.get(tier_id)
        return tier.names(self.lang) if tier else tier_id

    def role(self, role_id: str | None) -> str:
        if role_id is None:
            return ""
        role = self.p.role_by_id.get(role_id)
        return role.names(self.lang) if role else role_id

    def matter(self, matter_id: str) -> str:
        matter = self.p.matter_by_id.get(matter_id)
        return matter.names(self.lang) if matter else matter_id

    def category(self, category_id: str) -> str:
        category = self.p.category_by_id.get(category_id)
        return category.names(self.lang) if category else category_id

    def department(self, department_id: str) -> str:
        for dep in self.p.escalation.departments:
            if dep.id == department_id:
                return dep.names(self.lang)
        return department_id

    def level(self, level_id: str) -> str:
        for level in self.p.escalation.levels:
            if level.id == level_id:
                return level.names(self.lang)
        return level_id

    def actions(self, actions: Iterable[Action]) -> str:
        return self.sep.join(term("action", a.value, self.lang) for a in actions)

    def join(self, items: Iterable[str]) -> str:
        return self.sep.join(i for i in items if i)

    # admission -------------------------------------------------------------

    def admitted_now(self, matter_id: str) -> bool:
        if matter_id in self.p.excluded_matters:
            return False
        if not self.p.admissions:  # no admission system declared: everything not excluded
            return True
        return any(
            a.in_force(self.today) and a.mode is Mode.NORMAL  # emergency-only: not on patrol
            for a in self.p.admissions_by_matter.get(matter_id, ())
        )

    def status(self, matter_id: str) -> str:
        L = self.L
        if matter_id in self.p.excluded_matters:
            return L["status_excluded"]
        records = self.p.admissions_by_matter.get(matter_id, ())
        if not records:
            return L["status_admitted"] if not self.p.admissions else L["status_not_admitted"]
        current = [a for a in records if a.in_force(self.today)]
        if current and all(a.mode is Mode.EMERGENCY for a in current):
            return self.emergency_only(current[0])
        if current:
            temporary = [a for a in current if a.temporary and a.expires is not None]
            if temporary:
                return L["status_temporary"].format(date=_date(temporary[0].expires))
            return L["status_admitted"]
        future = [a for a in records if a.effective > self.today]
        if future:
            return L["status_pending"].format(date=_date(min(a.effective for a in future)))
        return L["status_expired"].format(
            date=_date(max(a.expires or a.effective for a in records))
        )

    def duty_matter(self, matter_id: str) -> str:
        """A matter's name in a duty list, tagged when it is admitted only in emergencies."""
        records = self.p.admissions_by_matter.get(matter_id, ())
        if records and all(a.mode is Mode.EMERGENCY for a in records):
            return self.matter(matter_id) + self.L["emergency_only_tag"]
        return self.matter(matter_id)

    def emergency_only(self, admission: Admission) -> str:
        """'' for a normal admission; else when it applies ('仅在…启动期间')."""
        if admission.mode is not Mode.EMERGENCY:
            return ""
        name = plan_name(self.p, admission.plan, self.lang)
        if name:
            return self.L["status_plan_only"].format(plan=name)
        return self.L["status_emergency_only"]

    # routes (the engine's gridrules.route owns the logic) -------------------

    def matter_route(self, matter_id: str) -> tuple[str, tuple[str, ...]]:
        """The level that handles a matter and the departments it is routed to."""
        r = self.generic_route(matter_id)
        level = next((s.names(self.lang) for s in r.steps if s.handles), "")
        return level, tuple(timing.department(d, self.lang) for d in r.departments)

    def generic_route(self, matter_id: str) -> Route:
        """The matter's generic route (no grid), computed once per builder."""
        if matter_id not in self._routes:
            self._routes[matter_id] = route(self.p, matter_id, None, people_at=lambda _node: ())
        return self._routes[matter_id]

    def deadline(self, matter_id: str) -> str:
        """The one figure printed for a matter (gridrules.route: Route.deadline)."""
        return timing.deadline(self.generic_route(matter_id), self.lang)


def build_handbook(
    policy: Policy,
    version: PolicyVersion,
    *,
    lang: str = "zh",
    generated: dt.date | None = None,
    roles: Sequence[str] = (),
    grids: Sequence[str] = (),
) -> Handbook:
    """The view data for a jurisdiction's handbook.

    `roles` limits the duty cards and checklists to those roles; `grids` limits
    the notice sheets to those grids and every grid below them. The manual
    always covers the whole jurisdiction.
    """
    today = generated or dt.date.today()
    b = _Builder(policy, lang, today)
    meta = build_meta(policy, version, today, lang)
    manual = _manual(b)
    wanted_roles = set(roles)
    cards = tuple(r for r in manual.roles if not wanted_roles or r.id in wanted_roles)
    checklists = tuple(c for c in _checklists(b) if not wanted_roles or c.id in wanted_roles)
    notices = _notices(b, grids)
    search = _search(manual)
    return Handbook(meta, b.L, manual, cards, checklists, notices, search)


# --- the manual ---------------------------------------------------------------


def _manual(b: _Builder) -> Manual:
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
                report_within=_limit(m.report_within, lang),
                close_within=_limit(m.close_within, lang),
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
        level=term("admin_level", j.level, lang),
        character=term("character", j.character, lang),
        parents=j.parents,
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
            LoopStepView(i, s.names(lang), s.description, _limit(s.time_limit, lang))
            for i, s in enumerate(p.escalation.loop, start=1)
        ),
        warnings=tuple(
            WarningView(
                w.names(lang),
                w.meaning,
                L["yes"] if w.dispatch else L["no"],
                b.join(f"{method} / {_limit(every, lang)}" for method, every in w.follow_up),
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
    )


def _prohibitions(b: _Builder) -> tuple[ProhibitionView, ...]:
    return tuple(
        ProhibitionView(x.names(b.lang), x.text, x.basis, x.provenance) for x in b.p.prohibitions
    )


def _bound_by_lists(p: Policy, role: Role) -> bool:
    """Roles the admission lists protect (社区/村 bodies, grids and cells) carry the
    work-method prohibitions on their cards; departments and centres above do not."""
    tier = p.tier_by_id.get(role.tier)
    return role.tier in p.protected_tiers or (tier is not None and tier.is_grid)


def _admissions(b: _Builder) -> tuple[AdmissionView, ...]:
    groups: dict[tuple[object, ...], list[Admission]] = {}
    for a in b.p.admissions:
        key = (a.list, a.approved_by, a.basis, a.effective, a.expires, a.temporary, a.note)
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
                effective=_date(a.effective),
                expires=_date(a.expires),
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


def _tier(b: _Builder, tier_id: str) -> TierView:
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
            difficulty.append(
                f"{L['difficulty']}（{L['weights']}：{weights}）"
                if lang == "zh"
                else f"{L['difficulty']} ({L['weights']}: {weights})"
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
        admin_level=term("admin_level", t.admin_level, lang) if t.admin_level else "",
        urban=urban,
        rural=rural,
        sizing_notes=tuple(notes),
        staffing=staffing,
        difficulty=tuple(difficulty),
        description=t.description,
    )


def _duty_views(
    b: _Builder, grants: Iterable[Grant], *, mark_emergency_only: bool = True
) -> tuple[DutyView, ...]:
    """Duties as printed; a matter admitted only during emergency plans says so."""
    name = b.duty_matter if mark_emergency_only else b.matter
    out: list[DutyView] = []
    for g in grants:
        out.append(
            DutyView(
                g.duty_id,
                g.names(b.lang),
                b.actions(g.actions),
                tuple(name(m) for m in b.p.grant_matters(g)),
                g.description,
            )
        )
    return tuple(out)


def _role(b: _Builder, r: Role) -> RoleView:
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
        + (f"（{term('area', c.area.value, lang)}）" if c.area else "")
        for c in r.constraints
    )
    return RoleView(
        id=r.id,
        name=r.names(lang),
        category=term("role_category", r.category, lang),
        tier=b.tier(r.tier),
        scope=term("scope", r.scope.value, lang),
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
        deadlines=tuple(
            (b.matter(m.id), limit)
            for m in p.matters
            if m.id in handled and m.id not in p.excluded_matters and (limit := b.deadline(m.id))
        ),
    )


def _emergency(b: _Builder) -> EmergencyView | None:
    e = b.p.emergency
    if e is None:
        return None
    grants = tuple(
        (b.role(g.role), d)
        for g, d in zip(e.grants, _duty_views(b, e.grants, mark_emergency_only=False), strict=True)
    )
    return build_emergency(b.p, b.lang, b.role, b.matter, b.level, grants)


def flow_steps(b: _Builder) -> tuple[FlowStep, ...]:
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
                time_limit=_limit(level.time_limit, b.lang),
                departments=tuple(d.names(b.lang) for d in esc.departments if d.level == level.id),
                depth=p.tier_depth.get(level.tier, 0),
                parent=parent,
            )
        )
    return tuple(steps)


# --- checklists ---------------------------------------------------------------

_PATROL = (Action.HANDLE, Action.REPORT, Action.ASSIST)


def _checklists(b: _Builder) -> tuple[Checklist, ...]:
    p, lang = b.p, b.lang
    out: list[Checklist] = []
    order = {m.id: i for i, m in enumerate(p.matters)}
    grants = p.grants(Mode.NORMAL)
    for role in sorted(p.roles, key=lambda r: p.tier_depth.get(r.tier, 0)):
        tier = p.tier_by_id.get(role.tier)
        if tier is None or not tier.is_grid:
            continue
        action_of: dict[str, Action] = {}
        for g in grants:
            if g.role != role.id:
                continue
            # the strongest action wins: handle > report > assist
            action = next((a for a in _PATROL if a in g.actions), None)
            if action is None:
                continue
            for matter_id in p.grant_matters(g):
                current = action_of.get(matter_id)
                if current is None or _PATROL.index(action) < _PATROL.index(current):
                    action_of[matter_id] = action
        items = [m for m in action_of if m in p.matter_by_id and b.admitted_now(m)]
        if not items:
            continue
        groups: dict[str, list[CheckItem]] = {}
        for matter_id in sorted(items, key=order.__getitem__):
            m = p.matter_by_id[matter_id]
            groups.setdefault(m.category, []).append(
                CheckItem(
                    m.names(lang),
                    term("action", action_of[matter_id].value, lang),
                    _limit(m.report_within, lang),
                    _limit(m.close_within, lang),
                    b.deadline(m.id),
                )
            )
        ordered = [c.id for c in p.categories if c.id in groups] + [
            c for c in groups if c not in p.category_by_id
        ]
        out.append(
            Checklist(
                id=role.id,
                role=role.names(lang),
                tier=tier.names(lang),
                groups=tuple(CheckGroup(b.category(c), tuple(groups[c])) for c in ordered),
                href=f"checklists/{slug(role.id)}.html",
            )
        )
    return tuple(out)


# --- notice sheets ------------------------------------------------------------


def select_grids(policy: Policy, roots: Sequence[str]) -> list[Grid]:
    """Grids with a grid tier, limited to the subtrees of `roots` when given."""
    tiers = grid_tiers(policy)
    candidates = [g for g in policy.grids if g.tier in tiers]
    if not roots:
        return candidates
    wanted = set(roots)
    return [
        g
        for g in candidates
        if g.id in wanted or any(a.id in wanted for a in _ancestors(policy, g))
    ]


def _ancestors(policy: Policy, grid: Grid) -> list[Grid]:
    """Parents of a grid, nearest first (cycles are validation errors; stop on one anyway)."""
    out: list[Grid] = []
    seen = {grid.id}
    current = policy.grid_by_id.get(grid.parent) if grid.parent else None
    while current is not None and current.id not in seen:
        out.append(current)
        seen.add(current.id)
        current = policy.grid_by_id.get(current.parent) if current.parent else None
    return out


_GROUP_LEVELS = ("street", "township")


def _print_group(policy: Policy, chain: list[Grid]) -> Grid:
    """The registry node whose notice sheets print together: the street or township above
    the grid, else the node above its top grid, else the top grid itself."""
    for node in chain:
        tier = policy.tier_by_id.get(node.tier)
        if tier is not None and tier.admin_level in _GROUP_LEVELS:
            return node
    tops = [i for i, n in enumerate(chain) if n.tier in grid_tiers(policy)]
    top = tops[-1] if tops else 0
    return chain[top + 1] if top + 1 < len(chain) else chain[top]


def _notices(b: _Builder, roots: Sequence[str]) -> tuple[Notice, ...]:
    p, lang, sep = b.p, b.lang, b.sep
    grids = select_grids(p, roots)
    if not grids:
        return ()
    on_grid = workers_by_grid(p)
    supervisor_role = {s.tier: s.role for s in p.party.supervision}
    # The chain of levels, nodes and people above a grid does not depend on the
    # matter; any matter asks the engine for it.
    any_matter = p.matters[0].id if p.matters else None

    def people_at(node_id: str) -> tuple[Worker, ...]:
        return on_grid.get(node_id, ())

    def person(w: Worker, only: set[str] | None = None) -> PersonView:
        shown = [r for r in w.roles if only is None or r in only]
        return PersonView(w.name, sep.join(b.role(r) for r in shown), w.phone)

    # The levels above a grid's own tier, and their nodes, follow from its tier and its
    # parent alone: the sibling grids of a community share one channel.
    channels: dict[tuple[str, str | None], tuple[ChannelView, ...]] = {}

    def channel_of(g: Grid) -> tuple[ChannelView, ...]:
        """Where to report: the levels of the grid's escalation chain above its own."""
        key = (g.tier, g.parent)
        if key in channels:
            return channels[key]
        channel: list[ChannelView] = []
        steps = (
            route(p, any_matter, g.id, people_at=people_at).steps if any_matter is not None else ()
        )
        for step in steps:
            if step.tier == g.tier:
                continue
            if len(channel) == CHANNEL_LEVELS:
                break
            handlers = {h.id for h in step.handlers}
            people = [p.worker_by_id[x.id] for x in step.people if x.id in p.worker_by_id]
            channel.append(
                ChannelView(
                    step.names(lang),
                    step.node.names(lang) if step.node is not None else "",
                    tuple(person(w, handlers) for w in people[:CHANNEL_CONTACTS]),
                    max(0, len(people) - CHANNEL_CONTACTS),
                    _limit(step.time_limit, lang),
                )
            )
        channels[key] = tuple(channel)
        return channels[key]

    out: list[Notice] = []
    for g in grids:
        ancestors = _ancestors(p, g)
        chain = [g, *ancestors]
        # party supervisors: holders of the supervising role on this grid or the nearest above
        supervisors: list[PersonView] = []
        role_id = supervisor_role.get(g.tier)
        if role_id is not None:
            for node in chain:
                found = [w for w in on_grid.get(node.id, ()) if role_id in w.roles]
                if found:
                    supervisors = [person(w, {role_id}) for w in found]
                    break
        group = _print_group(p, chain)
        out.append(
            Notice(
                id=g.id,
                name=g.name,
                tier=b.tier(g.tier),
                path=tuple(n.name for n in reversed(ancestors)),
                households=str(g.households) if g.households is not None else "",
                area=term("area", g.area.value, lang),
                type=term("grid_type", g.type, lang),
                boundary=g.boundary,
                party_org=g.party_org,
                workers=tuple(person(w) for w in on_grid.get(g.id, ())),
                supervisors=tuple(supervisors),
                channel=channel_of(g),
                href=f"notices/{slug(g.id)}.html",
                group_id=group.id,
                group=group.name,
            )
        )
    return tuple(out)


# --- search -------------------------------------------------------------------


def _search(manual: Manual) -> tuple[SearchEntry, ...]:
    entries: list[SearchEntry] = []
    for category in manual.categories:
        for m in category.matters:
            entries.append(
                SearchEntry(
                    "matter",
                    m.name,
                    f"{category.name} · {m.handling_tier}",
                    f"{m.id} {m.description}",
                    f"manual.html#{m.anchor}",
                )
            )
    for r in manual.roles:
        entries.append(SearchEntry("role", r.name, r.tier, f"{r.id} {r.description}", r.href))
    return tuple(entries)
