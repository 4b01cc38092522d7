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
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.common import at_field
from gridrules.rules.registers_common import pushed_down, register_examples

_ENTRY = """\
pushed_down:
  - {id: investment_task, name: 招商引资任务下派社区, matter: investment_promotion, department_name: 示例区商务局, logged: "2024-03-01", status: {status}, resolution: 已退回}
"""

EXAMPLES = register_examples(_ENTRY, "withdrawn", "admitted")
RULE = Rule("GR862", "register-contradiction", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for item in pushed_down(p):
        if item.matter is None or item.status not in ("open", "admitted"):
            continue
        words: dict[str, Any] = {"item": item.id, "matter": item.matter, "status": item.status}
        exclusion = p.excluded_matters.get(item.matter)
        admissions = p.admissions_by_matter.get(item.matter, ())
        if exclusion is not None:
            part, words["reason"] = "excluded", exclusion.reason
        elif item.status == "admitted" and all(
            a.expires is not None and a.expires < item.logged for a in admissions
        ):
            part, words["logged"] = "admitted", item.logged
        else:
            continue
        yield at_field(RULE, item, "status", part=part, **words)
