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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml


def _escalation(by: str) -> str:
    return escalation_yaml(
        "warnings:\n  - id: red\n    name: 红色预警\n    meaning: 存在重大风险\n    dispatch: true\n"
        f"    task: {{name: 帮扶整改任务, dispatched_by: {by}, to: [community_centre, grid]}}\n"
    )


RULE = Rule(
    "GR864",
    "warning-task",
    Level.ERROR,
    Text(
        "预警级别的派发任务缺失或方向不对", "warning level's dispatched task missing or misdirected"
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"escalation.yaml": _escalation("street_centre")},
        failing={"escalation.yaml": _escalation("grid")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    esc = ctx.policy.escalation
    index = {lv.id: k for k, lv in enumerate(esc.levels)}
    for w in esc.warnings:
        if w.dispatch and w.task is None:
            yield problem_at(
                RULE,
                w.origin,
                "dispatch",
                message=Text(
                    f"预警级别 {w.id}（{w.names.zh}）派发任务，却没有写明 task",
                    f"warning level '{w.id}' dispatches work but names no task",
                ),
                value=True,
                hint=Text(
                    "写明任务、接收层级和期限", "name the task, where it goes and its deadline"
                ),
            )
            continue
        if not w.dispatch and w.task is not None:
            yield problem_at(
                RULE,
                w.origin,
                "dispatch",
                message=Text(
                    f"预警级别 {w.id}（{w.names.zh}）写了 task，却标为不派发（dispatch: false）",
                    f"warning level '{w.id}' has a task but dispatch: false",
                ),
                value=False,
            )
            continue
        task = w.task
        if task is None or task.dispatched_by not in index:
            continue  # no dispatcher named, or an unknown one (GR201)
        top = index[task.dispatched_by]
        for k, level in enumerate(task.to):
            if level in index and index[level] >= top:
                yield problem_at(
                    RULE,
                    task.origin,
                    "to",
                    k,
                    message=Text(
                        f"预警 {w.id} 的任务由 {task.dispatched_by} 派发，却派给同级或更高的 {level}",
                        f"warning '{w.id}': the task is dispatched by '{task.dispatched_by}' to "
                        f"'{level}', which is not below it",
                    ),
                    value=level,
                    hint=Text("派发给下级处置层级", "send it to a lower level"),
                )
