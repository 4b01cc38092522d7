"""Policy → view data: frozen records of plain, already localised strings.

Templates only ever see what this package builds. They never call into the
model, so a jurisdiction's own (sandboxed) templates can reach nothing but
these strings, and a string from the policy is always data: `{{ 7*7 }}` in a
matter's name prints as written.

The rooms: `views` (the records), `builder` (names, status, routes, page
meta), `manual` (the operating manual), `sheets` (checklists, notice sheets,
search) and `text` (Chinese text: every string goes through `text.tidy`).
This module assembles them and re-exports the records.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from gridrules.model import Policy
from gridrules.render.builder import Builder, build_meta
from gridrules.render.manual import build_manual, flow_steps
from gridrules.render.sheets import build_checklists, build_notices, build_search, select_grids
from gridrules.render.text import Tidy
from gridrules.render.views import (
    CHANNEL_CONTACTS,
    CHANNEL_LEVELS,
    AdmissionView,
    CategoryView,
    ChannelView,
    CheckGroup,
    CheckItem,
    Checklist,
    CountView,
    DutyView,
    ExclusionView,
    FlowStep,
    Handbook,
    LoopStepView,
    Manual,
    MatterView,
    Meta,
    Notice,
    NoticeGroup,
    PartyOrgView,
    PersonView,
    ProhibitionView,
    RoleView,
    RoutingView,
    SearchEntry,
    SupervisionView,
    TierView,
    WarningView,
    hash_text,
    slug,
)
from gridrules.version import PolicyVersion


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
    b = Builder(policy, lang, today)
    meta = build_meta(policy, version, today, lang)
    tidy = Tidy(display_names(policy, lang), words=lang == "zh")
    manual = tidy(build_manual(b))
    wanted_roles = set(roles)
    cards = tuple(r for r in manual.roles if not wanted_roles or r.id in wanted_roles)
    checklists = tuple(c for c in build_checklists(b) if not wanted_roles or c.id in wanted_roles)
    notices = build_notices(b, grids)
    notices = tidy(notices)
    search = build_search(manual, notices)
    return Handbook(meta, b.L, manual, cards, tidy(checklists), notices, search)


def display_names(policy: Policy, lang: str) -> dict[str, str]:
    """Every id a policy's text may mention, with the name to print instead."""
    j = policy.jurisdiction
    out = {p: n(lang) for p, n in zip(j.parents, j.parent_names, strict=False)}
    out[j.id] = j.names(lang)
    for group in (policy.tiers, policy.categories, policy.matters, policy.roles):
        out.update({x.id: x.names(lang) for x in group})
    return out


__all__ = [
    "CHANNEL_CONTACTS",
    "CHANNEL_LEVELS",
    "AdmissionView",
    "CategoryView",
    "ChannelView",
    "CheckGroup",
    "CheckItem",
    "Checklist",
    "CountView",
    "DutyView",
    "ExclusionView",
    "FlowStep",
    "Handbook",
    "LoopStepView",
    "Manual",
    "MatterView",
    "Meta",
    "Notice",
    "NoticeGroup",
    "PartyOrgView",
    "PersonView",
    "ProhibitionView",
    "RoleView",
    "RoutingView",
    "SearchEntry",
    "SupervisionView",
    "TierView",
    "WarningView",
    "build_handbook",
    "flow_steps",
    "hash_text",
    "select_grids",
    "slug",
]
