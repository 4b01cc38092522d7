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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import admission_yaml, rental_block


def _admission(expires: str) -> str:
    rest = f"{expires}    temporary: true\n"
    return admission_yaml(rental_block("示社治函〔2026〕3号", "2026-10-01", rest))


RULE = Rule(
    "GR504",
    "temporary-without-expiry",
    Level.ERROR,
    Text("临时准入缺少或写错失效日期", "temporary admission without a valid expiry"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"admission.yaml": _admission('    expires: "2026-12-31"\n')},
        failing={"admission.yaml": _admission("")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for a in ctx.policy.admissions:
        if a.temporary and a.expires is None:
            yield problem_at(
                RULE,
                a.origin,
                "temporary",
                message=Text(
                    f"事项 {a.matter} 为临时准入，却没有失效日期",
                    f"the admission of '{a.matter}' is temporary but has no expiry date",
                ),
                value=True,
                hint=Text(
                    "写明 expires（YYYY-MM-DD）；长期事项去掉 temporary 并走正式准入",
                    "add expires (YYYY-MM-DD); for a standing matter drop temporary and admit it "
                    "formally",
                ),
            )
        if a.expires is not None and a.expires < a.effective:
            yield problem_at(
                RULE,
                a.origin,
                "expires",
                message=Text(
                    f"事项 {a.matter} 的准入失效日期 {a.expires} 早于生效日期 {a.effective}",
                    f"the admission of '{a.matter}' expires ({a.expires}) before it takes "
                    f"effect ({a.effective})",
                ),
                value=a.expires.isoformat(),
                hint=Text("改正日期", "correct the dates"),
            )
