"""Time limits as handbooks print them: one deadline per matter, and the steps behind it.

Everything comes from `gridrules.route` (docs/decisions.md "Time limits 时限"):
the printed deadline is `Route.deadline` — the matter's close_within, else the
cumulative deadline at its handling step — so the checklist, the manual, the
duty cards and `gridrules route` print the same figure.
"""

from __future__ import annotations

from gridrules.model import Duration, Policy
from gridrules.route import Assigned, Route


def _limit(d: Duration | None, lang: str) -> str:
    return d.describe(lang) if d is not None else ""


def resident_within(d: Duration | None, lang: str) -> str:
    """A limit as a posted sheet says it to residents: "3日内", "2小时内", "within 3 days".

    The model counts calendar days, so it never says 工作日 (working days)."""
    if d is None:
        return ""
    if lang != "zh":
        return f"within {d.describe(lang)}"
    return d.describe(lang).replace("天", "日") + "内"


def deadline(route: Route, lang: str) -> str:
    """The one figure printed for the matter."""
    return _limit(route.deadline, lang)


def step_limits(route: Route, lang: str) -> str:
    """'微网格 2小时 → 一般网格 20小时（累计 22小时）': the steps through the handling one."""
    parts: list[str] = []
    last: Duration | None = None
    for step in route.steps:
        if not step.counted:
            continue
        name = step.names(lang)
        if step.stage == "direct":
            name = f"直报{name}" if lang == "zh" else f"direct report to {name}"
        parts.append(f"{name} {_limit(step.time_limit, lang) or '—'}")
        last = step.cumulative
        if step.handles:
            break
    if not parts or route.handling_level is None:
        return ""
    text = " → ".join(parts)
    if last is None:
        return text
    total = last.describe(lang)
    return f"{text}（累计 {total}）" if lang == "zh" else f"{text} (cumulative {total})"


def direct(route: Route, lang: str) -> str:
    """'越级直报镇（街道）中心：30分钟内，书面 2小时内' or ''."""
    d = route.direct
    if d is None:
        return ""
    target = next((s.names(lang) for s in route.steps if s.stage == "direct"), d.level)
    written = d.written_within
    if lang == "zh":
        text = f"越级直报{target}：{d.within.describe('zh')}内"
        return text + (f"，书面 {written.describe('zh')}内" if written else "")
    text = f"report directly to {target} within {d.within.describe('en')}"
    return text + (f", in writing within {written.describe('en')}" if written else "")


def department(d: Assigned, lang: str) -> str:
    """A department's name with its part: '区商务局（配合）'."""
    words = {"lead": ("牵头", "lead"), "assist": ("配合", "assists")}
    name = d.names(lang) or d.id
    if d.part not in words:
        return name
    zh, en = words[d.part]
    return f"{name}（{zh}）" if lang == "zh" else f"{name} ({en})"


def ceiling(policy: Policy, lang: str) -> str:
    """'15天（确需延长的，须经审批）' or ''."""
    c = policy.jurisdiction.settings.time_limit_ceiling
    if c is None:
        return ""
    text = c.limit.describe(lang)
    if c.extension:
        text += f"（{c.extension}）" if lang == "zh" else f" ({c.extension})"
    return text


def ceiling_source(policy: Policy) -> str:
    c = policy.jurisdiction.settings.time_limit_ceiling
    return c.source if c is not None else ""
