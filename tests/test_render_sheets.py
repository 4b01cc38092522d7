"""Duty cards with their time limits, the closed loop as a diagram, the cover's edition."""

from __future__ import annotations

import re

from gridrules.render.context import build_handbook
from gridrules.render.loop_svg import loop_svg
from gridrules.render.views import LoopStepView

from render_support import FIXED_DATE, FIXED_VERSION, POLICIES, load


def handbook(name: str):
    return build_handbook(load(POLICIES / name), FIXED_VERSION, generated=FIXED_DATE)


def test_cards_carry_each_levels_time_limit() -> None:
    hb = handbook("chengdu")
    worker = next(c for c in hb.cards if c.id == "full_time_worker")
    assert len(worker.escalation) >= 3
    assert all(limit for _, limit in worker.escalation[:3])
    levels = [level for level, _ in worker.escalation]
    assert levels[0].endswith("网格") and len(set(levels)) == len(levels)


def test_cover_prints_the_edition_from_the_policy_and_nothing_when_absent() -> None:
    wuhou, chengdu = handbook("chengdu-wuhou"), handbook("chengdu")
    assert wuhou.meta.edition == "2026年版" and "武网格办发" in wuhou.meta.issuing_number
    assert wuhou.meta.issuer  # falls back to settings.office
    assert chengdu.meta.edition == "" and chengdu.meta.issuing_number == ""


def test_notice_channels_say_when_in_resident_words() -> None:
    hb = handbook("chengdu-wuhou")
    withins = {c.within for n in hb.notices[:50] for c in n.channel if c.time_limit}
    assert withins and all(re.fullmatch(r"\d+(日|小时|分钟)+内", w) for w in withins), withins


def test_loop_diagram_is_deterministic_and_closed() -> None:
    steps = tuple(
        LoopStepView(i, name, "", limit)
        for i, (name, limit) in enumerate(
            [
                ("信息收集", ""),
                ("受理立案", "1天"),
                ("派单交办", ""),
                ("处置办理", "15天"),
                ("结果反馈", ""),
                ("核查结案", "2天"),
                ("事后回访", ""),
            ],
            start=1,
        )
    )
    svg = loop_svg(steps, "闭环", "时限 {limit}", "重新进入闭环")
    assert svg == loop_svg(steps, "闭环", "时限 {limit}", "重新进入闭环")
    for s in steps:
        assert f">{s.name}<" in svg
    assert "时限 15天" in svg and "重新进入闭环" in svg
    assert svg.count("<polygon") == len(steps)  # n-1 arrows forward and one back
    assert loop_svg((), "闭环", "{limit}", "") == ""
    hb = handbook("chengdu")
    assert hb.manual.loop, "the fixture no longer has a loop"
