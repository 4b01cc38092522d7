"""An emergency-only admission says so with `mode: emergency`, and only then names a plan.

`plan` on an admission means "admitted only while this emergency plan is
active" (平战结合: tasks expand in an emergency and lapse afterwards); on an
admission without `mode: emergency` it would read as a condition that the
decision never applies. An admission with `mode: emergency` in a jurisdiction
without an emergency document is never in force. That the plan is declared is
checked by GR201.

应急准入须写 mode: emergency，plan 只能与之同用；没有 emergency.yaml 的辖区，应急准入永远
不会生效。预案是否已声明由 GR201 检查。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.model import Mode
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, problem_at
from gridrules.rules.example_snippets import admission_yaml, rental_block

_EMERGENCY = """\
kind: emergency
version: 1
name: 应急状态
plans:
  - id: public_health
    name: 突发公共卫生事件应急预案
    levels: [III, IV]
    procedures:
      - {id: survey, name: 排查摸底, roles: [full_time_worker], steps: [入户排查]}
"""


def _admission(mode: str) -> str:
    rest = f"{mode}    plan: public_health\n"
    return admission_yaml(rental_block("示社治发〔2024〕1号", "2024-01-01", rest))


EXAMPLES = Examples.of(
    "admission.yaml",
    _admission("    mode: emergency\n"),
    _admission(""),
    {"emergency.yaml": _EMERGENCY},
)
RULE = Rule("GR801", "emergency-admission", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for a in p.admissions:
        if a.plan is not None and a.mode is not Mode.EMERGENCY:
            yield at_field(RULE, a, "plan", part="plan", matter=a.matter, plan=a.plan)
        elif a.mode is Mode.EMERGENCY and p.emergency is None:
            yield problem_at(
                RULE, a.origin, "mode", part="mode", value=a.mode.value, matter=a.matter
            )
