"""Every grid tier has a party organisation attached to it.

Party building leads grid governance (党建引领): community party organisation
→ grid party branch → building party group, built alone, by conversion or
jointly so that every grid is covered. With
`coverage.every_grid_tier_has_organisation` (the default), each tier with
`is_grid: true` needs an organisation type whose `attaches_to` names it.
Reported at the tier.

党建引领：社区党组织—网格党支部—楼栋党小组，单独建、转化建、联合建，实现网格全覆盖。
开启 every_grid_tier_has_organisation（默认开启）时，每个网格层级都须有挂靠的党组织类型。
"""

from __future__ import annotations

from gridrules.problems import Level
from gridrules.rules.base import Examples, Rule
from gridrules.rules.example_snippets import party_yaml
from gridrules.rules.party_common import ORGANISATIONS, grid_tiers_without

EXAMPLES = Examples.of("party.yaml", party_yaml(), party_yaml(None))
RULE = Rule("GR701", "party-organisation-missing", Level.ERROR, __doc__, EXAMPLES)
RULE.check(grid_tiers_without(RULE, ORGANISATIONS))
