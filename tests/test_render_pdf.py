"""PDFs: Chinese text that is really there, CJK fonts embedded, page numbers, loud font failure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from render_support import (
    EXAMPLE_BASE,
    FIXED_VERSION,
    bundled,
    first_leaf_grid,
    flagged_as_example,
    load,
    options,
)

SMALL = Path(__file__).resolve().parent / "fixtures" / "render" / "small"

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from gridrules.render import render_handbook  # noqa: E402
from gridrules.render.pdf import cjk_fonts  # noqa: E402

if not cjk_fonts():  # pragma: no cover - scripts/setup installs fonts-noto-cjk
    pytest.skip("no CJK font installed (scripts/setup)", allow_module_level=True)


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() or "" for page in pypdf.PdfReader(path).pages]


def pdf_fonts(path: Path) -> set[str]:
    fonts: set[str] = set()
    for page in pypdf.PdfReader(path).pages:
        resources = page.get("/Resources") or {}
        for font in (resources.get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    return fonts


@pytest.fixture(scope="module")
def example_pdfs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pdf") / "handbook"
    render_handbook(load(EXAMPLE_BASE), out, options(formats=("pdf",), workers=1))
    return out / "pdf"


def test_pdf_files(example_pdfs: Path) -> None:
    names = sorted(p.relative_to(example_pdfs).as_posix() for p in example_pdfs.rglob("*.pdf"))
    assert names == ["checklists.pdf", "duty-cards.pdf", "manual.pdf", "notices/S01.pdf"]


def test_manual_holds_the_rules_in_chinese(example_pdfs: Path) -> None:
    pages = pdf_text(example_pdfs / "manual.pdf")
    text = "\n".join(pages)
    for expected in (
        "基层操作手册",
        "专职网格员",
        "社区网格长",
        "邻里纠纷",
        "出租房安全隐患",
        "招商引资任务",
        "2小时",
        "3天",
        "7天",
        "街道网格化服务管理中心",
        "网格党支部",
    ):
        assert expected in text, expected
    # every page: jurisdiction, policy version with commit, generation date, "第 N 页 / 共 M 页"
    total = len(pages)
    for number, page in enumerate(pages, start=1):
        assert "示例街道" in page
        assert FIXED_VERSION.hash in page and "git fedcba9876" in page
        assert "2025年1月15日" in page
        assert f"第 {number} 页 / 共 {total} 页" in page
    # the contents page gives each chapter's page number
    contents = pages[1]
    assert "目录" in contents and "事项目录" in contents
    assert any(
        line.rstrip().endswith(str(n))
        for line in contents.splitlines()
        for n in range(3, total + 1)
    )


def test_fonts_embedded_are_cjk(example_pdfs: Path) -> None:
    for pdf in example_pdfs.rglob("*.pdf"):
        fonts = pdf_fonts(pdf)
        assert any("CJK" in f for f in fonts), (pdf, fonts)


def test_cards_checklists_notices_one_page_each(example_pdfs: Path) -> None:
    cards = pdf_text(example_pdfs / "duty-cards.pdf")
    assert len(cards) == 4
    assert "专职网格员" in cards[1] and "社区网格长" in cards[1]  # the role and whom it reports to
    assert "不得承担" in cards[1] and "招商引资任务" in cards[1]
    checks = pdf_text(example_pdfs / "checklists.pdf")
    assert len(checks) == 2
    assert "巡查日期" in checks[1] and "签名" in checks[1] and "邻里纠纷" in checks[1]
    notices = pdf_text(example_pdfs / "notices" / "S01.pdf")
    assert len(notices) == 3
    assert "张晓燕" in notices[1] and "13800000001" in notices[1] and "12345" in notices[1]


@pytest.mark.parametrize("folder", bundled(), ids=lambda p: p.name)
def test_every_bundled_jurisdiction_renders_as_pdf(folder: Path, tmp_path: Path) -> None:
    policy = load(folder)
    # The whole manual; cards, checklists and notices capped to one role and one grid
    # (every card and notice sheet is rendered in the HTML test) to keep the suite quick.
    leaf = first_leaf_grid(policy)
    grids = (leaf,) if leaf else ()
    role = (
        next((r.id for r in policy.roles if r.tier == policy.grid_by_id[leaf].tier), None)
        if leaf
        else None
    )
    roles = (role,) if role else (policy.roles[0].id,)
    out = tmp_path / "handbook"
    render_handbook(policy, out, options(formats=("pdf",), grids=grids, roles=roles))
    manual = "\n".join(pdf_text(out / "pdf" / "manual.pdf"))
    for role in policy.roles:
        assert role.names.zh.replace("\n", "") in manual.replace("\n", ""), role.id
    for matter in policy.matters[:10]:
        assert matter.names.zh in manual.replace("\n", ""), matter.id
    limits = {m.close_within.describe("zh") for m in policy.matters if m.close_within}
    assert all(limit in manual for limit in limits)
    assert any("CJK" in f for f in pdf_fonts(out / "pdf" / "manual.pdf"))


def test_a_missing_cjk_font_fails_loudly(tmp_path: Path) -> None:
    conf = tmp_path / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">'
        f"<fontconfig><dir>{tmp_path / 'nofonts'}</dir><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    env = {**os.environ, "FONTCONFIG_FILE": str(conf), "LANG": "C.UTF-8"}
    env.pop("GRIDRULES_LANG", None)
    out = tmp_path / "handbook"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridrules.cli.main",
            "render",
            str(EXAMPLE_BASE),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "fonts-noto-cjk" in lines[0], result.stderr
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_pdf_rendering_fetches_nothing_outside_its_assets(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    secret = tmp_path / "secret.svg"
    secret.write_text('<svg xmlns="http://www.w3.org/2000/svg"><text>SECRET</text></svg>')
    folder = make_policy(
        {
            "templates/checklists.html": (
                '{% extends "layout.html" %}{% block content %}'
                f'<p>before</p><img src="{secret.as_uri()}"><img src="http://127.0.0.1:9/x.png">'
                "{% endblock %}"
            )
        }
    )
    out = tmp_path / "handbook"
    result = render_handbook(load(folder), out, options(formats=("pdf",), workers=1))
    text = "\n".join(pdf_text(out / "pdf" / "checklists.pdf"))
    assert "before" in text and "SECRET" not in text
    assert any("secret.svg" in w for w in result.warnings)


# --- example policies: 示例 on every page's cover and footer --------------------------


def _pdf_pages(out: Path) -> dict[str, list[str]]:
    """Each PDF's pages as text without white space (letter-spacing splits words)."""
    return {
        p.relative_to(out / "pdf").as_posix(): [re.sub(r"\s+", "", t) for t in pdf_text(p)]
        for p in sorted((out / "pdf").rglob("*.pdf"))
    }


