"""Roles of grids and community bodies are never given an excluded matter, by name or category.

The exclusion list names what may not be pushed down to grids and
community/village bodies at all (2022 central guidance: administrative
enforcement, demolition, investment promotion, work-safety supervision…;
"杜绝随意将职责转嫁到社区"). A duty or emergency grant of a role at a
protected tier (by default every tier at or below the community/village level,
grid or not) may not name an excluded matter, nor a category that contains
one: a category grant would hand the excluded matter over with the rest.
Emergency mode never overrides an exclusion. Roles above (street, district
and city departments and centres) may hold these matters: they own them. When a
jurisdiction excludes a matter its parent's responsibility lists grant, it
redefines that duty (same duty id) without the matter, or gives the role's
list `replace: true`.

排除清单列出不得下沉网格和社区（村）的事项（行政执法、征地拆迁、招商引资、安全生产监管等，
“杜绝随意将职责转嫁到社区”）。受保护层级（默认为社区、村及其以下各层级，不论是否为网格）
角色的职责或应急授权不得列出被排除的事项，也不得列出包含被排除事项的类别；应急模式也不能
突破排除清单。街道以上的部门和中心可以承担这些事项。下级辖区排除了上级职责清单中的事项时，应在本辖区
以相同职责标识重写该职责（不含该事项），或为该角色清单加 replace: true 整体替换。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import matters_by_category, protected_grants
from gridrules.model import Exclusion, Grant
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import grant_label, id_list, problem_at
from gridrules.rules.index import layer_depths

_RESPONSIBILITIES = """\
kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report, handle], matters: [neighbour_dispute, elderly_visit]}
      - {id: hazards, name: 隐患排查, actions: [report], matters: [rental_safety]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], categories: [public_order, livelihood]}
  - role: {role}
    duties:
      - {id: investment, name: 招商引资, actions: [handle], matters: [investment_promotion]}
"""

RULE = Rule(
    "GR502",
    "grant-excluded",
    Level.ERROR,
    Text(
        "网格或社区（村）角色被授予排除清单中的事项",
        "grid or community role granted an excluded matter",
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"responsibilities.yaml": _RESPONSIBILITIES.replace("{role}", "street_cadre")},
        failing={"responsibilities.yaml": _RESPONSIBILITIES.replace("{role}", "grid_party_member")},
    ),
)


def _hint(
    grant: Grant,
    matters: list[str],
    depth: dict[int, int],
    excluded: dict[str, Exclusion],
    fallback: Text,
) -> Text:
    """A parent's grant meeting a child's exclusion is fixed by redefining the duty here."""
    written = depth.get(id(grant.origin.source), 0)
    if all(depth.get(id(excluded[m].origin.source), 0) <= written for m in matters):
        return fallback
    return Text(
        f"本辖区排除了该事项：在本辖区以职责标识 {grant.duty_id} 重写该职责（不含该事项），"
        f"或为角色 {grant.role} 的清单加 replace: true",
        f"this jurisdiction excluded it: redefine duty '{grant.duty_id}' of role "
        f"'{grant.role}' here without the matter, or give the role's list replace: true",
    )


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    excluded = p.excluded_matters
    if not excluded:
        return
    by_category = matters_by_category(p)
    depth = layer_depths(ctx.layers)
    for grant in protected_grants(p):
        where = grant_label(grant)
        for k, matter in enumerate(grant.matters):
            if matter not in excluded:
                continue
            yield problem_at(
                RULE,
                grant.origin,
                "matters",
                k,
                message=Text(
                    f"受准入约束的角色 {grant.role} 的{where.zh} 包含排除事项 {matter}"
                    f"（{excluded[matter].reason}）",
                    f"{where.en} of protected role '{grant.role}' names excluded matter '{matter}' "
                    f"({excluded[matter].reason})",
                ),
                value=matter,
                hint=_hint(
                    grant,
                    [matter],
                    depth,
                    excluded,
                    Text(
                        "从职责中删去；该事项由职能部门承担，不得下沉网格和社区（村）",
                        "take it out: the owning department keeps it; it may not be pushed down "
                        "to grids or community bodies",
                    ),
                ),
            )
        for k, category in enumerate(grant.categories):
            inside = [m for m in by_category.get(category, ()) if m in excluded]
            if not inside:
                continue
            yield problem_at(
                RULE,
                grant.origin,
                "categories",
                k,
                message=Text(
                    f"受准入约束的角色 {grant.role} 的{where.zh} 包含类别 {category}，"
                    f"其中有排除事项 {id_list(inside)}",
                    f"{where.en} of protected role '{grant.role}' names category '{category}', "
                    f"which contains excluded matter(s) {id_list(inside)}",
                ),
                value=category,
                hint=_hint(
                    grant,
                    inside,
                    depth,
                    excluded,
                    Text(
                        "改为逐项列出允许的事项，或把被排除事项移出该类别",
                        "list the allowed matters one by one, or move the excluded matter out "
                        "of the category",
                    ),
                ),
            )
