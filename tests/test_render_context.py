"""Policy → view data: localised strings only, filters, statuses and routes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

from gridrules.render.context import Handbook, build_handbook, slug

from render_support import EXAMPLE_BASE, FIXED_DATE, FIXED_VERSION, load


def handbook(folder: Path = EXAMPLE_BASE, **kwargs: object) -> Handbook:
    values: dict[str, object] = {"lang": "zh", "generated": FIXED_DATE}
    values.update(kwargs)
    return build_handbook(load(folder), FIXED_VERSION, **values)  # type: ignore[arg-type]


def strings_only(value: object) -> None:
    """View data holds nothing but strings, numbers, booleans and records of them."""
    if isinstance(value, str | int | float | bool) or value is None:
        return
    if isinstance(value, tuple | list):
        for item in value:
            strings_only(item)
        return
    if isinstance(value, dict):
        for key, item in value.items():
            assert isinstance(key, str)
            strings_only(item)
        return
    assert dataclasses.is_dataclass(value), f"model object leaked into the view: {value!r}"
    assert type(value).__module__ in (
        "gridrules.render.context",
        "gridrules.render.views",
        "gridrules.render.emergency",
    ), type(value)
    for f in dataclasses.fields(value):
        strings_only(getattr(value, f.name))


def test_view_data_is_plain_strings() -> None:
    hb = handbook()
    strings_only(hb)
    assert hb.meta.jurisdiction == "示例街道"
    assert hb.meta.version == "0123456789ab (git fedcba9876)"
    assert hb.meta.generated == "2025年1月15日"
    assert "示例街道" in hb.meta.trace and "0123456789ab" in hb.meta.trace


def test_every_role_gets_a_card_and_grid_roles_get_checklists() -> None:
    hb = handbook()
    assert [c.id for c in hb.cards] == [
        "community_leader",
        "full_time_worker",
        "street_cadre",
        "grid_party_member",
    ]
    worker = next(c for c in hb.cards if c.id == "full_time_worker")
    assert worker.reports_to == "社区网格长"
    assert worker.report_only == ("出租房安全隐患",)  # reported, never handled
    assert worker.constraints == ("城市专职网格员不由两委成员兼任",)
    # checklists: roles at grid tiers with something to look for; excluded matters never appear
    assert [c.id for c in hb.checklists] == ["community_leader", "full_time_worker"]
    items = [i.name for c in hb.checklists for g in c.groups for i in g.items]
    assert "招商引资任务" not in items
    ft = next(c for c in hb.checklists if c.id == "full_time_worker")
    assert [(g.category, [i.name for i in g.items]) for g in ft.groups] == [
        ("社会治安类", ["邻里纠纷", "出租房安全隐患"]),
        ("民生服务类", ["独居老人走访"]),
    ]
    dispute = ft.groups[0].items[0]
    assert (dispute.action, dispute.report_within, dispute.close_within) == ("处置", "2小时", "3天")


def test_english_labels_and_names() -> None:
    hb = handbook(lang="en")
    assert hb.meta.jurisdiction == "Example street"
    assert hb.L["manual"] == "Operating manual"
    assert hb.cards[1].scope == "own grid, with the cells inside it"


def test_notices_cover_grid_tiers_with_workers_and_channel() -> None:
    hb = handbook()
    assert [n.id for n in hb.notices] == ["S01C01", "S01C01G01", "S01C01G02"]
    first = hb.notices[1]
    assert first.path == ("示例街道", "锦官驿社区")
    assert [(w.name, w.roles, w.phone) for w in first.workers] == [
        ("张晓燕", "专职网格员", "13800000001")
    ]
    # where to report: the levels above the grid, with the people there (from gridrules.route)
    assert [(c.level, c.node, [p.name for p in c.contacts]) for c in first.channel] == [
        ("社区网格服务站", "锦官驿社区", ["王丽"]),
        ("街道网格化服务管理中心", "示例街道", []),
    ]
    assert {n.group for n in hb.notices} == {"示例街道"}  # sheets print per street
    assert [g.pdf for g in hb.notice_groups] == ["notices/S01.pdf"]


def test_role_and_grid_selection() -> None:
    hb = handbook(roles=["full_time_worker"], grids=["S01C01G02"])
    assert [c.id for c in hb.cards] == ["full_time_worker"]
    assert [c.id for c in hb.checklists] == ["full_time_worker"]
    assert [n.id for n in hb.notices] == ["S01C01G02"]
    subtree = handbook(grids=["S01"])  # a street: every grid below it
    assert len(subtree.notices) == 3


def test_policy_text_stays_data(make_policy: Callable[..., Path]) -> None:
    folder = make_policy(
        {
            "matters.yaml": (EXAMPLE_BASE / "matters.yaml")
            .read_text(encoding="utf-8")
            .replace("name: 邻里纠纷", 'name: "{{ 7*7 }}<b>纠纷</b>"')
        }
    )
    hb = handbook(folder)
    names = [m.name for c in hb.manual.categories for m in c.matters]
    assert "{{ 7*7 }}<b>纠纷</b>" in names


def test_admission_statuses(make_policy: Callable[..., Path]) -> None:
    admission = (EXAMPLE_BASE / "admission.yaml").read_text(encoding="utf-8")
    admission = admission.replace(
        """  - matter: rental_safety
    approved_by: 区委社治委
    basis: 示社治发〔2024〕1号
    effective: "2024-01-01"
""",
        """  - matter: rental_safety
    approved_by: 区政府办
    basis: 示府办〔2024〕9号
    effective: "2024-06-01"
    expires: "2025-06-30"
    temporary: true
