"""gridrules.route: the escalation chain for a matter from a grid (pure; no Casbin)."""

from __future__ import annotations

import json

import pytest

from gridrules import load_policy
from gridrules.decision import QueryError
from gridrules.model import Mode
from gridrules.route import Route, route
from gridrules.rules.timeline import jurisdiction_example, matters_example

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


# --- time limits, direct reporting, lead/assist (docs/decisions.md "Time limits 时限") ---


def _texts(durations):
    return [d.text if d is not None else None for d in durations]


def test_each_step_has_a_limit_and_a_cumulative_deadline(base):
    # rental_safety states no limits: every step takes its level's own time_limit
    r = route(base, "rental_safety", "S01C01G01")
    assert _texts(s.time_limit for s in r.steps) == ["1d", "3d", "7d"]
    assert _texts(s.cumulative for s in r.steps) == ["1d", "4d", "11d"]
    assert r.handling_deadline.text == "4d" and r.close_within is None
    assert r.deadline.text == "4d"  # no close_within: the cumulative at the handling step
    assert r.steps[0].limit_source.endswith("escalation.yaml:9:17")


def test_a_report_step_passes_the_matter_on_within_report_within(make_policy):
    matters = matters_example(", time_limits: {report_within: 2h, close_within: 5d}")
    r = route(_policy(make_policy({"matters.yaml": matters})), "rental_safety", "S01C01G01")
    assert _texts(s.time_limit for s in r.steps) == ["2h", "3d", "7d"]
    assert _texts(s.cumulative for s in r.steps) == ["2h", "3d2h", "10d2h"]
    assert r.handling_deadline.text == "3d2h"
    assert r.deadline.text == "5d"  # close_within is the printed figure
    assert r.steps[0].limit_source.endswith("matters.yaml:10:119")  # the 2h of report_within


def test_a_matter_may_set_its_own_time_at_a_level(make_policy):
    matters = matters_example(
        ", time_limits: {report_within: 2h, close_within: 1d, level_limits: {community_centre: 20h}}"
    )
    r = route(_policy(make_policy({"matters.yaml": matters})), "rental_safety", None)
    assert _texts(s.time_limit for s in r.steps) == ["2h", "20h", "7d"]
    assert r.handling_deadline.text == "22h" and r.deadline.text == "1d"
    assert "level_limits" not in r.steps[1].limit_source  # a position, not a path
    assert r.steps[1].limit_source.endswith("matters.yaml:10:174")  # the 20h


def test_a_direct_report_skips_the_levels_below_its_target(make_policy):
    matters = matters_example(
        ", time_limits: {report_within: 30m, close_within: 4d}, direct_report: "
        "{level: community_centre, within: 30m, written_within: 2h, source: 参照珠海市做法}"
    )
    r = route(_policy(make_policy({"matters.yaml": matters})), "rental_safety", "S01C01G01")
    assert [s.stage for s in r.steps] == ["direct", "handle", "escalate"]
    assert [s.level for s in r.steps] == ["community_centre", "community_centre", "street_centre"]
    assert [x.id for x in r.skipped] == ["grid"]
    assert r.steps[0].node.id == "S01C01" and [p.id for p in r.steps[0].people] == ["W003"]
    assert _texts(s.time_limit for s in r.steps) == ["30m", "3d", "7d"]
    assert _texts(s.cumulative for s in r.steps) == ["30m", "3d30m", "10d30m"]
    assert r.steps[0].written_within.text == "2h" and r.direct.source == "参照珠海市做法"
    data = r.to_dict()
    assert data["direct_report"]["level"] == "community_centre" and data["skipped"] == ["grid"]
    assert data["steps"][0]["stage"] == "direct" and data["steps"][1]["cumulative"] == "3d30m"


def test_a_direct_report_above_the_handling_level_runs_alongside(make_policy):
    # neighbour_dispute is handled in the grid; the street centre is told at once
    matters = matters_example(
        neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
        "direct_report: {level: street_centre, within: 30m}"
    )
    r = route(_policy(make_policy({"matters.yaml": matters})), "neighbour_dispute", "S01C01G01")
    assert [s.stage for s in r.steps] == ["direct", "handle", "escalate", "escalate"]
    assert not r.steps[0].counted and r.steps[0].cumulative is None
    assert _texts(s.cumulative for s in r.steps[1:]) == ["1d", "4d", "11d"]
    assert r.skipped == () and r.handling_deadline.text == "1d"


def test_a_category_direct_report_applies_to_its_matters_unless_a_matter_has_its_own(make_policy):
    matters = matters_example(
        category=", direct_report: {level: street_centre, within: 1h}",
        rental=", direct_report: {level: community_centre, within: 30m}",
    )
    policy = _policy(make_policy({"matters.yaml": matters}))
    assert route(policy, "neighbour_dispute", None).direct.level == "street_centre"
    assert route(policy, "rental_safety", None).direct.level == "community_centre"
    assert route(policy, "elderly_visit", None).direct is None  # another category


