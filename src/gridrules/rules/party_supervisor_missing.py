"""Every grid tier is supervised by someone ("one red line").

Chengdu's "one red line" (一根红线): party cadres sent down from the street
supervise the master grid, dedicated party members and community party
cadres the general grids, resident party members the micro grids. With
`coverage.every_grid_tier_has_supervisor` (the default), each tier with
`is_grid: true` needs a `supervision` entry naming the role that supervises
its grids. Reported at the tier.

“一根红线”：街道下沉党员干部督导社区总网格，专职党员和社区党员干部督导一般网格，居民党员
督导微网格。开启 every_grid_tier_has_supervisor（默认开启）时，每个网格层级都须有督导。
"""

from __future__ import annotations

from gridrules.problems import Level
from gridrules.rules.base import Examples, Rule
from gridrules.rules.example_snippets import party_yaml
from gridrules.rules.party_common import SUPERVISION, grid_tiers_without

EXAMPLES = Examples.of("party.yaml", party_yaml(), party_yaml(grid_supervisor=False))
RULE = Rule("GR702", "party-supervisor-missing", Level.ERROR, __doc__, EXAMPLES)
RULE.check(grid_tiers_without(RULE, SUPERVISION))
