"""Time limits as handbooks print them: one deadline per matter, and the steps behind it.

Everything comes from `gridrules.route` (docs/decisions.md "Time limits 时限"):
the printed deadline is `Route.deadline` — the matter's close_within, else the
cumulative deadline at its handling step — so the checklist, the manual, the
duty cards and `gridrules route` print the same figure.
"""

from __future__ import annotations

from gridrules.catalogue import msg, section
from gridrules.model import Duration, Policy
from gridrules.route import Assigned, Route


def limit_text(d: Duration | None, lang: str) -> str:
    """A time limit in words ("3天", "3 days"); "" when there is none."""
    return d.describe(lang) if d is not None else ""


def _both(d: Duration) -> tuple[str, str]:
    """A limit in both languages, as a catalogue parameter."""
    return d.describe("zh"), d.describe("en")


def resident_within(d: Duration | None, lang: str) -> str:
    """A limit as a posted sheet says it to residents: "3日内", "2小时内", "within 3 days".

    The model counts calendar days, so it never says 工作日 (working days)."""
    if d is None:
        return ""
    zh, en = _both(d)
    return msg("render.timing.resident_within", limit=(zh.replace("天", "日"), en))(lang)


def deadline(route: Route, lang: str) -> str:
    """The one figure printed for the matter."""
    return limit_text(route.deadline, lang)


def step_limits(route: Route, lang: str) -> str:
    """'微网格 2小时 → 一般网格 20小时（累计 22小时）': the steps through the handling one."""
    parts: list[str] = []
    last: Duration | None = None
    for step in route.steps:
        if not step.counted:
            continue
        name = step.names(lang)
        if step.stage == "direct":
            name = msg("render.timing.direct_step", name=name)(lang)
        parts.append(f"{name} {limit_text(step.time_limit, lang) or '—'}")
        last = step.cumulative
        if step.handles:
            break
    if not parts or route.handling_level is None:
        return ""
    text = " → ".join(parts)
    if last is None:
        return text
    return msg("render.timing.cumulative", steps=text, total=last.describe(lang))(lang)


def direct(route: Route, lang: str) -> str:
    """'越级直报镇（街道）中心：30分钟内，书面 2小时内' or ''."""
    d = route.direct
    if d is None:
        return ""
    target = next((s.names(lang) for s in route.steps if s.stage == "direct"), d.level)
    written = d.written_within
    text = msg("render.timing.direct", target=target, within=_both(d.within))(lang)
    if written is None:
        return text
    return text + msg("render.timing.direct_written", within=_both(written))(lang)


def department(d: Assigned, lang: str) -> str:
    """A department's name with its part: '区商务局（配合）'."""
    name = d.names(lang) or d.id
    part = section("render.timing.part").get(d.part) if d.part else None
    if part is None:
        return name
    return msg("render.punct.aside", main=name, aside=(part["zh"], part["en"]))(lang)


def ceiling(policy: Policy, lang: str) -> str:
    """'15天（确需延长的，须经审批）' or ''."""
    c = policy.jurisdiction.settings.time_limit_ceiling
    if c is None:
        return ""
    text = c.limit.describe(lang)
    if not c.extension:
        return text
    return msg("render.punct.aside", main=text, aside=c.extension)(lang)


def ceiling_source(policy: Policy) -> str:
    c = policy.jurisdiction.settings.time_limit_ceiling
    return c.source if c is not None else ""