KEEP = """kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker], time_limit: 1d}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader], time_limit: 3d}
  - {id: street_centre, name: 街道网格化服务管理中心, tier: street, handlers: [street_cadre], time_limit: 7d}
departments:
  - {id: police_station, name: 派出所, level: community_centre, time_limit: 2d}
  - {id: commerce_bureau, name: 区商务局, level: street_centre}
  - {id: planning_bureau, name: 市规划局, level: street_centre}
routing:
  - {matters: [rental_safety], keep: true, lead: [police_station], assist: [commerce_bureau, planning_bureau]}
"""


def test_a_level_that_keeps_the_case_enlists_departments_above_it(make_policy):
    r = route(_policy(make_policy({"escalation.yaml": KEEP})), "rental_safety", "S01C01G01")
    assert r.kept
    assert [s.level for s in r.steps] == ["grid", "community_centre"]  # nothing is handed up
    assert [s.stage for s in r.steps] == ["report", "handle"] and r.steps[1].keeps
    deps = [(d.id, d.part, d.level) for d in r.steps[1].departments]
    assert deps == [
        ("police_station", "lead", "community_centre"),
        ("commerce_bureau", "assist", "street_centre"),
        ("planning_bureau", "assist", "street_centre"),
    ]
    assert r.steps[1].departments[0].time_limit.text == "2d"
    step = r.to_dict()["steps"][1]
    assert step["keeps"] is True
    assert step["departments"][1] == {
        "id": "commerce_bureau",
        "names": {"zh": "区商务局", "en": ""},
        "part": "assist",
        "time_limit": None,
        "level": "street_centre",
    }


def test_without_keep_departments_stay_with_the_level_that_dispatches(make_policy):
    escalation = KEEP.replace("keep: true, ", "")
    r = route(_policy(make_policy({"escalation.yaml": escalation})), "rental_safety", None)
    assert not r.kept and [s.level for s in r.steps][-1] == "street_centre"
    by_level = {s.level: [(d.id, d.part) for d in s.departments] for s in r.steps}
    assert by_level["community_centre"] == [("police_station", "lead")]
    assert by_level["street_centre"] == [
        ("commerce_bureau", "assist"),
        ("planning_bureau", "assist"),
    ]


def test_the_route_carries_the_ceiling(make_policy):
    policy = _policy(make_policy({"jurisdiction.yaml": jurisdiction_example("15d")}))
    r = route(policy, "rental_safety", None)
    assert r.ceiling.limit.text == "15d" and r.ceiling.extension == "经审批可延长"
    assert r.to_dict()["ceiling"] == {"limit": "15d", "extension": "经审批可延长", "source": "示例"}
    assert route(_policy(EXAMPLE_BASE), "rental_safety", None).to_dict()["ceiling"] is None


def test_cli_route_prints_step_limits_cumulative_deadline_and_ceiling(make_policy, capsys):
    from gridrules.cli.main import main

    folder = make_policy({"jurisdiction.yaml": jurisdiction_example("15d")})
    assert (
        main(["route", str(folder), "-m", "rental_safety", "-g", "S01C01G01", "--lang", "zh"]) == 0
    )
    out = capsys.readouterr().out
    assert "期限 4天（路线累计）" in out and "处置层级累计 4天" in out
    assert "时限上限 15天（经审批可延长）" in out and "上限依据: 示例" in out
    assert "[处置] 社区网格服务站 (community_centre) S01C01 锦官驿社区 · 3天 · 累计 4天" in out
    assert main(["route", str(folder), "-m", "rental_safety", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "deadline 4 days (route total)" in out and "ceiling 15 days (经审批可延长)" in out
    assert "· 7 days · cumulative 11 days" in out
    assert main(["route", str(folder), "-m", "rental_safety", "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["deadline"] == "4d" and data["ceiling"]["limit"] == "15d"
    assert [s["cumulative"] for s in data["steps"]] == ["1d", "4d", "11d"]


def test_cli_route_prints_the_direct_step_first_and_the_kept_case(make_policy, capsys):
    from gridrules.cli.main import main

    matters = matters_example(
        ", time_limits: {report_within: 30m, close_within: 4d}, direct_report: "
        "{level: community_centre, within: 30m, written_within: 2h, source: 参照珠海市做法}"
    )
    folder = make_policy({"matters.yaml": matters, "escalation.yaml": KEEP})
    assert (
        main(["route", str(folder), "-m", "rental_safety", "-g", "S01C01G01", "--lang", "zh"]) == 0
    )
    out = capsys.readouterr().out
    lines = [line.strip() for line in out.splitlines()]
    first = next(i for i, line in enumerate(lines) if line.startswith("1."))
    assert lines[first].startswith("1. [直报] 社区网格服务站")
    assert "书面 2小时" in lines[first] and "累计 30分钟" in lines[first]
    assert lines[first + 3].startswith("2. [处置·不上交] 社区网格服务站")
    assert "派出所（牵头，2天）, 区商务局（配合）, 市规划局（配合）" in out
    assert "越级直报，跳过: 网格" in out and "直报依据: 参照珠海市做法" in out
