"""An admission past its expiry date is no longer in force.

Urgent temporary matters are admitted for a fixed period (Zhoushan grid
regulation, 2023, art. 25). Once `expires` has passed (judged as of today, or
`--today`), the admission still stands in the file but grid workers may no
longer be given the matter. A warning: remove the admission, or renew it
through the admission procedure with a new basis and date.

临时紧急事项有固定的准入期限（舟山网格条例第 25 条）。失效日期已过（按今天或 --today
判断）的准入仍写在清单中但已不再有效：应删除，或按准入程序重新审批。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import temporary_admission

EXAMPLES = Examples.of(
    "admission.yaml",
    temporary_admission("示社治函〔2025〕7号", "2025-06-01", "2026-12-31"),
    temporary_admission("示社治函〔2025〕7号", "2025-06-01", "2025-12-31"),
)
RULE = Rule("GR503", "admission-expired", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for admission in ctx.policy.admissions:
        if admission.expires is None or admission.expires >= ctx.today:
            continue
        yield problem_at(
            RULE,
            admission.origin,
            "expires",
            value=admission.expires.isoformat(),
            matter=admission.matter,
            expires=admission.expires,
            today=ctx.today,
        )
