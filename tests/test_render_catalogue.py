"""The handbook's words come from the catalogue (gridrules/locale/render.toml): both
languages carry every label, and a Chinese handbook prints none of the English texts."""

from __future__ import annotations

import re
from pathlib import Path

from gridrules.render import render_handbook
from gridrules.render.labels import labels
from render_text import catalogue_english, page_text

from render_support import POLICIES, load, options

CHINESE = re.compile(r"[\u3400-\u9fff]")


def test_labels_have_the_same_keys_in_both_languages() -> None:
    zh, en = labels("zh"), labels("en")
    assert zh.keys() == en.keys() and len(zh) > 200
    assert all(CHINESE.search(v) or not re.search(r"[A-Za-z]{3,}", v) for v in zh.values())


def test_a_chinese_handbook_prints_no_english_words(tmp_path: Path) -> None:
    policy = load(POLICIES / "chengdu")
    english = catalogue_english("render")
    assert len(english) > 100
    found: dict[str, set[str]] = {}
    for lang in ("zh", "en"):
        out = tmp_path / lang
        render_handbook(policy, out, options(formats=("html",), lang=lang))
        found[lang] = set()
        for page in sorted(out.rglob("*.html")):
            said = page_text(page.read_text(encoding="utf-8"))
            found[lang] |= {f"{page.name}: {e!r}" for e in english if e in said}
    assert sorted(found["zh"]) == []
    assert len(found["en"]) > 100  # the same check finds them in the English handbook


def test_an_english_handbook_prints_english_punctuation_after_its_words(tmp_path: Path) -> None:
    # Policy text may be Chinese in an English handbook; the handbook's own words
    # and punctuation may not: no full-width colon, bracket or list mark after a Latin word.
    policy = load(POLICIES / "chengdu-wuhou")
    render_handbook(policy, tmp_path, options(formats=("html",), lang="en"))
    mixed = re.compile(r"[A-Za-z][A-Za-z ]{2,}[：（、；]")
    found = []
    for page in sorted(tmp_path.rglob("*.html"))[:400]:
        said = page_text(page.read_text(encoding="utf-8"))
        found += [f"{page.name}: {m.group(0)!r}" for m in mixed.finditer(said)]
    assert found == [], found[:20]
