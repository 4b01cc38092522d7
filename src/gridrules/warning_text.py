"""Warning levels in words (盐池红黄绿预警): what raises them, the task, follow-up.

Shared by `gridrules route` (the warnings a matter raises) and the handbook chapter.
"""

from __future__ import annotations

from collections.abc import Callable

from gridrules.model import WarningLevel

METHODS = {"phone": ("电话回访", "phone call"), "visit": ("入户走访", "home visit")}


def warning_lines(
    warnings: tuple[WarningLevel, ...],
    lang: str,
    level_name: Callable[[str], str] = lambda x: x,
    department_name: Callable[[str], str] = lambda x: x,
) -> list[str]:
    """Indented lines: one head per warning level, then its task and follow-up."""

    def w(zh: str, en: str) -> str:
        return en if lang == "en" else zh

    sep = w("；", "; ")
    comma = w("、", ", ")
    out: list[str] = []
    for level in warnings:
        out.append(f"  {w('预警', 'warning')} {level.names(lang)}: {level.meaning}")
        task = level.task
        if task is not None:
            parts = [f"{w('派发任务', 'dispatched task')} {task.names(lang)}"]
            if task.dispatched_by:
                parts.append(f"{w('派发', 'from')} {level_name(task.dispatched_by)}")
            parts.append(f"{w('派往', 'to')} {comma.join(level_name(x) for x in task.to)}")
            if task.departments:
                parts.append(
                    f"{w('协调部门', 'with')} {comma.join(department_name(x) for x in task.departments)}"
                )
            if task.within is not None:
                example = w("（示例假设）", " (assumed example)") if task.within_is_example else ""
                parts.append(f"{w('期限', 'within')} {task.within.describe(lang)}{example}")
            else:
                parts.append(w("期限：未规定", "no deadline set"))
            out.append("    " + sep.join(parts))
        if level.follow_up:
            follow = comma.join(
                f"{w(*METHODS.get(m, (m, m)))} {w('每', 'every')} {d.describe(lang)}"
                for m, d in level.follow_up
            )
            out.append(f"    {w('跟进', 'follow-up')}: {follow}")
    return out
