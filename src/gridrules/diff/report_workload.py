"""The workload section of the text and Markdown diff reports (hours a month per role)."""

from __future__ import annotations

from gridrules.catalogue import msg
from gridrules.diff.compare import DiffReport
from gridrules.diff.workload import sentence


def workload_lines(r: DiffReport, lang: str, bullet: str = "  ") -> list[str]:
    """'admitting matter X adds 3.2 h/month for each of 2,741 full-time workers', per schedule,
    then each role's mean before → after; nothing when the workload did not change."""
    d = r.workload
    if d is None or d.empty:
        return []
    out = ["", msg("diff.workload.heading")(lang)]
    for s in d.schedules:
        role = r.label("role", s.role, lang)
        matters = [r.label("matter", m, lang) for m in s.matters]
        out.append(
            f"{bullet}{'+' if s.per_worker >= 0 else '-'} {sentence(s, role, matters, lang)}"
        )
    for b in d.roles:
        role = r.label("role", b.role, lang)
        sign = "+" if b.delta >= 0 else ""
        out.append(
            f"{bullet}~ {role}: {b.before:.1f} → {b.after:.1f} h ({sign}{b.delta:.1f}), "
            + msg("diff.workload.workers", n=f"{b.workers:,}")(lang)
        )
    total = msg("diff.workload.total", total=f"{'+' if d.total >= 0 else ''}{d.total:,.1f}")
    assumed = msg("diff.workload.total_assumed") if any(s.assumed for s in d.schedules) else None
    out.append(f"{bullet}{total(lang)}{assumed(lang) if assumed else ''}")
    return out
