"""Emergency plans as data: the emergency.yaml shape (plans, levels, procedures with roles,
reporting per level), emergency-only admissions, their checks with file:line, and the
documented example."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from gridrules.model import Mode, Policy
from gridrules.policy import load_policy
from gridrules.validate import validate_folder

from conftest import POLICIES

TODAY = dt.date(2026, 12, 1)
EPIDEMIC = ("epidemic_info_relay", "returnee_registration", "mass_testing_mobilisation")


MINE = ("GR100", "GR201", "GR202", "GR801", "GR802")  # schema, references, plans


def problems(folder: Path) -> list[tuple[str, str, str]]:
    """The problems the emergency checks find (other rules' findings aside)."""
    return [
        (p.code, f"{Path(p.location.file).name}:{p.location.line}", p.message.en)
        for p in validate_folder(folder, today=TODAY).problems
        if p.code in MINE or p.code.startswith("GR0")
    ]


def built(folder: Path) -> Policy:
    """The policy as built from schema-valid documents (other rules' findings aside)."""
    policy = load_policy(folder, rules=False).policy
    assert policy is not None, folder
    return policy


def test_tongjiang_epidemic_tasks_are_admitted_only_during_the_public_health_plan() -> None:
    policy = built(POLICIES / "tongjiang")
    for matter in (*EPIDEMIC, "key_building_control"):
        (admission,) = policy.admissions_by_matter[matter]
        assert (admission.mode, admission.plan) == (Mode.EMERGENCY, "public_health")
        assert admission.basis  # the basis text stays as written
    assert policy.admissions_by_matter["neighbour_dispute"][0].mode is Mode.NORMAL
    assert set(policy.plan_by_id) == {"natural_disaster", "public_health"}
    plan = policy.plan_by_id["public_health"]
    assert plan.levels == ("I", "II", "III", "IV")
    assert all(pr.roles for pr in plan.procedures)
    assert plan.origin.location.line > 0


def test_bundled_plans_name_roles_for_every_procedure() -> None:
    for name in ("chengdu", "chengdu-wuhou", "tongjiang", "t-city"):
        policy = built(POLICIES / name)
        assert policy.emergency is not None, name
        assert policy.emergency.plans, name
        for plan in policy.emergency.plans:
            for procedure in plan.procedures:
                assert procedure.roles, (name, plan.id, procedure.id)
                assert set(procedure.roles) <= set(policy.role_by_id), (name, procedure.id)
        # the overlay's reporting times are unchanged
        assert policy.emergency.verbal_report_within is not None


def test_a_single_overlay_file_stays_valid(make_policy: Callable[..., Path]) -> None:
    folder = make_policy(
        {
            "emergency.yaml": """\
kind: emergency
version: 1
name: 应急状态
activation: 街道启动应急响应时转入应急状态。
reporting: {verbal_within: 30m, written_within: 2h}
procedures:
  - {id: survey, name: 排查摸底, time_limit: 3h, steps: [入户排查]}
grants:
  - {role: full_time_worker, id: ft_help, name: 协助, actions: [assist], matters: [rental_safety]}
"""
        }
    )
    assert problems(folder) == []
    policy = built(folder)
    assert policy.emergency is not None
    assert policy.emergency.plans == () and policy.plan_by_id == {}
    assert policy.emergency.procedures[0].roles == ()
    assert [g.duty_id for g in policy.grants(Mode.EMERGENCY)][-1] == "ft_help"


def test_unknown_roles_levels_and_plans_are_reported_with_file_and_line(
    make_policy: Callable[..., Path],
) -> None:
    folder = make_policy(
        {
            "emergency.yaml": """\
kind: emergency
version: 1
name: 应急状态
plans:
  - id: flood
    name: 防汛应急预案
    levels: [IV, III]
    procedures:
      - id: patrol
        name: 巡防管控
        roles: [full_time_workr]
        steps: [巡查河堤]
    reporting:
      - {level: I, to: street_centre, verbal_within: 30m}
      - {level: IV, to: street_centr, verbal_within: 1h}
""",
            "admission.yaml": """\
kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01"}
  - {matter: elderly_visit, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01"}
  - {matter: rental_safety, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01", mode: emergency, plan: floods}
""",
        }
    )
    found = problems(folder)
    assert any(
        c == "GR201" and at == "emergency.yaml:11" and "undefined role 'full_time_workr'" in m
        for c, at, m in found
    ), found
    assert any(c == "GR201" and at == "emergency.yaml:15" for c, at, _ in found)
    assert any(c == "GR201" and at == "admission.yaml:6" and "'floods'" in m for c, at, m in found)
    assert any(c == "GR802" and at == "emergency.yaml:14" for c, at, _ in found)
    assert built(folder).plan_by_id["flood"].levels == ("III", "IV")


def test_a_plan_id_is_declared_once(make_policy: Callable[..., Path]) -> None:
    plan = """\
  - id: flood
    name: 防汛应急预案
    levels: [IV]
    procedures:
      - {id: patrol, name: 巡防管控, roles: [full_time_worker], steps: [巡查河堤]}
"""
    folder = make_policy(
        {"emergency.yaml": "kind: emergency\nversion: 1\nname: 应急状态\nplans:\n" + plan * 2}
    )
    assert ("GR202", "emergency.yaml:10") in [(c, at) for c, at, _ in problems(folder)]
