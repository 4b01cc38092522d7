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

from gridrules.lookup import admitted, matters_by_category, protected_grants
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import grant_label, problem_at

RULE = Rule(
    "GR501",
    "grant-not-admitted",
    Level.ERROR,
    Text(
        "网格或社区（村）角色被授予未经准入的事项",
        "grid or community role granted a matter that was never admitted",
    ),
    doc=__doc__ or "",
    examples=Examples(
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
    ),
)


_HINT = Text(
    "先按准入程序把事项列入准入清单，否则从职责中删去",
    "admit the matter through the admission procedure first, or take it out of the duty",
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    ok, excluded, by_category = admitted(p), p.excluded_matters, matters_by_category(p)
    for grant in protected_grants(p):
        where = grant_label(grant)
        for k, matter in enumerate(grant.matters):
            if matter in ok or matter in excluded or matter not in p.matter_by_id:
                continue  # excluded: GR502; undefined: GR201
            yield problem_at(
                RULE,
                grant.origin,
                "matters",
                k,
                message=Text(
                    f"受准入约束的角色 {grant.role} 的{where.zh} 包含未经准入的事项 {matter}",
                    f"{where.en} of protected role '{grant.role}' names matter '{matter}', "
                    "which has no admission",
                ),
                value=matter,
                hint=_HINT,
            )
        for k, category in enumerate(grant.categories):
            if category not in p.category_by_id:
                continue  # GR201
            members = by_category.get(category, ())
            if any(m in ok for m in members):
                continue
            yield problem_at(
                RULE,
                grant.origin,
                "categories",
                k,
                message=Text(
                    f"受准入约束的角色 {grant.role} 的{where.zh} 包含类别 {category}，"
                    f"但该类别没有任何准入事项",
                    f"{where.en} of protected role '{grant.role}' names category '{category}', "
                    "none of whose matters is admitted",
                ),
                value=category,
                hint=_HINT,
            )
