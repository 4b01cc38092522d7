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
from typing import Any

from gridrules.lookup import matters_by_category
from gridrules.model import Exclusion, Grant
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import grant_problems, id_list
from gridrules.rules.example_snippets import responsibilities_yaml
from gridrules.rules.index import layer_depths

_INVESTMENT = (
    "  - role: {role}\n    duties:\n"
    "      - {id: investment, name: 招商引资, actions: [handle], matters: [investment_promotion]}\n"
)
_RESPONSIBILITIES = responsibilities_yaml("report, handle", "public_order, livelihood", _INVESTMENT)
EXAMPLES = Examples.of(
    "responsibilities.yaml",
    _RESPONSIBILITIES.replace("{role}", "street_cadre"),
    _RESPONSIBILITIES.replace("{role}", "grid_party_member"),
)
RULE = Rule("GR502", "grant-excluded", Level.ERROR, __doc__, EXAMPLES)


def _hint(
    grant: Grant,
    matters: list[str],
    depth: dict[int, int],
    excluded: dict[str, Exclusion],
    part: str,
) -> Text:
    """A parent's grant meeting a child's exclusion is fixed by redefining the duty here."""
    written = depth.get(id(grant.origin.source), 0)
    if all(depth.get(id(excluded[m].origin.source), 0) <= written for m in matters):
        return RULE.text(part)
    return RULE.text("hint_redefine", duty=grant.duty_id, role=grant.role)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    excluded = p.excluded_matters
    by_category = matters_by_category(p)
    depth = layer_depths(ctx.layers)

    def matter(grant: Grant, matter: str) -> dict[str, Any] | None:
        if matter not in excluded:
            return None
        return {
            "reason": excluded[matter].reason,
            "hint": _hint(grant, [matter], depth, excluded, "hint_matter"),
        }

    def category(grant: Grant, category: str) -> dict[str, Any] | None:
        inside = [m for m in by_category.get(category, ()) if m in excluded]
        if not inside:
            return None
        return {
            "matters": id_list(inside),
            "hint": _hint(grant, inside, depth, excluded, "hint_category"),
        }

    if excluded:
        yield from grant_problems(RULE, p, matter, category)
