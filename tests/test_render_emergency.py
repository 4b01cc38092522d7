"""The manual's emergency chapter: plans, response levels with colours, procedures with the
roles that run them, and the matters admitted only while a plan is active — no internal ids."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from gridrules.levels import LEVEL_IDS, RESPONSE_LEVELS
from gridrules.render import render_handbook
from gridrules.render.context import build_handbook

from conftest import POLICIES
from render_support import FIXED_DATE, FIXED_VERSION, load, options

SMALL = Path(__file__).resolve().parent / "fixtures" / "render" / "small"


def chapter_text(manual: str, chapter: str) -> str:
    start = manual.index(f'id="ch-{chapter}"')
    end = manual.find('<section class="chapter"', start + 1)
    body = manual[start : end if end > 0 else len(manual)]
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def render_manual(folder: Path, out: Path, lang: str = "zh") -> str:
    render_handbook(load(folder), out, options(formats=("html",), lang=lang))
    return (out / "manual.html").read_text(encoding="utf-8")


def test_national_levels_are_defined_once_with_colours() -> None:
    assert LEVEL_IDS == ("I", "II", "III", "IV")
    assert [(lv.grade.zh, lv.colour.zh, lv.colour_id) for lv in RESPONSE_LEVELS] == [
        ("特别重大", "红色", "red"),
        ("重大", "橙色", "orange"),
        ("较大", "黄色", "yellow"),
        ("一般", "蓝色", "blue"),
    ]
    assert RESPONSE_LEVELS[0].label("zh") == "Ⅰ级（特别重大，红色）"
    assert RESPONSE_LEVELS[3].label("en") == "Level IV (general, blue)"


def test_view_data_of_a_plan() -> None:
    hb = build_handbook(load(SMALL), FIXED_VERSION, lang="zh", generated=FIXED_DATE)
    e = hb.manual.emergency
    assert e is not None
    (plan,) = e.plans
    assert plan.name == "突发公共卫生事件应急预案"
    assert [(lv.numeral, lv.grade, lv.colour) for lv in plan.levels] == [
        ("Ⅲ级", "较大", "黄色"),
        ("Ⅳ级", "一般", "蓝色"),
    ]
    assert (plan.levels[0].verbal_report, plan.levels[0].written_report) == ("30分钟", "2小时")
    assert plan.levels[0].report_to == "街道网格化服务管理中心"
    assert plan.levels[1].verbal_report == ""
    assert plan.procedures[0].roles == ("专职网格员", "网格党员")
    assert plan.admitted == ("入户排查",)
    assert e.procedures[0].name == "排查摸底"  # the common procedures stay
    matters = {m.name: m for c in hb.manual.categories for m in c.matters}
    assert matters["入户排查"].status == "仅在突发公共卫生事件应急预案启动期间准入"
    (row,) = [a for a in hb.manual.admitted if a.emergency]
    assert row.matters == ("入户排查",)
    # normal-mode patrol checklists never list an emergency-only matter
    for checklist in hb.checklists:
        for group in checklist.groups:
            assert "入户排查" not in [item.name for item in group.items]


def test_english_plan() -> None:
    hb = build_handbook(load(SMALL), FIXED_VERSION, lang="en", generated=FIXED_DATE)
    e = hb.manual.emergency
    assert e is not None
    assert e.plans[0].name == "public-health emergency plan"
    assert [lv.colour for lv in e.plans[0].levels] == ["yellow", "blue"]
    matters = {m.id: m for c in hb.manual.categories for m in c.matters}
    assert matters["door_to_door_screening"].status == (
        "admitted only while public-health emergency plan is active"
    )


def test_small_manual_prints_levels_roles_and_admitted_matters(tmp_path: Path) -> None:
    text = chapter_text(render_manual(SMALL, tmp_path / "site"), "emergency")
    for words in ("应急预案", "Ⅲ级", "较大", "黄色", "Ⅳ级", "蓝色", "承担", "专职网格员、网格党员"):
        assert words in text, words
    assert "仅在本预案启动期间准入的事项 ：入户排查" in text
    for internal in (
        "public_health",
        "full_time_worker",
        "door_to_door_screening",
        "street_centre",
    ):
        assert internal not in text, internal
    assert "level-yellow" in render_manual(SMALL, tmp_path / "again")  # the colour swatch


@pytest.mark.parametrize("name", ["chengdu", "tongjiang", "t-city"])
def test_bundled_plans_print_without_ids(name: str, tmp_path: Path) -> None:
    policy = load(POLICIES / name)
    manual = render_manual(POLICIES / name, tmp_path / "site")
    text = chapter_text(manual, "emergency")
    assert policy.emergency is not None and policy.emergency.plans
    for plan in policy.emergency.plans:
        assert plan.names.zh in text
        assert plan.id not in text
        for procedure in plan.procedures:
            assert procedure.roles
            for role in procedure.roles:
                assert policy.role_by_id[role].names.zh in text
    ids = {r.id for r in policy.roles} | {m.id for m in policy.matters}
    words = set(re.findall(r"[a-z][a-z0-9_]*_[a-z0-9_]+", text))
    assert not words & ids, sorted(words & ids)


def test_tongjiang_epidemic_tasks_are_printed_as_plan_only(tmp_path: Path) -> None:
    manual = render_manual(POLICIES / "tongjiang", tmp_path / "site")
    plan = chapter_text(manual, "emergency")
    assert "县应对突发公共卫生事件应急预案" in plan
    assert "全员核酸检测入户宣传动员" in plan.split("仅在本预案启动期间准入的事项")[1]
    admission = chapter_text(manual, "admission")
    assert "仅在县应对突发公共卫生事件应急预案启动期间准入" in admission


def test_emergency_view_data_is_plain_strings() -> None:
    from test_render_context import strings_only

    strings_only(build_handbook(load(SMALL), FIXED_VERSION, lang="zh", generated=FIXED_DATE))


def test_duty_cards_tag_matters_admitted_only_in_emergencies() -> None:
    hb = build_handbook(load(POLICIES / "tongjiang"), FIXED_VERSION, generated=FIXED_DATE)
    card = next(c for c in hb.cards if c.id == "grid_worker")
    listed = [m for d in card.duties for m in d.matters]
    assert "返乡及外来人员登记排查（仅应急期间）" in listed
    assert "邻里纠纷" in listed
    assert not any("（仅应急期间）" in m for d in card.emergency_duties for m in d.matters)
