"""The site's duty cards printed from a browser: one A4 page each, as in the PDF (issue 12).

An office that prints a card from the HTML site gets the browser's pagination, not
WeasyPrint's: the card page carries the same density (render/card_fit.py) and links the
same stylesheet (assets/cards.css) for print only, so on screen nothing changes. Headless
Chromium prints a few of the longest cards of the bundled jurisdictions and pypdf counts
the pages (the cards the browser finds tightest: each fills its page at its density).
"""

from __future__ import annotations

import re
import subprocess
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from gridrules.model import Policy
from gridrules.render import card_fit, render_handbook
from gridrules.render.context import build_handbook
from test_render_html import _chromium

from render_support import (
    CHROMIUM,
    FIXED_DATE,
    FIXED_VERSION,
    POLICIES,
    first_leaf_grid,
    load,
    options,
)

CARDS = {
    "chengdu-wuhou": ("full_time_worker", "master_grid_leader"),
    "t-city": ("grid_worker",),
    "hangzhou-jianggan": ("full_time_worker",),
}
A4 = (595.3, 841.9)  # points


def _site(policy: Policy, roles: tuple[str, ...], out: Path) -> Path:
    """The site with only these roles' cards (and one leaf grid's notices: quick)."""
    leaf = first_leaf_grid(policy)
    render_handbook(
        policy, out, options(formats=("html",), roles=roles, grids=(leaf,) if leaf else ())
    )
    return out


@pytest.mark.parametrize("name", sorted(CARDS))
def test_a_card_page_prints_at_the_pdf_density_and_looks_the_same_on_screen(
    name: str, tmp_path: Path
) -> None:
    folder = POLICIES / name
    if not folder.is_dir():
        pytest.skip(f"{name} is not bundled")
    policy = load(folder)
    hb = build_handbook(policy, FIXED_VERSION, generated=FIXED_DATE)
    site = _site(policy, CARDS[name], tmp_path / "site")
    cards = [c for c in hb.cards if c.id in CARDS[name]]
    assert [c.id for c in cards] == sorted(CARDS[name], key=[c.id for c in hb.cards].index)
    for card in cards:
        page = (site / "cards" / f"{card.id}.html").read_text(encoding="utf-8")
        density = card_fit.density(card, hb.manual.excluded)
        assert f'id="card-{card.id}" data-density="{density}"' in page
        # the card rules reach the page for print only: the screen keeps handbook.css alone
        assert '<link rel="stylesheet" href="../assets/cards.css" media="print">' in page
        assert re.search(r'<link rel="stylesheet" href="[^"]*cards\.css">', page) is None


@pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed (scripts/setup --test)"
)
def test_the_longest_cards_print_one_a4_page_each_from_the_browser(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    pages: list[Path] = []
    for name, roles in CARDS.items():
        if (POLICIES / name).is_dir():
            site = _site(load(POLICIES / name), roles, tmp_path / name)
            pages += [site / "cards" / f"{role}.html" for role in roles]
    assert pages, "no bundled jurisdiction to print"

    def print_page(page: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
        target = page.with_suffix(".pdf")
        profile = tmp_path / f"profile-{page.parent.parent.name}-{page.stem}"
        args = [f"--print-to-pdf={target}", "--no-pdf-header-footer", page.as_uri()]
        return target, _chromium(args, profile)

    with ThreadPoolExecutor(max_workers=4) as pool:
        printed = list(pool.map(print_page, pages))
    counts = {}
    for target, done in printed:
        assert done.returncode == 0 and target.is_file(), done.stderr[-2000:]
        reader = pypdf.PdfReader(target)
        box = reader.pages[0].mediabox
        assert (round(float(box.width), 1), round(float(box.height), 1)) == pytest.approx(A4, abs=1)
        # the trace (policy version …) prints in the bottom margin, as in the PDF
        assert FIXED_VERSION.hash in reader.pages[0].extract_text()
        counts[f"{target.parent.parent.name}/{target.stem}"] = len(reader.pages)
    assert {card: n for card, n in counts.items() if n != 1} == {}
