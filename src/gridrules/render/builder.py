"""Shared lookups for building view data: names, admission status, routes, the page meta."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from gridrules.catalogue import msg
from gridrules.lang import separator
from gridrules.model import Action, Admission, Mode, Policy
from gridrules.render import timing
from gridrules.render.emergency import plan_name
from gridrules.render.labels import coded, labels
from gridrules.render.views import Meta
from gridrules.route import Route, route
from gridrules.version import PolicyVersion


def date_text(day: dt.date | None) -> str:
    return day.isoformat() if day is not None else ""


def long_date(day: dt.date, lang: str) -> str:
    """'2026年3月1日' in Chinese, ISO in English."""
    return msg(
        "render.date.long",
        year=(str(day.year), f"{day.year:04d}"),
        month=(str(day.month), f"{day.month:02d}"),
        day=(str(day.day), f"{day.day:02d}"),
    )(lang)


def build_meta(policy: Policy, version: PolicyVersion, generated: dt.date, lang: str) -> Meta:
    L = labels(lang)
    j = policy.jurisdiction
    name = j.names(lang)
    commit = version.commit[:10] + ("+dirty" if version.dirty else "") if version.commit else ""
    version_text = str(version)
    when = long_date(generated, lang)
    colon = msg("render.punct.colon")(lang)
    example = j.settings.example

    def trace(version_shown: str, *rest: str) -> str:
        """[示例 ·] jurisdiction · version · …: what a footer says about its source."""
        return " · ".join(
            (
                *((L["example_mark"],) if example else ()),
                f"{L['jurisdiction']}{colon}{name}",
                f"{L['policy_version']}{colon}{version_shown}",
                *rest,
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
        trace=trace(version_text, f"{L['generated']}{colon}{when}"),
        example=example,
        edition=j.settings.handbook.edition,
        issuing_number=j.settings.handbook.issuing_number,
        issuer=j.settings.handbook.office or j.settings.office,
        short_trace=trace(version.hash[:8], when),
    )


class Builder:
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
        return self.sep.join(coded("action", a.value, self.lang) for a in actions)

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
                return L["status_temporary"].format(date=date_text(temporary[0].expires))
            return L["status_admitted"]
        future = [a for a in records if a.effective > self.today]
        if future:
            return L["status_pending"].format(date=date_text(min(a.effective for a in future)))
        return L["status_expired"].format(
            date=date_text(max(a.expires or a.effective for a in records))
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
