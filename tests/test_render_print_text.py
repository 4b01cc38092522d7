"""Printed text as an office would print it: no stray spaces between Chinese characters, no
internal ids, file names or paths — on every page of every bundled jurisdiction (HTML) and
in the text of a sample of PDFs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from gridrules.model import Policy
from gridrules.render import render_handbook
from gridrules.render.builder import Builder
from gridrules.render.context import Handbook, build_handbook
from gridrules.render.manual import build_manual
from gridrules.render.text import STRAY_SPACE, Tidy, join_folded, tidy
from render_text import defects, internal_ids, page_text

from render_support import FIXED_DATE, FIXED_VERSION, POLICIES, bundled, load, options


def test_join_folded_joins_chinese_and_keeps_latin_spaces() -> None:
    assert join_folded("平均不超过 85 户；\n增列事项") == "平均不超过 85 户；增列事项"
    assert join_folded("准入、 流转") == "准入、流转"
    assert join_folded("时， 由镇（街道）") == "时，由镇（街道）"
    assert join_folded("grid office\nstaff and  多部门") == "grid office staff and  多部门"
    assert join_folded("  Noto CJK 字体 ") == "Noto CJK 字体"
    assert join_folded("") == ""


def test_tidy_walks_view_records_and_replaces_ids() -> None:
    names = {"work_safety_supervision": "安全生产监管", "chengdu": "成都市", "grid": "网格"}
    zh = Tidy(names, words=True)
    assert zh("见排除清单 work_safety_supervision。") == "见排除清单安全生产监管。"
    assert zh(("继承 chengdu",)) == ("继承成都市",)
    assert zh("a/work_safety_supervision.html") == "a/work_safety_supervision.html"
    en = Tidy(names, words=False)  # an id that is a word stays a word in English
    assert en("the grid office, see work_safety_supervision") == (
        "the grid office, see 安全生产监管"
    )
    assert tidy(("a  b", "甲 乙")) == ("a  b", "甲乙")


def test_the_issue_examples_are_joined() -> None:
    policy = load(POLICIES / "chengdu-wuhou")
    raw = build_manual(Builder(policy, "zh", FIXED_DATE))
    assert "户； 增列" in raw.description  # what YAML folding gives …
    hb = _handbook(policy)
    assert "户；增列" in hb.manual.description  # … and what prints
    assert hb.manual.parents == ("成都市",)


def _handbook(policy: Policy, lang: str = "zh") -> Handbook:
    return build_handbook(policy, FIXED_VERSION, lang=lang, generated=FIXED_DATE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_html_page_is_clean(tmp_path: Path, lang: str) -> None:
    folders = bundled()
    assert folders
    problems: list[str] = []
    pages = 0
    for folder in folders:
        policy = load(folder)
        out = tmp_path / folder.name
        render_handbook(policy, out, options(formats=("html",), lang=lang))
        ids = internal_ids(policy)
        for page in sorted(out.rglob("*.html")):
            pages += 1
            text = page_text(page.read_text(encoding="utf-8"))
            for found in defects(text, ids, latin_words=lang == "en"):
                problems.append(f"{folder.name}/{page.relative_to(out)}: {found}")
    assert pages > 2700  # Wuhou's 2,741 notice sheets included
    assert problems == [], "\n".join(problems[:40])


def test_pdf_text_is_clean(tmp_path: Path) -> None:
    from pypdf import PdfReader

    folder = POLICIES / "chengdu-wuhou"
    policy = load(folder)
    leaf = next(
        g.id
        for g in policy.grids
        if g.tier == "micro_grid" and not any(c.parent == g.id for c in policy.grids)
    )
    roles = ("full_time_worker", "work_safety_lead")
    roles = tuple(r for r in roles if r in policy.role_by_id) or (policy.roles[0].id,)
    out = tmp_path / "book"
    render_handbook(policy, out, options(roles=roles, grids=(leaf,), workers=1))
    # the stray spaces folding put into this policy's text, as they would print
    raw = build_manual(Builder(policy, "zh", FIXED_DATE))
    texts = [raw.description, *(m.description for c in raw.categories for m in c.matters)]
    folded = {m.group() for t in texts for m in STRAY_SPACE.finditer(t)}
    assert folded, "the fixture no longer shows folded text"
    ids = internal_ids(policy)
    problems: list[str] = []
    for pdf in sorted(out.rglob("*.pdf")):
        text = "\n".join(p.extract_text() for p in PdfReader(pdf).pages)
        problems += [f"{pdf.name}: folded {f!r}" for f in folded if f in text]
        problems += [f"{pdf.name}: {d}" for d in defects(text, ids) if not d.startswith("stray")]
        assert re.search("[\u4e00-\u9fff]{4}", text), pdf
    assert problems == [], "\n".join(problems[:40])


def test_posted_notice_sheets_speak_to_residents(tmp_path: Path) -> None:
    from pypdf import PdfReader

    policy = load(POLICIES / "chengdu-wuhou")
    leaf = next(g.id for g in policy.grids if g.tier == "micro_grid")
    out = tmp_path / "book"
    render_handbook(policy, out, options(grids=(leaf,), roles=(policy.roles[0].id,), workers=1))
    notices = sorted((out / "pdf" / "notices").glob("*.pdf"))
    assert notices
    text = "\n".join(p.extract_text() for p in PdfReader(notices[0]).pages)
    assert "日内处理" in text and "工作日" not in text  # calendar days, as the model counts
    assert "时限 " not in text
    assert not re.search(r"第 \d+ 页", text)  # a posted sheet has no page count …
    # … and no policy hash: a check code of the sheet's own content, so a one-grid edit
    # changes (and re-renders) only that grid's sheets
    assert "公示内容校验码" in text and FIXED_VERSION.hash[:8] not in text
    html = (out / "notices" / f"{leaf}.html").read_text(encoding="utf-8")
    assert re.search(r'<a class="tel" href="tel:\d+">', html)
    manual = "\n".join(p.extract_text() for p in PdfReader(out / "pdf" / "manual.pdf").pages[:1])
    assert "2026年版" in manual and "武网格办发" in manual and "印章" in manual