""",
    )
    folder = make_policy({"admission.yaml": admission})
    statuses = {
        m.id: m.status
        for c in handbook(folder, generated=dt.date(2025, 1, 15)).manual.categories
        for m in c.matters
    }
    assert statuses == {
        "neighbour_dispute": "已准入",
        "elderly_visit": "已准入",
        "rental_safety": "临时准入，至 2025-06-30",
        "investment_promotion": "不得下沉",
    }
    later = handbook(folder, generated=dt.date(2025, 7, 1))
    assert (
        next(
            m.status for c in later.manual.categories for m in c.matters if m.id == "rental_safety"
        )
        == "已过期（2025-06-30）"
    )
    # an expired admission drops the matter from the patrol checklists
    items = [i.name for c in later.checklists for g in c.groups for i in g.items]
    assert "出租房安全隐患" not in items
    # rows sharing approver, basis and dates are printed together
    groups = handbook(folder).manual.admitted
    assert [g.matters for g in groups] == [("邻里纠纷", "独居老人走访"), ("出租房安全隐患",)]


def test_matter_catalogue_uses_engine_routes() -> None:
    hb = handbook()
    dispute = hb.manual.categories[0].matters[0]
    assert (dispute.name, dispute.handling_level) == ("邻里纠纷", "网格")
    rental = hb.manual.categories[0].matters[1]
    assert rental.handling_level == "社区网格服务站"


def test_flow_steps_know_their_parent_level() -> None:
    steps = handbook().manual.flow
    assert [(s.id, s.parent, s.time_limit) for s in steps] == [
        ("grid", "community_centre", "1天"),
        ("community_centre", "street_centre", "3天"),
        ("street_centre", "", "7天"),
    ]


def test_slug_is_file_safe_and_stable() -> None:
    assert slug("S01C01G01") == "S01C01G01"
    odd = slug("../网格 1")
    assert "/" not in odd and odd == slug("../网格 1") and odd != slug("../网格 2")
    # the same in every run (Python's hash() is salted per process; a second call here is not)
    assert odd == "~~2e~.~2f~~7f51~~683c~~20~1"  # injective escapes (gridrules.names.slug)


_PROHIBITIONS = """\
prohibitions:
  - id: screenshot_proof
    name: 不以截图作为留痕考核依据
    name_en: no screenshots as proof of work
    text: 不得以微信群截图、视频作为网格工作留痕考核依据。
    basis: 示例依据
    origin: 示例出处
"""


def test_prohibitions_are_a_section_and_on_protected_cards(
    make_policy: Callable[..., Path],
) -> None:
    admission = (EXAMPLE_BASE / "admission.yaml").read_text(encoding="utf-8")
    hb = handbook(make_policy({"admission.yaml": admission + _PROHIBITIONS}))
    (rule,) = hb.manual.prohibitions
    assert (rule.name, rule.basis, rule.provenance) == (
        "不以截图作为留痕考核依据",
        "示例依据",
        "示例出处",
    )
    assert rule.text.startswith("不得以微信群截图")
    # not a matter: nothing in the catalogue, the checklists or the duty lists
    names = {m.name for c in hb.manual.categories for m in c.matters}
    assert rule.name not in names
    cards = {c.id: c for c in hb.cards}
    # community and grid roles (the bodies the lists protect) carry it; the street does not
    assert cards["full_time_worker"].prohibitions == (rule,)
    assert cards["community_leader"].prohibitions == (rule,)
    assert cards["street_cadre"].prohibitions == ()
    english = handbook(make_policy({"admission.yaml": admission + _PROHIBITIONS}), lang="en")
    assert english.manual.prohibitions[0].name == "no screenshots as proof of work"


def test_prohibitions_are_inherited_through_extends(tmp_path: Path) -> None:
    parent = tmp_path / "parent"
    shutil.copytree(EXAMPLE_BASE, parent)
    admission = parent / "admission.yaml"
    admission.write_text(admission.read_text(encoding="utf-8") + _PROHIBITIONS, encoding="utf-8")
    child = tmp_path / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        "kind: jurisdiction\nversion: 1\nid: child\nname: 子街道\nlevel: street\n"
        "character: urban\nextends: ../parent\n",
        encoding="utf-8",
    )
    policy = load(child)
    assert [x.id for x in policy.prohibitions] == ["screenshot_proof"]


def test_supervision_heading_comes_from_the_policy(make_policy: Callable[..., Path]) -> None:
    neutral = handbook()
    assert neutral.manual.supervision_title == "党建督导链条"
    assert "一根红线" not in neutral.manual.supervision_title
    party = (EXAMPLE_BASE / "party.yaml").read_text(encoding="utf-8")
    named = make_policy(
        {"party.yaml": party + "chain: {name: “一根红线”督导链条, name_en: one red line}\n"}
    )
    assert handbook(named).manual.supervision_title == "“一根红线”督导链条"
    assert handbook(named, lang="en").manual.supervision_title == "one red line"


def test_example_flag_marks_the_trace_and_is_inherited(tmp_path: Path) -> None:
    parent = tmp_path / "parent"
    shutil.copytree(EXAMPLE_BASE, parent)
    jurisdiction = parent / "jurisdiction.yaml"
    text = jurisdiction.read_text(encoding="utf-8")
    jurisdiction.write_text(
        text.replace("settings:\n", "settings:\n  example: true\n"), encoding="utf-8"
    )
    child = tmp_path / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        "kind: jurisdiction\nversion: 1\nid: child\nname: 子街道\nlevel: street\n"
        "character: urban\nextends: ../parent\n",
        encoding="utf-8",
    )
    for folder in (parent, child):
        hb = handbook(folder)
        assert hb.meta.example and hb.meta.trace.startswith("示例 · "), folder
        assert handbook(folder, lang="en").meta.trace.startswith("Example · ")
    plain = handbook()
    assert not plain.meta.example and not plain.meta.trace.startswith("示例 · ")
