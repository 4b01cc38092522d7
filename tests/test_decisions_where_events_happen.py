"""Decisions where events happen: the cells inside a worker's grid, community bodies that the
admission lists protect, emergency-only admissions, areas inherited down the registry.

Each case is asked of the index (`check`) and of pycasbin (`check_casbin`), which must agree."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from gridrules import load_policy
from gridrules.decision import QueryError, RequestError
from gridrules.engine import Decision, Engine, Principal, Request

from conftest import EXAMPLE_BASE, overlay

DAY = dt.date(2024, 6, 1)

TIERS = """kind: tiers
version: 1
tiers:
  - {id: street, name: 街道, parent: null, is_grid: false, admin_level: street}
  - {id: community, name: 社区, parent: street, is_grid: false, admin_level: community}
  - {id: grid, name: 网格, parent: community, is_grid: true}
  - {id: micro, name: 微网格, parent: grid, is_grid: true}
"""
ROLES = """kind: roles
version: 1
roles:
  - {id: community_leader, name: 社区网格长, category: leader, tier: community, scope: subtree}
  - {id: community_worker, name: 社区专职社工, category: coordinator, tier: community, scope: subtree}
  - id: full_time_worker
    name: 专职网格员
    category: full_time
    tier: grid
    scope: own_grid
    constraints:
      - {id: rural_two_committees, attribute: two_committees, must_be: true, area: rural, description: 农村由两委成员兼任}
  - {id: grid_desk, name: 网格值班员, category: coordinator, tier: grid, scope: node}
  - {id: street_cadre, name: 街道干部, category: party, tier: street, scope: subtree}
"""
RESPONSIBILITIES = """kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report, handle], matters: [neighbour_dispute, elderly_visit]}
      - {id: screening, name: 入户排查, actions: [handle], matters: [epidemic_screening, flood_transfer]}
  - role: grid_desk
    duties:
      - {id: desk, name: 值班登记, actions: [report], matters: [neighbour_dispute]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], categories: [public_order, livelihood]}
  - role: community_worker
    duties:
      - {id: assist, name: 协助政府事项, actions: [handle], matters: [elderly_visit]}
  - role: street_cadre
    duties:
      - {id: investment, name: 招商引资, actions: [handle], matters: [investment_promotion]}
"""
MATTERS = """kind: matters
version: 1
categories:
  - {id: public_order, name: 社会治安类}
  - {id: livelihood, name: 民生服务类}
  - {id: excluded_work, name: 不得下沉事项}
matters:
  - {id: neighbour_dispute, name: 邻里纠纷, category: public_order, handling_tier: grid}
  - {id: elderly_visit, name: 独居老人走访, category: livelihood, handling_tier: grid}
  - {id: rental_safety, name: 出租房安全隐患, category: public_order, handling_tier: community}
  - {id: epidemic_screening, name: 疫情排查, category: livelihood, handling_tier: grid}
  - {id: flood_transfer, name: 防汛转移, category: livelihood, handling_tier: grid}
  - {id: investment_promotion, name: 招商引资任务, category: excluded_work, handling_tier: street}
