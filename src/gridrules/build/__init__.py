"""Merge a jurisdiction's layers (root ancestor first) into one `Policy`.

Override rules for `extends` (documented in docs/policy-format.md):
- tiers, roles, categories, matters, departments, admission lists, party
  organisations and warning levels are keyed by `id`; a child's item with the
  same id replaces the parent's in place, new ids are appended;
- responsibility lists are keyed by role and merge by duty id: a child's duty
  replaces the parent's duty of the same id, new duties are added; with
  `replace: true` the child's list replaces the parent's whole;
- admissions are keyed by matter, supervision links by (tier, role): the
  child's entry replaces the parent's;
- exclusions only accumulate: a child can never take a matter off the
  excluded list (it may only tighten);
- escalation `levels`, `routing`, `loop` and the emergency overlay are
  replaced whole when the child declares them;
- jurisdiction settings and party coverage merge key by key;
- grid registries and rosters are never inherited.
Input is assumed schema-valid (gridrules.validate runs the schemas first).
"""

from gridrules.build.common import duration, names
from gridrules.build.policy import build_policy

__all__ = ["build_policy", "duration", "names"]
