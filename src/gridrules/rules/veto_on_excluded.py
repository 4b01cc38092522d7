"""A one-vote veto stays only on admitted work, never on an excluded matter.

Jianggan (004) 严控“一票否决”事项: a department may not fail a community's whole
assessment on one item unless the district approved it. A veto item in force in
registers.yaml on a matter the admission document excludes makes the community
answerable for work it may not be given: an error at the item's matter.

严控“一票否决”：registers.yaml 中仍保留（in_force）的一票否决事项，若对应排除事项，即让社区
为不得承担的工作负责，在其 matter 处报错。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.registers_common import REGISTERS_BASE

_ENTRY = """\
veto:
  - {id: investment_target, name: 招商引资任务考核, matter: investment_promotion, department_name: 示例区商务局, status: {status}}
"""

RULE = Rule(
    "GR861",
    "veto-on-excluded",
    Level.ERROR,
    Text("一票否决事项考核的是排除事项", "one-vote veto on an excluded matter"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("{status}", "cancelled")},
        failing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("{status}", "in_force")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if p.registers is None:
        return
    for item in p.registers.veto:
        if not item.in_force or item.matter is None:
            continue
        exclusion = p.excluded_matters.get(item.matter)
        if exclusion is None:
            continue
        yield problem_at(
            RULE,
            item.origin,
            "matter",
            message=Text(
                f"一票否决事项 {item.id}（{item.names.zh}）考核排除事项 {item.matter}：{exclusion.reason}",
                f"one-vote-veto item '{item.id}' assesses excluded matter '{item.matter}': "
                f"{exclusion.reason}",
            ),
            value=item.matter,
            hint=Text(
                "取消该一票否决事项（status: cancelled）", "cancel the veto (status: cancelled)"
            ),
        )
