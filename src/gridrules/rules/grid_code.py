"""Registry codes follow the declared coding scheme: length per tier, parent's code as prefix.

CJ/T 349-2010 codes a grid hierarchically — the administrative division (GB/T 2260),
then street/township, community, grid sequence — so containment can be read from the
code. Where jurisdiction.yaml declares `settings.grid_codes` (a scheme and a code length
per tier), every registry node of a listed tier must have that many characters (all
digits unless `digits: false`) and, when its parent is of a listed tier too, begin with
its parent's code. A node whose parent is missing is GR201's; a wrong parent tier GR303's.

网格编码按 CJ/T 349-2010：行政区划代码 → 街道（乡镇）→ 社区（村）→ 网格序号。辖区设置
grid_codes 声明各层级编码位数时，台账节点编码须为该位数（缺省全为数字），并以上级节点编码为前缀。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, parent_of
from gridrules.rules.example_snippets import grid_row, grids_yaml, jurisdiction_yaml

_JURISDICTION = jurisdiction_yaml(
    "settings:\n"
    "  grid_codes: {scheme: CJ/T 349-2010, lengths: {street: 3, community: 6, grid: 9}, "
    "digits: false}\n"
)


def _grids(code: str) -> str:
    second = grid_row(2, name="锦官驿社区第二网格").replace("S01C01G02", code)
    return grids_yaml(grid_row(1, name="锦官驿社区第一网格"), second)


EXAMPLES = Examples.of(
    "grids.yaml", _grids("S01C01G02"), _grids("S01C02G02"), {"jurisdiction.yaml": _JURISDICTION}
)
RULE = Rule("GR305", "grid-code", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    scheme = p.jurisdiction.settings.grid_codes
    if scheme is None:
        return
    lengths = dict(scheme.lengths)
    for grid in p.grids:
        want = lengths.get(grid.tier)
        if want is None:
            continue
        if len(grid.id) != want or (scheme.digits and not grid.id.isdigit()):
            kind = RULE.text("digits" if scheme.digits else "characters")
            code = {"tier": grid.tier, "scheme": scheme.scheme, "want": want, "kind": kind}
            yield at_field(RULE, grid, "id", part="length", grid=grid, **code)
            continue
        parent = parent_of(p, grid)
        if parent is None or parent.tier not in lengths:
            continue
        if not grid.id.startswith(parent.id):
            yield at_field(RULE, grid, "id", part="prefix", grid=grid, parent=parent)
