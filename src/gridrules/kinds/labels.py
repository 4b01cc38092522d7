"""What references name (GR201 says "refers to undefined <label>"): one label per target.

The kind that defines the ids declares the `Target` (gridrules.kinds.<kind>.KIND.targets);
the labels sit here because kinds refer to each other's (roles name tiers, tiers roles).
A new kind's own target may keep its label in its own module.
"""

from __future__ import annotations

from gridrules.catalogue import msg

TIER = msg("kinds.labels.tier")
ROLE = msg("kinds.labels.role")
CATEGORY = msg("kinds.labels.category")
MATTER = msg("kinds.labels.matter")
LIST = msg("kinds.labels.admission_list")
LEVEL = msg("kinds.labels.escalation_level")
DEPARTMENT = msg("kinds.labels.department")
NODE = msg("kinds.labels.registry_node")
PLAN = msg("kinds.labels.emergency_plan")
DUTY = msg("kinds.labels.duty")