def _marks(text: str) -> int:
    """How often a page says 示例, not counting the fixture's place names."""
    return re.sub(r"(金牛)?示例街道", "", text).count("示例")


def test_every_pdf_page_of_an_example_policy_says_so(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    folder = make_policy({"jurisdiction.yaml": flagged_as_example(SMALL)}, base=SMALL)
    out = tmp_path / "handbook"
    render_handbook(load(folder), out, options(formats=("pdf",), workers=1))
    pdfs = _pdf_pages(out)
    assert set(pdfs) == {"manual.pdf", "duty-cards.pdf", "checklists.pdf", "notices/S01.pdf"}
    for name, pages in pdfs.items():
        for number, text in enumerate(pages, start=1):
            # the footer; a posted notice sheet names its own content check code instead
            footer = (
                "示例·金牛示例街道·公示内容校验码" if name.startswith("notices/") else "示例·辖区"
            )
            assert footer in text and "金牛示例街道" in text, (name, number)
            assert _marks(text) >= 2, (name, number)  # and the running head
    assert "本手册据示例政策生成" in pdfs["manual.pdf"][0]  # the cover says why
    for name in ("duty-cards.pdf", "checklists.pdf"):
        for text in pdfs[name]:  # every sheet is one page, its head marked
            assert "示例金牛示例街道·" in text, name
    for text in pdfs["notices/S01.pdf"]:
        assert "示例网格公示牌" in text


def test_pdf_pages_of_an_unflagged_policy_carry_no_mark(tmp_path: Path) -> None:
    out = tmp_path / "handbook"
    render_handbook(load(SMALL), out, options(formats=("pdf",), workers=1))
    for name, pages in _pdf_pages(out).items():
        for number, text in enumerate(pages, start=1):
            assert "示例·辖区" not in text and "示例金牛" not in text, (name, number)
            assert "本手册据示例政策生成" not in text, (name, number)


# --- notice sheets through Typst, and the content-addressed PDF cache (issue 12, 5) -------

typst_pdf = pytest.importorskip("gridrules.render.typst_pdf")
needs_typst = pytest.mark.skipif(not typst_pdf.available(), reason="typst not installed")


@needs_typst
def test_notice_sheets_are_typeset_by_typst_with_cjk_fonts(example_pdfs: Path) -> None:
    path = example_pdfs / "notices" / "S01.pdf"
    assert b"Typst" in path.read_bytes()[:4000] or b"Typst" in path.read_bytes()
    assert any("CJK" in f for f in pdf_fonts(path))
    text = pdf_text(path)
    assert len(text) == 3
    assert "网 格 公 示 牌" in text[0] or "网格公示牌" in text[0].replace(" ", "")
    assert "收到反映后" in "".join(text)


@needs_typst
def test_policy_text_is_data_in_typst_too(tmp_path: Path) -> None:
    import dataclasses

    from gridrules.render.context import build_handbook
    from gridrules.render.views import NoticeGroup

    hb = build_handbook(load(EXAMPLE_BASE), FIXED_VERSION)
    group = hb.notice_groups[0]
    hostile = '#panic("x") ] } $ \\ " <notice-name> @ref `raw` *bold*'
    notices = (dataclasses.replace(group.notices[0], name=hostile), *group.notices[1:])
    data = typst_pdf.group_data(hb, NoticeGroup(group.id, group.name, group.pdf, notices), "t")
    source = typst_pdf.write_source(tmp_path)
    pages = typst_pdf.compile_pdf(source, data, tmp_path / "n.pdf", "2025-01-15")
    assert pages == len(notices)
    assert hostile.replace(" ", "") in pdf_text(tmp_path / "n.pdf")[0].replace(" ", "")


@needs_typst
def test_a_jurisdiction_notice_template_keeps_weasyprint(
    tmp_path: Path, make_policy: Callable[..., Path]
) -> None:
    folder = make_policy(
        {
            "templates/notices.html": (
                '{% extends "layout.html" %}{% block content %}{% for n in notices %}'
                '<article class="sheet">本辖区公示：{{ n.name }}</article>{% endfor %}'
                "{% endblock %}"
            )
        }
    )
    out = tmp_path / "hb"
    render_handbook(load(folder), out, options(formats=("pdf",), workers=1))
    path = out / "pdf" / "notices" / "S01.pdf"
    assert b"Typst" not in path.read_bytes()
    assert "本辖区公示" in pdf_text(path)[0]


def test_unchanged_pdfs_come_from_the_cache_and_only_changed_ones_are_laid_out(
    tmp_path: Path, make_policy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridrules.render import pdf as pdf_module

    monkeypatch.setenv("GRIDRULES_RENDER_CACHE", str(tmp_path / "cache"))
    laid_out: list[str] = []
    real = pdf_module.lay_out

    def spy(job: pdf_module.PdfJob, *args: object, **kwargs: object) -> pdf_module.PdfFile:
        laid_out.append(job.name)
        return real(job, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(pdf_module, "lay_out", spy)
    folder = make_policy()
    render_handbook(load(folder), tmp_path / "a", options(formats=("pdf",), workers=1))
    assert sorted(laid_out) == [
        "checklists.pdf",
        "duty-cards.pdf",
        "manual.pdf",
        "notices/S01.pdf",
    ]
    first = (tmp_path / "a" / "pdf" / "notices" / "S01.pdf").read_bytes()

    laid_out.clear()  # the same inputs: nothing is laid out, the files are the same
    render_handbook(load(folder), tmp_path / "b", options(formats=("pdf",), workers=1))
    assert laid_out == []
    assert (tmp_path / "b" / "pdf" / "notices" / "S01.pdf").read_bytes() == first
    manifest = (tmp_path / "b" / "gridrules-handbook.json").read_text(encoding="utf-8")
    assert '"notices/S01.pdf": 3' in manifest

    laid_out.clear()  # a grid's name changes: its community's notices only
    grids = folder / "grids.yaml"
    grids.write_text(
        grids.read_text(encoding="utf-8").replace("锦官驿社区", "锦官驿新社区", 1),
        encoding="utf-8",
    )
    render_handbook(load(folder), tmp_path / "c", options(formats=("pdf",), workers=1))
    assert "notices/S01.pdf" in laid_out
    assert "锦官驿新社区" in "".join(pdf_text(tmp_path / "c" / "pdf" / "notices" / "S01.pdf"))


def test_the_cache_can_be_turned_off(
    tmp_path: Path, make_policy: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridrules.render.cache import PdfCache

    monkeypatch.setenv("GRIDRULES_RENDER_CACHE", "off")
    assert PdfCache.default().folder is None
    monkeypatch.setenv("GRIDRULES_RENDER_CACHE", str(tmp_path))
    assert PdfCache.default().folder == tmp_path
