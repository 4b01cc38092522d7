"""The time-limit model (docs/decisions.md "Time limits 时限"): rules GR620–GR628 on each side,
and handbooks that print, for every matter of every bundled policy, the route's deadline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gridrules import load_policy
from gridrules.render.context import build_handbook
from gridrules.route import route
from gridrules.rules.timeline import jurisdiction_example, matters_example
from gridrules.validate import validate_folder
from gridrules.version import PolicyVersion

from conftest import POLICIES

TODAY = dt.date(2026, 11, 22)
BUNDLED = sorted(p for p in POLICIES.iterdir() if (p / "jurisdiction.yaml").exists())
TIME_RULES = {f"GR62{i}" for i in range(9)}


def problems(folder: Path, code: str) -> list:
    return [p for p in validate_folder(folder, today=TODAY).problems if p.code == code]


def escalation(levels: str = "", departments: str = "", routing: str = "") -> str:
    return f"""kind: escalation
version: 1
levels:
  - {{id: grid, name: 网格, tier: grid, handlers: [full_time_worker], time_limit: 1d}}
  - {{id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader], time_limit: 3d{levels}}}
  - {{id: street_centre, name: 街道网格化服务管理中心, tier: street, time_limit: 7d}}
departments:
{departments or "  - {id: police_station, name: 派出所, level: community_centre}"}
routing:
{routing or "  - {matters: [rental_safety], departments: [police_station]}"}
"""


# --- GR620 a step longer than close_within ----------------------------------------------


def test_gr620_a_level_limit_above_close_within_names_both_sides(make_policy):
    folder = make_policy({"matters.yaml": matters_example(", time_limits: {close_within: 2d}")})
    [found] = problems(folder, "GR620")
    assert found.location.file.endswith("matters.yaml") and found.location.line == 10
    assert found.value == "2d"
    assert "escalation.yaml:14:" in found.message.en and "community_centre" in found.message.en
    assert "3天" in found.message.zh and "2天" in found.message.zh


def test_gr620_a_matter_level_limit_above_its_own_close_within(make_policy):
    limits = ", time_limits: {close_within: 1d, level_limits: {community_centre: 2d}}"
    folder = make_policy({"matters.yaml": matters_example(limits)})
    [found] = problems(folder, "GR620")
    assert "matters.yaml:10:" in found.message.en  # the other side is the matter's own entry


def test_gr620_a_direct_report_longer_than_close_within(make_policy):
    matters = matters_example(
        ", time_limits: {close_within: 1h, level_limits: {community_centre: 30m}}, "
        "direct_report: {level: community_centre, within: 2h}"
    )
    assert [p.code for p in problems(make_policy({"matters.yaml": matters}), "GR620")] == ["GR620"]


# --- GR621 the sum above close_within ----------------------------------------------------


def test_gr621_the_route_sum_above_close_within_lists_every_step(make_policy):
    limits = ", time_limits: {report_within: 1d, close_within: 3d}"
    folder = make_policy({"matters.yaml": matters_example(limits)})
    [found] = problems(folder, "GR621")
    assert found.location.line == 10 and not problems(folder, "GR620")
    assert "adds up to 4 days" in found.message.en
    assert "matters.yaml:10:" in found.message.en  # the report step: the matter's report_within
    assert "escalation.yaml:14:" in found.message.en  # the handling level's time_limit


def test_gr621_close_within_at_least_the_sum_is_fine(make_policy):
    limits = ", time_limits: {report_within: 1d, close_within: 4d}"
    folder = make_policy({"matters.yaml": matters_example(limits)})
    assert validate_folder(folder, today=TODAY).problems == []


def test_gr621_every_leaf_chain_is_checked(make_policy):
    # a dedicated grid under the community: a second chain through a slower level
    tiers = (Path(make_policy()) / "tiers.yaml").read_text(encoding="utf-8") + (
        "  - {id: dedicated, name: 专属网格, parent: community, is_grid: true}\n"
    )
    esc = escalation(levels="").replace(
        "  - {id: community_centre",
        "  - {id: dedicated_level, name: 专属网格, tier: dedicated, time_limit: 2d}\n"
        "  - {id: community_centre",
    )
    limits = ", time_limits: {close_within: 4d}"  # grid 1d + 3d fits; dedicated 2d + 3d does not
    folder = make_policy(
        {"tiers.yaml": tiers, "escalation.yaml": esc, "matters.yaml": matters_example(limits)}
    )
    [found] = problems(folder, "GR621")
    assert "from 'dedicated_level' adds up to 5 days" in found.message.en


# --- GR622–GR624 the ceiling -------------------------------------------------------------


def test_gr622_a_route_over_the_ceiling_points_at_the_ceiling(make_policy):
    folder = make_policy({"jurisdiction.yaml": jurisdiction_example("3d")})
    [found] = problems(folder, "GR622")
    assert "rental_safety" in found.message.en and "adds up to 4 days" in found.message.en
    assert "jurisdiction.yaml:9:" in found.message.en
    assert "escalation.yaml:14:" in found.message.en


def test_gr623_close_within_over_the_ceiling(make_policy):
    folder = make_policy(
        {
            "jurisdiction.yaml": jurisdiction_example("15d"),
            "matters.yaml": matters_example(
                neighbour="time_limits: {report_within: 2h, close_within: 20d}"
            ),
        }
    )
    [found] = problems(folder, "GR623")
    assert found.location.file.endswith("matters.yaml") and found.location.line == 8
    assert "jurisdiction.yaml:9:" in found.message.en


def test_gr624_any_single_limit_over_the_ceiling(make_policy):
    folder = make_policy(
        {
            "jurisdiction.yaml": jurisdiction_example("5d"),
            "escalation.yaml": escalation(
                departments="  - {id: police_station, name: 派出所, level: community_centre, "
                "time_limit: 6d}"
            ),
            "matters.yaml": matters_example(
                ", time_limits: {close_within: 5d, level_limits: {street_centre: 6d}}"
            ),
        }
    )
    found = problems(folder, "GR624")
    where = sorted((Path(p.location.file).name, p.location.line) for p in found)
    # the street level, the department, the matter's level_limits entry
    assert where == [("escalation.yaml", 6), ("escalation.yaml", 8), ("matters.yaml", 10)]
    assert all("jurisdiction.yaml:9:" in p.message.en for p in found)


def test_a_child_inherits_the_ceiling(make_policy, tmp_path):
    parent = make_policy({"jurisdiction.yaml": jurisdiction_example("3d")})
    child = tmp_path / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        f"kind: jurisdiction\nversion: 1\nid: child\nname: 下级\nlevel: street\n"
        f"character: urban\nextends: ../{parent.name}\n",
        encoding="utf-8",
    )
    policy = load_policy(child, root=tmp_path, rules=False).policy
    assert policy.jurisdiction.settings.time_limit_ceiling.limit.text == "3d"
    assert str(policy.jurisdiction.settings.time_limit_ceiling.origin.location).startswith(
        str(parent)
    )


# --- GR625 departments inside their step ---------------------------------------------------


def test_gr625_a_department_longer_than_the_level_that_dispatches_to_it(make_policy):
    folder = make_policy(
        {
            "escalation.yaml": escalation(
                departments="  - {id: police_station, name: 派出所, level: community_centre, "
                "time_limit: 5d}"
            )
        }
    )
    [found] = problems(folder, "GR625")
    assert found.location.line == 8 and "escalation.yaml:5:" in found.message.en


def test_gr625_a_kept_case_measures_enlisted_departments_against_the_keeping_level(make_policy):
    # the commerce bureau belongs to the street (7d) but the community keeps the case (3d)
    departments = (
        "  - {id: police_station, name: 派出所, level: community_centre}\n"
        "  - {id: commerce_bureau, name: 区商务局, level: street_centre, time_limit: 5d}"
    )
    kept = "  - {matters: [rental_safety], keep: true, assist: [commerce_bureau]}"
    folder = make_policy({"escalation.yaml": escalation(departments=departments, routing=kept)})
    [found] = problems(folder, "GR625")
    assert "community_centre" in found.message.en
    handed_up = kept.replace("keep: true, ", "")
    folder = make_policy(
        {"escalation.yaml": escalation(departments=departments, routing=handed_up)}
    )
    assert problems(folder, "GR625") == []  # at the street (7d) it fits


# --- GR626 direct reports, GR627 lead/assist, GR628 report after close --------------------


def test_gr626_direct_report_contradictions(make_policy):
    matters = matters_example(
        neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
        "direct_report: {level: community_center, within: 4h, written_within: 2h}"
    )
    found = problems(make_policy({"matters.yaml": matters}), "GR626")
    texts = " | ".join(p.message.en for p in found)
    assert len(found) == 3
    assert "not an escalation level" in texts and "before the first report" in texts
    assert "later than its report_within" in texts and "matters.yaml:8:" in texts
    hints = [p.hint.en for p in found if p.hint and "did you mean" in p.hint.en]
    assert hints == ["did you mean 'community_centre'?"]


def test_gr626_a_category_direct_report_is_checked_against_each_matter(make_policy):
    matters = matters_example(category=", direct_report: {level: street_centre, within: 4h}")
    found = problems(make_policy({"matters.yaml": matters}), "GR626")
    assert ["neighbour_dispute" in p.message.en for p in found] == [True]  # its report_within 2h


def test_gr627_a_department_leading_and_assisting(make_policy):
    twice = "  - {matters: [rental_safety], lead: [police_station], assist: [police_station]}"
    [found] = problems(make_policy({"escalation.yaml": escalation(routing=twice)}), "GR627")
    assert found.location.line == 10 and "escalation.yaml:10:" in found.message.en
    across = (
        "  - {matters: [rental_safety], lead: [police_station]}\n"
        "  - {categories: [public_order], assist: [police_station]}"
    )
    found = problems(make_policy({"escalation.yaml": escalation(routing=across)}), "GR627")
    assert [p.location.line for p in found] == [11]  # rental_safety is public_order too
    keep = (
        "  - {matters: [rental_safety], keep: true, lead: [police_station]}\n"
        "  - {matters: [rental_safety], departments: [police_station]}"
    )
    found = problems(make_policy({"escalation.yaml": escalation(routing=keep)}), "GR627")
    assert any("disagree on keep" in p.message.en for p in found)


def test_gr628_reported_later_than_closed(make_policy):
    matters = matters_example(neighbour="time_limits: {report_within: 4d, close_within: 3d}")
    [found] = problems(make_policy({"matters.yaml": matters}), "GR628")
    assert found.location.line == 8 and "matters.yaml:8:" in found.message.en


# --- the bundled policies ----------------------------------------------------------------


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
def test_bundled_policies_have_no_time_limit_contradictions(folder):
    found = [p for p in validate_folder(folder, today=TODAY).problems if p.code in TIME_RULES]
    assert found == []


@pytest.mark.parametrize("folder", BUNDLED, ids=lambda p: p.name)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_matter_prints_the_routes_deadline(folder, lang):
    """Exhaustive: every matter of every bundled policy, in the manual, the checklists and the
    duty cards, prints the deadline of its route (gridrules.route), never another figure."""
    policy = load_policy(folder, rules=False).policy
    hb = build_handbook(policy, PolicyVersion("0" * 12, "", False), lang=lang, generated=TODAY)
    want = {}
    for m in policy.matters:
        deadline = route(policy, m.id, None).deadline
        want[m.id] = deadline.describe(lang) if deadline is not None else ""
    printed = {v.id: v.deadline for c in hb.manual.categories for v in c.matters}
    assert printed == want  # every matter, each with the route's figure
    by_name = {m.names(lang): want[m.id] for m in policy.matters}
    items = [item for c in hb.checklists for g in c.groups for item in g.items]
    assert all(item.deadline == by_name[item.name] for item in items)
    on_cards = [pair for card in hb.cards for pair in card.deadlines]
    assert all(limit == by_name[name] for name, limit in on_cards)
    assert items and on_cards
