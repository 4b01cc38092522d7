"""Golden pages (issue 12, item 6): the small fixture's PDF pages rasterised with pdftoppm and
its HTML pages screenshotted in headless Chromium, compared with committed PNGs within a
tolerance, so a layout regression fails here. Regenerate after an intended change with

    GRIDRULES_UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/test_render_golden_pages.py
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from gridrules.render import render_handbook
from test_render_html import _chromium

from render_support import CHROMIUM, GOLDEN, UPDATE_GOLDEN, load, options

Image = pytest.importorskip("PIL.Image")
ImageChops = pytest.importorskip("PIL.ImageChops")

SMALL = Path(__file__).resolve().parent / "fixtures" / "render" / "small"
PAGES = GOLDEN / "small-pages"
PDF_PAGES = [("manual.pdf", 1), ("manual.pdf", 3), ("duty-cards.pdf", 1), ("notices/S01.pdf", 1)]
HTML_PAGES = [("index.html", 1280), ("manual.html", 1280), ("manual.html", 390)]
# a pixel counts as changed when a channel moves by more than THRESHOLD levels; a page
# fails when more than MAX_CHANGED of its pixels did (font hinting and antialiasing noise
# stays far below; a moved block, a wrapped title or a lost column does not)
THRESHOLD = 48
MAX_CHANGED = 0.01


def _changed(produced: Path, golden: Path) -> float:
    a = Image.open(produced).convert("L")
    b = Image.open(golden).convert("L")
    if a.size != b.size:
        return 1.0
    diff = ImageChops.difference(a, b).point(lambda v: 255 if v > THRESHOLD else 0)
    histogram = diff.histogram()
    return histogram[255] / (a.size[0] * a.size[1])


def _check(produced: Path, name: str) -> None:
    golden = PAGES / name
    if UPDATE_GOLDEN:
        golden.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(produced, golden)
        return
    assert golden.is_file(), f"{golden} missing: run with GRIDRULES_UPDATE_GOLDEN=1"
    changed = _changed(produced, golden)
    assert changed <= MAX_CHANGED, (
        f"{name}: {changed:.1%} of pixels differ from {golden} (tolerance {MAX_CHANGED:.0%}); "
        f"see {produced}; if intended, regenerate with GRIDRULES_UPDATE_GOLDEN=1"
    )


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) missing")
def test_pdf_pages_match_their_golden_images(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    out = tmp_path / "hb"
    render_handbook(load(SMALL), out, options(formats=("pdf",), workers=1))
    for pdf, page in PDF_PAGES:
        label = f"{pdf.removesuffix('.pdf').replace('/', '-')}-p{page}"
        stem = tmp_path / label
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "40",
                "-f",
                str(page),
                "-l",
                str(page),
                "-singlefile",
                str(out / "pdf" / pdf),
                str(stem),
            ],
            check=True,
            timeout=60,
        )
        _check(tmp_path / f"{label}.png", f"pdf-{label}.png")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
def test_html_screenshots_match_their_golden_images(tmp_path: Path) -> None:
    out = tmp_path / "site"
    render_handbook(load(SMALL), out, options(formats=("html",)))
    for page, width in HTML_PAGES:
        target = out / page
        # an iframe of the width under test: headless windows are at least 500 px wide
        wrapper = target.with_name(f"shot-{width}.html")
        wrapper.write_text(
            f'<!doctype html><body style="margin:0;background:#fff"><iframe src="{target.name}" '
            f'style="width:{width}px;height:1000px;border:0"></iframe></body>',
            encoding="utf-8",
        )
        label = f"{page.removesuffix('.html').replace('/', '-')}-{width}"
        shot = tmp_path / f"{label}.png"
        done = _chromium(
            [
                f"--window-size={max(width, 500)},1000",
                "--hide-scrollbars",
                "--virtual-time-budget=3000",
                f"--screenshot={shot}",
                wrapper.as_uri(),
            ],
            tmp_path / "profile",
        )
        assert done.returncode == 0 and shot.is_file(), done.stderr[-2000:]
        _check(shot, f"html-{label}.png")
