"""The escalation flow diagram: generated, deterministic, well-formed, escaped."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from gridrules.render.context import FlowStep
from gridrules.render.labels import labels
from gridrules.render.svg import escalation_svg, wrap

SVG = "{http://www.w3.org/2000/svg}"

STEPS = (
    FlowStep("micro", "微网格", "微网格", ("微网格员",), "1天", (), depth=3, parent="general"),
    FlowStep("general", "一般网格", "一般网格", ("专职网格员",), "3天", (), 2, "community"),
    FlowStep("dedicated", "专属网格", "专属网格", (), "1天", (), 2, "community"),
    FlowStep("community", "社区总网格", "社区", ("社区总网格长",), "3天", (), 1, "street"),
    FlowStep("street", "街道综治中心", "街道", (), "7天", ("公安派出所", "综合行政执法队"), 0, ""),
)


def render(steps: tuple[FlowStep, ...] = STEPS, lang: str = "zh") -> str:
    return str(escalation_svg(steps, labels(lang), "上报处置流程图", lang))


def texts(svg: str) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_deterministic_and_well_formed() -> None:
    first, second = render(), render()
    assert first == second
    root = ET.fromstring(first)
    assert root.tag == f"{SVG}svg"
    assert root.find(f"{SVG}title") is not None


def test_every_level_limit_handler_and_department_is_drawn() -> None:
    drawn = " ".join(texts(render()))
    for step in STEPS:
        assert step.name in drawn
        assert f"时限 {step.time_limit}" in drawn
    assert "处置：专职网格员" in drawn
    assert "公安派出所" in drawn and "综合行政执法队" in drawn
    assert "发现事件" in drawn and "归档" in drawn


def test_sibling_tiers_share_a_row() -> None:
    root = ET.fromstring(render())
    boxes = {}
    for rect in root.iter(f"{SVG}rect"):
        if rect.get("fill") == "#fbf7f2":
            boxes[(float(rect.get("x", 0)), float(rect.get("y", 0)))] = rect
    ys = sorted({y for _, y in boxes})
    assert len(boxes) == 5 and len(ys) == 4  # general and dedicated side by side


def test_names_are_escaped() -> None:
    evil = (FlowStep("x", '<script>alert("x")</script> & {{ 7*7 }}', "t", (), "", ()),)
    svg = render(evil)
    assert "<script>" not in svg
    assert '<script>alert("x")</script> & {{ 7*7 }}' in " ".join(texts(svg))


def test_english_and_no_departments_is_narrow() -> None:
    steps = tuple(s for s in STEPS if not s.departments)
    svg = render(steps, "en")
    assert "level limit 3天" in " ".join(texts(svg))  # the level's default limit, labelled as such
    assert float(ET.fromstring(svg).get("width", "0")) < 400


def test_wrap_breaks_cjk_anywhere_and_latin_at_spaces() -> None:
    assert wrap("镇（街道）综治中心（网格化服务管理中心）", 15, 150) == [
        "镇（街道）综治中心",  # the opening bracket moves down (避尾)
        "（网格化服务管理中心）",  # the closing one stays (避头)
    ]
    assert wrap("district centre dispatcher", 12, 110) == ["district centre", "dispatcher"]
