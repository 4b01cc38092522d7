"""Roles of grids and community bodies are given only matters that have passed duty admission.

"The grid became a basket into which every task is thrown": the remedy is the
duty-admission system (事项准入), under which a matter may be assigned to grid
personnel and community/village bodies only once it is on the admission list.
So a duty in a responsibility list, or an emergency grant, of a role at a
protected tier (by default every tier at or below the community/village level,
grid or not; a jurisdiction may name them in `settings.protected_tiers`) may
name a matter only if the matter has an admission (in force, future or
expired: GR503 deals with dates). A category grant is reported only when no
matter of the category is admitted; matters of the category that are not
admitted are simply not granted, and the engine denies them. Roles above
(street, district and city departments and centres) are not bound by the
admission list: it governs what is pushed down to them.

“网格被当成筐”：事项准入制度规定，事项须列入准入清单后方可交由网格人员和社区（村）承担。
受保护层级（默认为社区、村及其以下各层级，不论是否为网格；可在 settings.protected_tiers 中指定）
角色的职责或应急授权列出的事项必须有准入记录（不论是否在有效期内）。按类别授权时，只有该类别
没有任何准入事项才报告；类别中未准入的事项不被授予，引擎会拒绝。街道、区县、市级部门和中心的
角色不受准入清单约束。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.lookup import admitted, matters_by_category
from gridrules.model import Grant
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import grant_problems

EXAMPLES = Examples(
    passing={
        "matters.yaml": """\
kind: matters
version: 1
categories:
  - {id: public_order, name: 社会治安类}
  - {id: livelihood, name: 民生服务类}
  - {id: excluded_work, name: 不得下沉事项}
matters:
  - {id: neighbour_dispute, name: 邻里纠纷, category: public_order, handling_tier: grid}
  - {id: elderly_visit, name: 独居老人走访, category: livelihood, handling_tier: grid}
  # not admitted: the community leader's livelihood grant simply does not cover it
  - {id: pension_survey, name: 养老保险入户调查, category: livelihood, handling_tier: grid}
  - {id: rental_safety, name: 出租房安全隐患, category: public_order, handling_tier: community}
  - {id: investment_promotion, name: 招商引资任务, category: excluded_work, handling_tier: street}
"""
    },
    failing={
        "admission.yaml": """\
kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: 区委社治委, basis: 示社治发〔2024〕1号, effective: "2024-01-01"}
  - {matter: rental_safety, approved_by: 区委社治委, basis: 示社治发〔2024〕1号, effective: "2024-01-01"}
"""
    },
)
RULE = Rule("GR501", "grant-not-admitted", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    ok, excluded, by_category = admitted(p), p.excluded_matters, matters_by_category(p)

    def matter(_: Grant, matter: str) -> dict[str, Any] | None:
        # excluded: GR502; undefined: GR201
        fine = matter in ok or matter in excluded or matter not in p.matter_by_id
        return None if fine else {}

    def category(_: Grant, category: str) -> dict[str, Any] | None:
        if category not in p.category_by_id:  # GR201
            return None
        return None if any(m in ok for m in by_category.get(category, ())) else {}

    yield from grant_problems(RULE, p, matter, category)
