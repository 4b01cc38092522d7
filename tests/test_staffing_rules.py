"""A tier may have several staffing rules (T city: 1 grid leader + at least 1 grid worker)."""

from __future__ import annotations

import datetime as dt

from gridrules.validate import validate_folder

from conftest import EXAMPLE_BASE

TODAY = dt.date(2026, 11, 22)
TWO_RULES = (
    (EXAMPLE_BASE / "tiers.yaml")
    .read_text(encoding="utf-8")
    .replace(
        "    staffing:\n      roles: [full_time_worker]\n      min_per_grid: 1\n",
        "    staffing:\n      - roles: [grid_leader]\n        min_per_grid: 1\n"
        "      - roles: [full_time_worker]\n        min_per_grid: 1\n",
    )
)
LEADER_ROLE = (EXAMPLE_BASE / "roles.yaml").read_text(encoding="utf-8") + (
    "  - id: grid_leader\n    name: 网格长\n    category: leader\n    tier: grid\n    scope: own_grid\n"
)
ROSTER = (EXAMPLE_BASE / "roster.yaml").read_text(encoding="utf-8") + (
    '  - {id: W004, name: 赵敏, roles: [grid_leader], grid: "S01C01G01"}\n'
)


def test_each_rule_is_checked_on_its_own(make_policy):
    folder = make_policy(
        {"tiers.yaml": TWO_RULES, "roles.yaml": LEADER_ROLE, "roster.yaml": ROSTER}
    )
    result = validate_folder(folder, today=TODAY)
    (problem,) = result.problems
    assert problem.code == "GR401"
    assert "S01C01G02" in problem.message.en and "grid_leader" in problem.message.en
    assert result.policy is None  # a policy with an error is never handed out


def test_rule_positions_point_into_the_list(make_policy):
    bad = TWO_RULES.replace("roles: [grid_leader]", "roles: [grid_leadr]")
    folder = make_policy({"tiers.yaml": bad, "roles.yaml": LEADER_ROLE, "roster.yaml": ROSTER})
    (problem,) = [p for p in validate_folder(folder, today=TODAY).problems if p.code == "GR201"]
    line = bad.splitlines().index("      - roles: [grid_leadr]") + 1
    assert problem.location.line == line
    assert problem.value == "grid_leadr"


def test_a_child_dropping_one_of_the_rules_loosens(make_policy, tmp_path):
    parent = make_policy(
        {"tiers.yaml": TWO_RULES, "roles.yaml": LEADER_ROLE, "roster.yaml": ROSTER}
    )
    child = tmp_path / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        f"kind: jurisdiction\nversion: 1\nid: child\nname: 子\nlevel: street\ncharacter: urban\n"
        f"extends: ../{parent.name}\n",
        encoding="utf-8",
    )
    (child / "tiers.yaml").write_text(
        "kind: tiers\nversion: 1\ntiers:\n  - id: grid\n    name: 一般网格\n    parent: community\n"
        "    is_grid: true\n    sizing:\n      urban: {min: 300, max: 500}\n      rural: {min: 100, max: 300}\n"
        "    staffing: {roles: [full_time_worker], min_per_grid: 2}\n",
        encoding="utf-8",
    )
    problems = validate_folder(child, today=TODAY).problems
    assert [(p.code, "grid_leader" in p.message.en) for p in problems] == [("GR205", True)]
