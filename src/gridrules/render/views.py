"""The view records: frozen, already localised strings, all a template ever sees."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from gridrules.render.emergency import EmergencyView

if TYPE_CHECKING:
    from gridrules.render.burden_view import BurdenView
    from gridrules.render.workload_view import WorkloadView


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
    # the cover (settings.handbook in jurisdiction.yaml; blank when absent)
    edition: str = ""  # "2026年版"
    issuing_number: str = ""  # "武社治发〔2026〕1号"
    issuer: str = ""  # the issuing office the seal belongs to
    short_trace: str = ""  # a posted sheet's small print: jurisdiction · version


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
    # a long list (more than GROUP_OVER matters) printed by category: (category, matters)
    groups: tuple[tuple[str, tuple[str, ...]], ...] = ()


GROUP_OVER = 12  # a duty covering more matters than this prints them grouped by category


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
    # the escalation levels from the role's own tier up, with each level's time limit
    escalation: tuple[tuple[str, str], ...] = ()


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
    burden: BurdenView | None = None  # registers, warning tasks, party rules, grid codes
    workload: WorkloadView | None = None  # hours a month by role and grid (duty schedules)
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
    within: str = ""  # the limit as residents read it: "3日内"


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


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


def slug(value: str) -> str:
    """A file-name-safe form of an id, injective: see gridrules.names.slug."""
    from gridrules.names import slug as injective_slug

    return injective_slug(value)


def hash_text(value: str) -> int:
    # A stable hash (Python's hash() is salted per process; output must be deterministic).
    out = 0
    for char in value:
        out = (out * 131 + ord(char)) % (2**61 - 1)
    return out
