"""Warning levels in words (盐池红黄绿预警): what raises them, the task, follow-up.

Shared by `gridrules route` (the warnings a matter raises) and the handbook chapter.
"""

from __future__ import annotations

from collections.abc import Callable

from gridrules.catalogue import msg, term
from gridrules.model import WarningLevel

METHODS = {m: term(f"core.warnings.method.{m}") for m in ("phone", "visit")}


def warning_lines(
    warnings: tuple[WarningLevel, ...],
    lang: str,
    level_name: Callable[[str], str] = lambda x: x,
    department_name: Callable[[str], str] = lambda x: x,
) -> list[str]:
    """Indented lines: one head per warning level, then its task and follow-up."""
    sep = msg("core.semicolon")(lang)
    comma = msg("core.comma")(lang)
    out: list[str] = []
    for level in warnings:
        head = msg("core.warnings.head", level=level.names(lang), meaning=level.meaning)
        out.append("  " + head(lang))
        task = level.task
        if task is not None:
            parts = [msg("core.warnings.task", task=task.names(lang))]
            if task.dispatched_by:
                parts.append(
                    msg("core.warnings.dispatched_by", level=level_name(task.dispatched_by))
                )
            parts.append(msg("core.warnings.to", levels=comma.join(map(level_name, task.to))))
            if task.departments:
                names = comma.join(map(department_name, task.departments))
                parts.append(msg("core.warnings.departments", departments=names))
            if task.within is not None:
                example = msg("core.warnings.example") if task.within_is_example else ""
                parts.append(
                    msg("core.warnings.within", limit=task.within.describe(lang), example=example)
                )
            else:
                parts.append(msg("core.warnings.no_deadline"))
            out.append("    " + sep.join(part(lang) for part in parts))
        if level.follow_up:
            follow = comma.join(
                msg("core.warnings.every", method=METHODS.get(m, (m, m)), every=d.describe(lang))(
                    lang
                )
                for m, d in level.follow_up
            )
            out.append("    " + msg("core.warnings.follow_up", items=follow)(lang))
    return out
