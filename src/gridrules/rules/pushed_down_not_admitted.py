"""Work on the burden-reduction register that is still open was pushed down unadmitted.

Jianggan's 基层减负挂账清单制度 (004): work a department pushes down to a community
without admission is logged on the register until it is withdrawn, admitted through the
procedure, or otherwise resolved (销号). An `open` entry in registers.yaml whose matter
has no admission in force today, or that names no matter of the policy, is flagged at
its status, so every open entry stays visible until it is settled. An open entry on an
excluded matter is GR862's.

减负挂账：registers.yaml 中仍为 open 的挂账事项，若没有今天有效的准入（或未对应本政策事项），
在其 status 处提示，直至退回、转入准入或销号。排除事项的挂账由 GR862 报告。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.registers_common import REGISTERS_BASE, admitted_on

_ENTRY = """\
pushed_down:
  - {id: rental_forms, name: 出租房屋重复填报表格, matter: {matter}, department_name: 示例区住建局, logged: "2024-03-01", status: open}
"""

RULE = Rule(
    "GR860",
    "pushed-down-not-admitted",
    Level.WARNING,
    Text("挂账事项未经准入仍在下派", "open register entry: work pushed down without admission"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("{matter}", "rental_safety")},
        failing={"registers.yaml": REGISTERS_BASE + _ENTRY.replace("matter: {matter}, ", "")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if p.registers is None:
        return
    for item in p.registers.pushed_down:
        if not item.open:
            continue
        if item.matter is not None and item.matter in p.excluded_matters:
            continue  # GR862
        if item.matter is not None and admitted_on(p, item.matter, ctx.today):
            continue
        what = item.matter or item.names.zh
        dept = item.department or item.department_name or "?"
        yield problem_at(
            RULE,
            item.origin,
            "status",
            message=Text(
                f"挂账事项 {item.id}（{item.names.zh}）由 {dept} 下派，{what} 未经准入，仍未销号",
                f"register entry '{item.id}' ({item.names.en or item.names.zh}), pushed down by "
                f"{dept}: '{what}' is not admitted and the entry is still open",
            ),
            value=item.status,
            hint=Text(
                "退回下派部门，或按准入程序列入清单后改为 admitted",
                "send it back to the department, or admit it through the procedure and mark it admitted",
            ),
        )
