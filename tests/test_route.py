"""gridrules.route: the escalation chain for a matter from a grid (pure; no Casbin)."""

from __future__ import annotations

import json

import pytest

from gridrules import load_policy
from gridrules.decision import QueryError
from gridrules.model import Mode
from gridrules.route import Route, route

from conftest import EXAMPLE_BASE

ESCALATION = """kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker], time_limit: 1d}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader], time_limit: 3d}
  - {id: street_centre, name: 街道网格化服务管理中心, tier: street, handlers: [street_cadre], time_limit: 7d}
departments:
  - {id: commerce_bureau, name: 区商务局, level: street_centre}
  - {id: planning_bureau, name: 市规划局, level: street_centre}
  - {id: police_station, name: 派出所, level: community_centre}
routing:
  - {matters: [rental_safety], departments: [commerce_bureau, planning_bureau]}
  - {categories: [public_order], departments: [police_station]}
"""


def _policy(folder, *, rules=True):
    result = load_policy(folder, rules=rules)
    assert result.ok, [p for p in result.problems if p.level.value == "error"]
    return result.policy


@pytest.fixture(scope="module")
def base():
    return _policy(EXAMPLE_BASE)


def test_chain_from_a_grid_names_nodes_people_and_the_handling_level(base):
    r = route(base, "rental_safety", "S01C01G01")
    assert [s.level for s in r.steps] == ["grid", "community_centre", "street_centre"]
    assert [s.node.id if s.node else None for s in r.steps] == ["S01C01G01", "S01C01", "S01"]
    assert [s.stage for s in r.steps] == ["report", "handle", "escalate"]
    assert r.handling_level == "community_centre" and r.handling_tier == "community"
    assert [p.id for p in r.steps[0].people] == ["W001"]  # only the worker of this grid
    assert [p.id for p in r.steps[1].people] == ["W003"]
    assert r.steps[1].handles and not r.steps[0].handles
    assert [str(s.time_limit.text) for s in r.steps] == ["1d", "3d", "7d"]
    assert r.steps[0].source.endswith("escalation.yaml:5:5")


def test_a_grid_matter_is_handled_at_the_bottom(base):
    r = route(base, "neighbour_dispute", "S01C01G02")
    assert r.handling_level == "grid"
    assert [p.id for p in r.steps[0].people] == ["W002"]
    assert r.report_within is not None and r.report_within.text == "2h"


def test_from_a_community_node_the_chain_starts_there(base):
    r = route(base, "neighbour_dispute", "S01C01")
    assert [s.level for s in r.steps] == ["community_centre", "street_centre"]
    # no level at the grid tier on this line: the first level at or above handles
    assert r.handling_level == "community_centre"


def test_generic_chain_without_a_grid(base):
    r = route(base, "rental_safety", None)
    assert r.grid is None
    assert [s.level for s in r.steps] == ["grid", "community_centre", "street_centre"]
    assert all(s.node is None and not s.people for s in r.steps)
    assert r.handling_level == "community_centre"


def test_departments_attach_to_the_level_that_dispatches(make_policy):
    policy = _policy(make_policy({"escalation.yaml": ESCALATION}))
    r = route(policy, "rental_safety", "S01C01G01")
    by_level = {s.level: [d.id for d in s.departments] for s in r.steps}
    assert by_level == {
        "grid": [],
        "community_centre": ["police_station"],  # by category public_order
        "street_centre": ["commerce_bureau", "planning_bureau"],
    }
    assert [d.id for d in r.departments] == ["police_station", "commerce_bureau", "planning_bureau"]
    assert [h.id for h in r.steps[2].handlers] == ["street_cadre"]


def test_levels_on_another_tier_branch_are_left_out(make_policy):
    tiers = (EXAMPLE_BASE / "tiers.yaml").read_text(encoding="utf-8") + (
        "  - {id: dedicated, name: 专属网格, parent: community, is_grid: true}\n"
    )
    grids = (EXAMPLE_BASE / "grids.yaml").read_text(encoding="utf-8") + (
        '  - {id: "S01C01D01", name: 园区专属网格, tier: dedicated, parent: "S01C01"}\n'
    )
    # the party-coverage rules would want an organisation for the new tier: not this test's point
    policy = _policy(make_policy({"tiers.yaml": tiers, "grids.yaml": grids}), rules=False)
    r = route(policy, "neighbour_dispute", "S01C01D01")
    assert [s.level for s in r.steps] == ["community_centre", "street_centre"]


def test_emergency_mode_carries_the_overlay_reporting_limits(make_policy):
    emergency = """kind: emergency
version: 1
name: 应急状态
reporting: {verbal_within: 30m, written_within: 2h}
"""
    policy = _policy(make_policy({"emergency.yaml": emergency}))
    normal = route(policy, "neighbour_dispute", "S01C01G01")
    assert normal.verbal_report_within is None
    urgent = route(policy, "neighbour_dispute", "S01C01G01", Mode.EMERGENCY)
    assert urgent.mode is Mode.EMERGENCY
    assert urgent.verbal_report_within.text == "30m" and urgent.written_report_within.text == "2h"
    assert [s.level for s in urgent.steps] == [s.level for s in normal.steps]


def test_unknown_ids_raise_query_errors(base):
    with pytest.raises(QueryError) as exc:
        route(base, "no_such_matter", "S01C01G01")
    assert exc.value.code == "unknown_matter"
    with pytest.raises(QueryError) as exc:
        route(base, "neighbour_dispute", "NOWHERE")
    assert exc.value.code == "unknown_grid"


def test_to_dict_is_json_ready_and_complete(base):
    r = route(base, "rental_safety", "S01C01G01")
    assert isinstance(r, Route)
    data = json.loads(json.dumps(r.to_dict(), ensure_ascii=False))
    assert data["handling_level"] == "community_centre"
    assert data["steps"][1]["node"] == {"id": "S01C01", "names": {"zh": "锦官驿社区", "en": ""}}
    assert data["steps"][1]["handles"] is True
    assert data["steps"][0]["people"][0]["id"] == "W001"


def test_people_index_may_be_supplied(base):
    calls = []

    def people_at(node):
        calls.append(node)
        return [w for w in base.workers if w.grid == node]

    r = route(base, "rental_safety", "S01C01G01", people_at=people_at)
    assert "S01C01" in calls and [p.id for p in r.steps[1].people] == ["W003"]
