"""A temporary admission states when it expires, and expires after it takes effect.

An urgent temporary matter needs consent and carries a fixed admission
period (Zhoushan grid regulation, 2023, art. 25): `temporary: true` without
`expires` would admit it for good. Any admission whose `expires` is before
its `effective` date is never in force.

临时紧急准入须有固定期限：temporary: true 必须写 expires，否则等于永久准入。任何准入的
失效日期都不得早于生效日期。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import temporary_admission

EXAMPLES = Examples.of(
    "admission.yaml",
    temporary_admission("示社治函〔2026〕3号", "2026-10-01", "2026-12-31"),
    temporary_admission("示社治函〔2026〕3号", "2026-10-01", None),
)
RULE = Rule("GR504", "temporary-without-expiry", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for a in ctx.policy.admissions:
        if a.temporary and a.expires is None:
            yield problem_at(
                RULE, a.origin, "temporary", part="temporary", value=True, matter=a.matter
            )
        if a.expires is not None and a.expires < a.effective:
            dates: dict[str, Any] = {"expires": a.expires, "effective": a.effective}
            at = (a.origin, "expires")
            yield problem_at(
                RULE, *at, part="expires", value=a.expires.isoformat(), matter=a.matter, **dates
            )
