"""The burden-reduction register agrees with the admission document.

An entry marked `admitted` needs an admission of its matter (in force on or after the
day it was logged); an entry on an excluded matter may be withdrawn or resolved, but
not left open or marked admitted — the matter may never be pushed down. Reported at
the entry's status.

挂账记录须与准入文件一致：标为 admitted（已转准入）的须有该事项的准入；排除事项只能退回或
销号，不得仍挂账或标为已准入。在 status 处报告。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.registers_common import REGISTERS_BASE

_ENTRY = """\
pushed_down:
  - {id: investment_task, name: 招商引资任务下派社区, matter: investment_promotion, department_name: 示例区商务局, logged: "2024-03-01", status: {status}, resolution: 已退回}
"""

RULE = Rule(
    "GR862",
    "register-contradiction",
    Level.ERROR,
    Text("挂账记录与准入、排除清单矛盾", "register entry contradicts the admission lists"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("{status}", "withdrawn")},
        failing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("{status}", "admitted")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if p.registers is None:
        return
    for item in p.registers.pushed_down:
        if item.matter is None or item.status not in ("open", "admitted"):
            continue
        exclusion = p.excluded_matters.get(item.matter)
        if exclusion is not None:
            yield problem_at(
                RULE,
                item.origin,
                "status",
                message=Text(
                    f"挂账事项 {item.id} 对应排除事项 {item.matter}（{exclusion.reason}），"
                    f"不能为 {item.status}",
                    f"register entry '{item.id}' is on excluded matter '{item.matter}' "
                    f"({exclusion.reason}): it cannot be {item.status}",
                ),
                value=item.status,
                hint=Text("退回下派部门（withdrawn）", "send it back (withdrawn)"),
            )
            continue
        if item.status != "admitted":
            continue
        admissions = p.admissions_by_matter.get(item.matter, ())
        if any(a.expires is None or a.expires >= item.logged for a in admissions):
            continue
        yield problem_at(
            RULE,
            item.origin,
            "status",
            message=Text(
                f"挂账事项 {item.id} 标为已转准入，但准入文件中没有 {item.matter} 的有效准入",
                f"register entry '{item.id}' is marked admitted, but the admission document has "
                f"no admission of '{item.matter}' from {item.logged} on",
            ),
            value=item.status,
            hint=Text(
                "在 admission.yaml 中补上准入，或改正状态",
                "add the admission, or correct the status",
            ),
        )
