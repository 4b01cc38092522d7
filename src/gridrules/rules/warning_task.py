"""A warning that dispatches work says what task goes where, top down.

Yanchi (004): after a red or yellow warning the county platform management centre first
dispatches tasks to the townships and administrative villages concerned and brings in
the related departments; green means all is well. A warning level with `dispatch: true`
needs a `task`; one with `dispatch: false` has none; the task is dispatched by a level
above every level it is sent to (escalation levels run bottom to top). Reported at the
warning's `dispatch` or the task's field.

盐池红黄绿预警：红、黄色预警由县级平台向相关乡镇、行政村派发任务并协调行业部门。
dispatch: true 的预警级别须写明 task；dispatch: false 的不应有 task；派发层级须高于接收层级。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml


def _escalation(by: str) -> str:
    return escalation_yaml(
        "warnings:\n  - id: red\n    name: 红色预警\n    meaning: 存在重大风险\n    dispatch: true\n"
        f"    task: {{name: 帮扶整改任务, dispatched_by: {by}, to: [community_centre, grid]}}\n"
    )


EXAMPLES = Examples.of("escalation.yaml", _escalation("street_centre"), _escalation("grid"))
RULE = Rule("GR864", "warning-task", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    esc = ctx.policy.escalation
    index = {lv.id: k for k, lv in enumerate(esc.levels)}
    for w in esc.warnings:
        if w.dispatch and w.task is None:
            yield problem_at(RULE, w.origin, "dispatch", part="no_task", value=True, warning=w)
        elif not w.dispatch and w.task is not None:
            yield problem_at(
                RULE, w.origin, "dispatch", part="not_dispatched", value=False, warning=w
            )
        elif w.task is not None:
            task = w.task
            top = index.get(task.dispatched_by or "")  # None: unknown dispatcher (GR201)
            for k, level in enumerate(task.to):
                if top is not None and level in index and index[level] >= top:
                    words: dict[str, Any] = {
                        "warning": w.id,
                        "by": task.dispatched_by,
                        "level": level,
                    }
                    yield problem_at(RULE, task.origin, "to", k, part="to", value=level, **words)
