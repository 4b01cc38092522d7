"""Tables sized from their content: short words never split, long lists grouped, exclusions
tagged rather than struck through."""

from __future__ import annotations

import re

from gridrules.render.context import build_handbook
from gridrules.render.tables import fit_tables, text_width
from gridrules.resources import templates_dir

from render_support import FIXED_DATE, FIXED_VERSION, POLICIES, load

TABLE = """<table class="data"><thead><tr><th>事项</th><th>动作</th><th>处置层级</th><th>说明</th>
<th>情况记录</th></tr></thead><tbody>
<tr><td>邻里纠纷</td><td>派单、督办、上交、处置、协助、上报</td><td>镇（街道）</td>
<td>网格员巡查发现或群众反映，通过“微网实格”平台上报，由社区研判后处置或上交。</td><td></td></tr>
<tr><td>出租房屋和流动人口登记</td><td>处置</td><td>社区总网格</td><td>—</td><td></td></tr>
</tbody></table>"""


def widths(page: str) -> list[float]:
    return [float(w) for w in re.findall(r'<col style="width:([\d.]+)%">', page)]


def test_columns_are_sized_from_content() -> None:
    page = fit_tables(TABLE)
    cols = widths(page)
    assert len(cols) == 5 and abs(sum(cols) - 100) < 0.5
    _matter, _actions, tier, text, notes = cols
    # a term column is as wide as its longest entry: 镇（街道） never breaks
    assert tier * 50 / 100 >= text_width("镇（街道）")
    assert 'class="term">镇（街道）' in page and 'class="term">社区总网格' in page
    # a list of terms wraps only after its 、
    assert '<span class="nw">派单、</span><wbr><span class="nw">督办、</span>' in page
    # running text gets the most room; the column left blank is wide enough to write in
    assert text == max(cols) and notes * 50 / 100 >= 9


def test_tables_without_data_class_or_sized_already_are_left_alone() -> None:
    assert fit_tables("<table><tr><td>x</td></tr></table>").count("colgroup") == 0
    once = fit_tables(TABLE)
    assert fit_tables(once) == once


def test_exclusions_are_tagged_not_struck_through() -> None:
    css = (templates_dir() / "assets" / "handbook.css").read_text(encoding="utf-8")
    assert "line-through" not in css
    matters = (templates_dir() / "manual" / "matters.html").read_text(encoding="utf-8")
    assert "tag-excluded" in matters


def test_long_duty_lists_are_grouped_by_category() -> None:
    policy = load(POLICIES / "chengdu")
    hb = build_handbook(policy, FIXED_VERSION, generated=FIXED_DATE)
    long = [d for r in hb.manual.roles for d in r.duties if len(d.matters) > 12]
    assert long, "the fixture no longer has a long duty list"
    for d in long:
        assert d.groups and sum(len(items) for _, items in d.groups) == len(d.matters)
    short = [d for r in hb.manual.roles for d in r.duties if len(d.matters) <= 12]
    assert all(not d.groups for d in short)
