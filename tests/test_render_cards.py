"""Duty cards print one A4 page each (issue 12: handbooks an office prints as they are).

Every card of every bundled jurisdiction is laid out as `gridrules render` lays it out
(the duty-cards job, render/card_fit.py) and counted in the written PDF: each card's
title is a top-level bookmark, so a card's pages run from its bookmark to the next.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from gridrules.render import card_fit
from gridrules.render.context import build_handbook
from gridrules.render.environment import jurisdiction_template_dirs, make_environment
from gridrules.render.html import stage_assets
from gridrules.render.views import DutyView, RoleView

from render_support import FIXED_DATE, FIXED_VERSION, bundled, first_leaf_grid, load

pypdf = pytest.importorskip("pypdf")
pytest.importorskip("weasyprint")

from gridrules.render import pdf  # noqa: E402

if not pdf.cjk_fonts():  # pragma: no cover - scripts/setup installs fonts-noto-cjk
    pytest.skip("no CJK font installed (scripts/setup)", allow_module_level=True)


def card_pages(path: Path) -> list[tuple[str, int]]:
    """(title, pages) of each card in a duty-cards PDF, from its top-level bookmarks."""
    reader = pypdf.PdfReader(path)
    marks = [m for m in reader.outline if not isinstance(m, list)]
    starts = [reader.get_destination_page_number(m) for m in marks]
    ends = [*starts[1:], len(reader.pages)]
    return [(m.title, end - start) for m, start, end in zip(marks, starts, ends, strict=True)]


@pytest.mark.parametrize("folder", bundled(), ids=lambda p: p.name)
def test_every_duty_card_of_every_bundled_jurisdiction_is_one_page(
    folder: Path, tmp_path: Path
) -> None:
    policy = load(folder)
    leaf = first_leaf_grid(policy)  # notice sheets are not laid out here; keep their data small
    hb = build_handbook(policy, FIXED_VERSION, generated=FIXED_DATE, grids=(leaf,) if leaf else ())
    overrides = jurisdiction_template_dirs(policy.files)
    job = next(
        j for j in pdf.jobs(make_environment("zh", overrides), hb) if j.name == pdf.CARDS_PDF
    )
    stage_assets(tmp_path, overrides)
    made = pdf.lay_out(job, tmp_path / "pdf", tmp_path, hb.meta.jurisdiction, hb.meta.generated_iso)
    pages = card_pages(tmp_path / "pdf" / made.name)
    assert [title for title, _ in pages] == [card.name for card in hb.cards]
    assert {title: n for title, n in pages if n != 1} == {}
    assert made.pages == len(hb.cards)


def _card(duties: int, matters: int) -> RoleView:
    duty = DutyView(
        "d", "职责", "处置、上报", tuple(f"事项名称{i:02d}" for i in range(matters)), ""
    )
    return RoleView(
        id="r",
        name="网格员",
        category="专职",
        tier="网格",
        scope="本网格",
        reports_to="社区网格长",
        recruited_from=(),
        functions=(),
        constraints=(),
        description="",
        duties=(duty,) * duties,
        emergency_duties=(),
        report_only=(),
        supervises=(),
        href="cards/r.html",
        escalation=(("网格", "1天"), ("社区", "3天")),
    )


def test_a_short_card_prints_large_and_a_long_one_tight() -> None:
    assert card_fit.density(_card(1, 2)) == "large"
    assert card_fit.density(_card(12, 12)) == "normal"
    assert card_fit.density(_card(30, 12)) == "dense"
    sizes = [card_fit.estimated_lines(_card(n, 6)) for n in (1, 5, 10)]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]


def _document(*anchors_per_page: tuple[str, ...]) -> SimpleNamespace:
    pages = [SimpleNamespace(anchors={a: (0, 0) for a in anchors}) for anchors in anchors_per_page]
    return SimpleNamespace(pages=pages)


def test_a_card_that_runs_over_is_laid_out_again_one_density_tighter() -> None:
    html = (
        '<article class="sheet card" id="card-a" data-density="roomy">A</article>'
        '<article class="sheet card" id="card-b" data-density="normal">B</article>'
    )
    # card a runs over two pages (its anchor repeats on the second), card b takes one
    first = _document(("card-a", "x"), ("card-a",), ("card-b",))
    assert card_fit.card_pages(first) == {"a": 2, "b": 1}
    seen: list[str] = []

    def lay_out(text: str) -> SimpleNamespace:
        seen.append(text)
        if 'id="card-a" data-density="roomy"' in text:
            return first
        return _document(("card-a",), ("card-b",))

    assert card_fit.card_pages(card_fit.fit(html, lay_out)) == {"a": 1, "b": 1}
    assert len(seen) == 2
    assert 'id="card-a" data-density="normal"' in seen[1]
    assert 'id="card-b" data-density="normal"' in seen[1]  # a card that fits is left alone


def test_a_card_that_runs_over_at_the_tightest_density_is_left_as_it_is() -> None:
    html = '<article class="sheet card" id="card-a" data-density="dense">A</article>'
    seen: list[str] = []

    def lay_out(text: str) -> SimpleNamespace:
        seen.append(text)
        return _document(("card-a",), ())

    assert card_fit.card_pages(card_fit.fit(html, lay_out)) == {"a": 2}
    assert seen == [html]  # laid out once: nothing is dropped to make it fit
