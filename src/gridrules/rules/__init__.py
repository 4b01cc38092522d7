"""The registry of validation rules: every code, its default level and documentation.

Checks made while reading files (GR0xx) and the schema check (GR100) are
listed in `gridrules.rules.builtin`; semantic rules live one per module.
Add a rule: write the module (`RULE = Rule(code, name, level, __doc__,
examples)` and a @RULE.check function), put its title, messages and hints in
gridrules/locale/rules.toml under its code (`[GR623.title]`, `[GR623.message]`,
`[GR623.hint]`, `[GR623.message_<part>]`…), and list it in SEMANTIC below.
"""

from __future__ import annotations

from gridrules.rules import builtin
from gridrules.rules.base import Context, Examples, Rule

SEMANTIC_MODULES: tuple[str, ...] = (
    # references and structure
    "unknown_reference",  # GR201
    "duplicate_id",  # GR202
    "tier_cycle",  # GR203
    "extends_loosens",  # GR205
    # the registry
    "grid_size",  # GR301
    "grid_community",  # GR302
    "grid_parent",  # GR303
    "grid_average",  # GR304
    "grid_code",  # GR305
    "village_group_grid",  # GR306
    # the roster
    "staffing",  # GR401
    "difficulty_staffing",  # GR402
    "role_constraint",  # GR403
    "worker_tier",  # GR404
    # duty admission
    "grant_not_admitted",  # GR501
    "grant_excluded",  # GR502
    "admission_expired",  # GR503
    "temporary_without_expiry",  # GR504
    "admitted_and_excluded",  # GR505
    # handling and escalation
    "matter_unhandled",  # GR601
    "no_escalation_target",  # GR602
    # time limits, direct reporting, lead/assist (docs/decisions.md "Time limits 时限")
    "level_limit_over_close",  # GR620
    "route_over_close",  # GR621
    "route_over_ceiling",  # GR622
    "close_over_ceiling",  # GR623
    "limit_over_ceiling",  # GR624
    "department_limit_over_step",  # GR625
    "direct_report_contradiction",  # GR626
    "department_part_conflict",  # GR627
    "report_after_close",  # GR628
    "coverage_gap",  # GR610
    # party linkage
    "party_organisation_missing",  # GR701
    "party_supervisor_missing",  # GR702
    "grid_party_organisation",  # GR703
    "joint_organisation_too_large",  # GR704
    # party rules checked against the registry and roster (2018 branch regulations)
    "party_branch_size",  # GR710
    "party_committee",  # GR711
    "party_term",  # GR712
    "party_formation",  # GR713
    "cross_appointment",  # GR714
    "in_service_member",  # GR715
    # emergency plans
    "emergency_admission",  # GR801
    "plan_reporting_level",  # GR802
    # workload (减负): duty schedules × registry counts
    "workload_hours",  # GR850
    "workload_field_share",  # GR851
    "workload_door_to_door",  # GR852
    "schedule_unit",  # GR853
    # printed text
    "print_text_names",  # GR810
    # burden registers and warnings as data (减负挂账、一票否决、红黄绿预警)
    "pushed_down_not_admitted",  # GR860
    "veto_on_excluded",  # GR861
    "register_contradiction",  # GR862
    "warning_task",  # GR864
    "warning_matter_not_admitted",  # GR865
    # exports that stock Casbin runtimes enforce as gridrules does
    "casbin_depth",  # GR901
)


def _load_semantic() -> list[Rule]:
    import importlib

    return [importlib.import_module(f"gridrules.rules.{name}").RULE for name in SEMANTIC_MODULES]


SEMANTIC: list[Rule] = _load_semantic()
REGISTRY: dict[str, Rule] = {rule.code: rule for rule in [*builtin.RULES, *SEMANTIC]}

__all__ = ["REGISTRY", "SEMANTIC", "Context", "Examples", "Rule"]
