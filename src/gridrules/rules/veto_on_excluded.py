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
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.common import at_field
from gridrules.rules.registers_common import register_examples, vetoes

_ENTRY = """\
veto:
  - {id: investment_target, name: 招商引资任务考核, matter: investment_promotion, department_name: 示例区商务局, status: {status}}
"""

EXAMPLES = register_examples(_ENTRY, "cancelled", "in_force")
RULE = Rule("GR861", "veto-on-excluded", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    excluded = ctx.policy.excluded_matters
    for item in vetoes(ctx.policy):
        exclusion = excluded.get(item.matter or "")
        if item.in_force and exclusion is not None:
            words: dict[str, Any] = {
                "item": item,
                "matter": item.matter,
                "reason": exclusion.reason,
            }
            yield at_field(RULE, item, "matter", **words)