"""
ADMISSION = """kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01"}
  - {matter: elderly_visit, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01"}
  - {matter: rental_safety, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01"}
  - {matter: epidemic_screening, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01", mode: emergency, plan: public_health}
  - {matter: flood_transfer, approved_by: 区委社治委, basis: 示例, effective: "2024-01-01", mode: emergency}
excluded:
  - {matter: investment_promotion, reason: 村（社区）不得承担招商引资任务}
"""
EMERGENCY = """kind: emergency
version: 1
name: 应急状态
plans:
  - id: public_health
    name: 突发公共卫生事件应急预案
    levels: [I, II, III, IV]
    procedures:
      - {id: screening, name: 入户排查, roles: [full_time_worker], steps: [逐户排查]}
  - id: flood
    name: 防汛应急预案
    levels: [IV]
    procedures:
      - {id: transfer, name: 转移避险, roles: [full_time_worker], steps: [组织转移]}
"""
GRIDS = """kind: grids
version: 1
grids:
  - {id: "S01", name: 示例街道, tier: street, parent: null}
  - {id: "S01C01", name: 城区社区, tier: community, parent: "S01", area: urban}
  - {id: "S01C01G01", name: 第一网格, tier: grid, parent: "S01C01", households: 320}
  - {id: "S01C01G01M01", name: 第一微网格, tier: micro, parent: "S01C01G01", households: 80}
  - {id: "S01C01G02", name: 第二网格, tier: grid, parent: "S01C01", households: 380}
  - {id: "S01C02", name: 农村社区, tier: community, parent: "S01", area: rural}
  - {id: "S01C02G01", name: 村第一网格, tier: grid, parent: "S01C02", households: 90}
"""


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return overlay(
        EXAMPLE_BASE,
        tmp_path_factory.mktemp("events") / "policy",
        {
            "tiers.yaml": TIERS,
            "roles.yaml": ROLES,
            "responsibilities.yaml": RESPONSIBILITIES,
            "matters.yaml": MATTERS,
            "admission.yaml": ADMISSION,
            "emergency.yaml": EMERGENCY,
            "grids.yaml": GRIDS,
            "roster.yaml": None,
            "party.yaml": None,
            "escalation.yaml": None,
        },
    )


@pytest.fixture(scope="module")
def engine(folder: Path) -> Engine:
    result = load_policy(folder, rules=False)
    assert result.policy is not None, result.problems
    return Engine(result.policy, version="t", self_check=500)


def ask(
    engine: Engine,
    roles: tuple[str, ...],
    home: str,
    action: str,
    matter: str,
    grid: str,
    mode: str = "normal",
    plan: str | None = None,
    **attributes: object,
) -> Decision:
    request = Request(Principal(roles, home, attributes), action, matter, grid, DAY, mode, plan)
    d = engine.check(request)
    slow = engine.check_casbin(request)
    assert (slow.allowed, slow.reason, slow.role) == (d.allowed, d.reason, d.role), request
    return d


def test_a_grid_worker_acts_in_the_micro_grids_of_their_grid(engine: Engine) -> None:
    d = ask(
        engine, ("full_time_worker",), "S01C01G01", "report", "neighbour_dispute", "S01C01G01M01"
    )
    assert (d.allowed, d.role) == (True, "full_time_worker")
    d = ask(
        engine, ("full_time_worker",), "S01C01G02", "report", "neighbour_dispute", "S01C01G01M01"
    )
    assert d.reason == "out_of_scope"  # another grid's worker


def test_a_node_scoped_role_stays_on_its_own_node(engine: Engine) -> None:
    assert ask(
        engine, ("grid_desk",), "S01C01G01", "report", "neighbour_dispute", "S01C01G01"
    ).allowed
    d = ask(engine, ("grid_desk",), "S01C01G01", "report", "neighbour_dispute", "S01C01G01M01")
    assert d.reason == "out_of_scope"


def test_who_names_the_grid_worker_for_an_event_in_a_micro_grid(engine: Engine) -> None:
    answer = engine.who_can("handle", "neighbour_dispute", "S01C01G01M01", DAY)
    assert {r.role for r in answer.roles} == {"full_time_worker", "community_leader"}
    report = engine.who_can("report", "neighbour_dispute", "S01C01G01M01", DAY)
    assert "grid_desk" not in [r.role for r in report.roles]  # node scope: not in the cell


def test_community_bodies_are_protected_by_the_exclusion_list(engine: Engine) -> None:
    # the community tier is not a grid tier, yet the exclusion list binds its roles
    d = ask(
        engine,
        ("street_cadre", "community_worker"),
        "S01C01",
        "handle",
        "investment_promotion",
        "S01C01G01",
    )
    assert (d.allowed, d.role) == (True, "street_cadre")  # the street keeps its own work
    d = ask(engine, ("community_worker",), "S01C01", "handle", "investment_promotion", "S01C01G01")
    assert d.reason == "excluded"
    assert "社区" in d.message_zh


def test_exclusion_in_a_grant_to_a_community_role_fails_validation(
    folder: Path, tmp_path: Path
) -> None:
    granted = RESPONSIBILITIES.replace(
        "      - {id: assist, name: 协助政府事项, actions: [handle], matters: [elderly_visit]}",
        "      - {id: assist, name: 协助政府事项, actions: [handle], matters: [elderly_visit]}\n"
        "      - {id: invest, name: 招商引资, actions: [handle], matters: [investment_promotion]}",
    )
    bad = overlay(folder, tmp_path / "bad", {"responsibilities.yaml": granted})
    problems = [p for p in load_policy(bad).problems if p.code == "GR502"]
    assert len(problems) == 1
    assert problems[0].location.file.endswith("responsibilities.yaml")
    assert (
        problems[0].location.line
        == granted.splitlines().index(
            "      - {id: invest, name: 招商引资, actions: [handle], matters: [investment_promotion]}"
        )
        + 1
    )


def test_emergency_only_admissions_apply_only_while_a_plan_is_active(engine: Engine) -> None:
    w = ("full_time_worker",)
    normal = ask(engine, w, "S01C01G01", "handle", "epidemic_screening", "S01C01G01M01")
    assert normal.reason == "not_admitted" and "应急预案" in normal.message_zh
    assert ask(
        engine, w, "S01C01G01", "handle", "epidemic_screening", "S01C01G01M01", "emergency"
    ).allowed
    on_plan = ask(
        engine,
        w,
        "S01C01G01",
        "handle",
        "epidemic_screening",
        "S01C01G01M01",
        "emergency",
        "public_health",
    )
    assert on_plan.allowed
    other = ask(
        engine, w, "S01C01G01", "handle", "epidemic_screening", "S01C01G01M01", "emergency", "flood"
    )
    assert other.reason == "not_admitted"  # the flood plan does not admit epidemic screening
    # an admission naming no plan applies under every plan
    assert ask(
        engine,
        w,
        "S01C01G01",
        "handle",
        "flood_transfer",
        "S01C01G01",
        "emergency",
        "public_health",
    ).allowed
    assert (
        ask(engine, w, "S01C01G01", "handle", "flood_transfer", "S01C01G01").reason
        == "not_admitted"
    )


def test_a_plan_must_be_known_and_only_in_emergency_mode(engine: Engine) -> None:
    with pytest.raises(RequestError):
        Request("W", "handle", "flood_transfer", "S01", DAY, "normal", "flood")
    with pytest.raises(RequestError):
        engine.check(
            Request(
                Principal(("full_time_worker",), "S01C01G01"),
                "handle",
                "flood_transfer",
                "S01C01G01",
                DAY,
                "emergency",
                "typhoon",
            )
        )
    with pytest.raises(QueryError):
        engine.who_can("handle", "flood_transfer", "S01C01G01", DAY, "emergency", "typhoon")


def test_a_grid_without_area_takes_its_ancestors(engine: Engine) -> None:
    grids = engine.policy.grid_by_id
    assert grids["S01C02G01"].area.value == "rural"  # its row is silent; its community is rural
    assert grids["S01C01G01M01"].area.value == "urban"
    # the rural constraint (must be a two-committees member) applies in the rural grid only
    d = ask(engine, ("full_time_worker",), "S01C02G01", "report", "neighbour_dispute", "S01C02G01")
    assert d.reason == "role_constraint"
    assert ask(
        engine,
        ("full_time_worker",),
        "S01C02G01",
        "report",
        "neighbour_dispute",
        "S01C02G01",
        two_committees=True,
    ).allowed
    assert ask(
        engine, ("full_time_worker",), "S01C01G01", "report", "neighbour_dispute", "S01C01G01M01"
    ).allowed


def test_unknown_grids_fail_closed_in_the_exported_model(engine: Engine) -> None:
    # g2(x, x) holds for any string in every Casbin runtime: the model must still deny
    enforcer = engine.enforcer
    for scope_role in ("grid_desk", "full_time_worker", "street_cadre"):
        for grid, home in (("grid:nowhere", "grid:nowhere"), ("grid:S01C01G01", "grid:nowhere")):
            assert not enforcer.enforce(
                scope_role, "report", "matter:neighbour_dispute", grid, home, "normal", "epoch:1"
            )


def test_jianggan_community_worker_and_investment_promotion(tmp_path: Path) -> None:
    """The issue's own case: Jianggan's community tier is not a grid tier, yet its bodies
    are protected — a grant fails validation at the duty's line, and without the grant the
    decision says excluded."""
    from conftest import POLICIES

    folder = tmp_path / "hangzhou-jianggan"
    shutil.copytree(POLICIES / "hangzhou-jianggan", folder)
    duties = folder / "responsibilities.yaml"
    text = duties.read_text(encoding="utf-8")
    anchor = "  - role: community_worker\n    duties:\n"
    assert anchor in text
    grant = "      - {id: cw_invest, name: 招商引资, actions: [handle], matters: [investment_promotion]}\n"
    duties.write_text(text.replace(anchor, anchor + grant), encoding="utf-8")
    line = duties.read_text(encoding="utf-8").splitlines().index(grant.rstrip("\n")) + 1
    problems = [p for p in load_policy(folder).problems if p.level.value == "error"]
    assert [(p.code, p.location.line) for p in problems] == [("GR502", line)]
    assert problems[0].location.file.endswith("responsibilities.yaml")

    engine = Engine.load(POLICIES / "hangzhou-jianggan")
    worker = Principal(("community_worker",), "330104001001")
    d = engine.check(Request(worker, "handle", "investment_promotion", "330104001001001", DAY))
    assert (d.allowed, d.reason) == (False, "excluded")
