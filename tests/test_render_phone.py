"""The HTML site on a phone (390 px) and a desktop (1280 px), measured in headless Chromium
(issue 12, item 4): the page never scrolls sideways, no table cell is narrower than two
characters a line, the diagrams open full size, and the index links every chapter."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from gridrules.render import render_handbook
from test_render_html import _chromium

from render_support import CHROMIUM, EXAMPLE_BASE, load, options

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason="Debian chromium not installed (scripts/setup --test)"
)

# Runs in the page (inside an iframe of the width under test: headless windows are at least
# 500 px wide) and posts what it measured to the wrapper page.
PROBE = """<script>
addEventListener('load', () => {
  const de = document.documentElement;
  const r = {scroll: de.scrollWidth, inner: innerWidth, narrow: []};
  for (const c of document.querySelectorAll('td, th')) {
    if (!c.offsetParent || c.textContent.trim().length < 2) continue;
    const cs = getComputedStyle(c), size = parseFloat(cs.fontSize);
    const w = c.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    if (w < 2 * size - 0.5) r.narrow.push(c.textContent.trim().slice(0, 12) + ' ' + w + 'px');
  }
  parent.postMessage(JSON.stringify(r), '*');
});
</script>"""

WRAPPER = (
    '<!doctype html><body style="margin:0"><iframe src="{src}" '
    'style="width:{width}px;height:900px;border:0"></iframe><script>'
    'addEventListener("message", e => document.body.setAttribute("data-m", e.data))'
    "</script></body>"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("phone") / "site"
    render_handbook(load(EXAMPLE_BASE), out, options(formats=("html",)))
    return out


def _measure(site: Path, page: str, width: int, profile: Path) -> dict[str, object]:
    source = site / page
    probe = source.with_name(f"{source.stem}.probe-{width}.html")
    probe.write_text(
        source.read_text(encoding="utf-8").replace("</body>", PROBE + "</body>"), encoding="utf-8"
    )
    wrapper = source.with_name(f"{source.stem}.wrap-{width}.html")
    wrapper.write_text(WRAPPER.format(src=probe.name, width=width), encoding="utf-8")
    try:
        dom = _chromium(
            [
                "--window-size=1400,900",
                "--virtual-time-budget=3000",
                "--dump-dom",
                wrapper.as_uri(),
            ],
            profile,
        )
    finally:
        probe.unlink()
        wrapper.unlink()
    found = re.search(r'data-m="([^"]*)"', dom.stdout)
    assert found is not None, dom.stderr[-2000:]
    result: dict[str, object] = json.loads(html.unescape(found.group(1)))
    return result


PAGES = [
    "index.html",
    "manual.html",
    "cards/full_time_worker.html",
    "checklists/full_time_worker.html",
    "notices/S01C01G01.html",
]


@pytest.mark.parametrize("width", [390, 1280])
def test_no_sideways_scroll_and_no_cell_under_two_characters(
    site: Path, width: int, tmp_path: Path
) -> None:
    for page in PAGES:
        m = _measure(site, page, width, tmp_path / "profile")
        assert m["inner"] == width, (page, m)
        assert isinstance(m["scroll"], int) and m["scroll"] <= width, (page, m)
        assert m["narrow"] == [], (page, m)


def test_tables_and_diagrams_scroll_in_their_own_box(site: Path) -> None:
    manual = (site / "manual.html").read_text(encoding="utf-8")
    assert manual.count('<div class="table-scroll"><table class="data') == manual.count(
        '<table class="data'
    )
    assert '<div class="figure-scroll"><svg' in manual
    assert 'href="assets/flow.svg"' in manual and (site / "assets" / "flow.svg").is_file()
    svg = (site / "assets" / "flow.svg").read_text(encoding="utf-8")
    assert svg.startswith("<?xml") and 'xmlns="http://www.w3.org/2000/svg"' in svg


def test_the_index_links_every_chapter(site: Path) -> None:
    manual = (site / "manual.html").read_text(encoding="utf-8")
    index = (site / "index.html").read_text(encoding="utf-8")
    chapters = re.findall(r'<section class="chapter" id="(ch-[a-z-]+)"', manual) or re.findall(
        r'id="(ch-[a-z-]+)"', manual
    )
    assert len(chapters) >= 7
    for chapter in chapters:
        assert f'href="manual.html#{chapter}"' in index, chapter
