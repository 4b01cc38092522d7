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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.common import at_field
from gridrules.rules.registers_common import admitted_on, pushed_down, register_examples

_ENTRY = """\
pushed_down:
  - {id: rental_forms, name: 出租房屋重复填报表格, matter: {matter}, department_name: 示例区住建局, logged: "2024-03-01", status: open}
"""

EXAMPLES = register_examples(_ENTRY, "matter: rental_safety, ", "", field="matter: {matter}, ")
RULE = Rule("GR860", "pushed-down-not-admitted", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for item in pushed_down(p):
        if not item.open or item.matter in p.excluded_matters:
            continue  # excluded: GR862
        if item.matter is not None and admitted_on(p, item.matter, ctx.today):
            continue
        what = item.matter or item.names.zh
        dept = item.department or item.department_name or "?"
        yield at_field(RULE, item, "status", item=item, dept=dept, what=what)
