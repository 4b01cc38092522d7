"""The HTML site: index, manual, one page per duty card, checklist and notice sheet.

Links are relative and the search index is a script, not a fetched JSON file,
so the site works opened from the file system as well as from any static web
server. Each page prints cleanly (print stylesheet in assets/handbook.css).
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment

from gridrules.render import card_fit
from gridrules.render.context import Handbook, slug
from gridrules.render.loop_svg import loop_svg
from gridrules.render.progress import NullProgress, Progress
from gridrules.render.svg import escalation_svg
from gridrules.render.tables import fit_tables
from gridrules.resources import templates_dir

ASSETS = "assets"
OVERRIDABLE_ASSETS = (".css", ".png", ".jpg", ".jpeg", ".svg", ".woff", ".woff2", ".ttf", ".otf")


def template_vars(hb: Handbook, *, medium: str, root: str = "", **extra: Any) -> dict[str, Any]:
    """The variables every template gets: the handbook's fields plus where it renders."""
    values: dict[str, Any] = {f.name: getattr(hb, f.name) for f in dataclasses.fields(hb)}
    values["notice_groups"] = hb.notice_groups
    values["flow_svg"] = escalation_svg(hb.manual.flow, hb.L, hb.L["flow_diagram"], hb.meta.lang)
    values["loop_svg"] = loop_svg(
        hb.manual.loop, hb.L["loop_diagram"], hb.L["loop_limit"], hb.L["loop_back"]
    )
    values.update({"medium": medium, "root": root, "pdfs": (), **extra})
    return values


def stage_assets(dest: Path, overrides: Sequence[Path] = ()) -> Path:
    """Copy the default assets, then a jurisdiction's (styles, images, fonts only)."""
    target = dest / ASSETS
    shutil.copytree(templates_dir() / ASSETS, target, dirs_exist_ok=True)
    for folder in reversed(list(overrides)):  # nearest jurisdiction wins: copy it last
        source = folder / ASSETS
        if not source.is_dir():
            continue
        for path in sorted(source.iterdir()):
            if path.is_file() and path.suffix.lower() in OVERRIDABLE_ASSETS:
                shutil.copyfile(path, target / path.name)
    return target


def search_index(hb: Handbook) -> str:
    entries = [dataclasses.asdict(e) for e in hb.search]
    text = json.dumps(entries, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e")
    return f"window.GRIDRULES_SEARCH = {text};\n"


def page_count(hb: Handbook) -> int:
    return 2 + len(hb.cards) + len(hb.checklists) + len(hb.notices)


def write_site(
    env: Environment,
    hb: Handbook,
    out: Path,
    *,
    overrides: Sequence[Path] = (),
    pdfs: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> list[Path]:
    """Write the site into `out` (which must exist); returns the files written."""
    progress = progress or NullProgress()
    written: list[Path] = []
    stage_assets(out, overrides)
    index_js = out / ASSETS / "search-index.js"
    index_js.write_text(search_index(hb), encoding="utf-8")
    written += sorted(p for p in (out / ASSETS).iterdir() if p.is_file())

    base = template_vars(hb, medium="html", pdfs=tuple(pdfs))
    for name, key in (("flow.svg", "flow_svg"), ("loop.svg", "loop_svg")):
        if str(base[key]).strip():  # the diagrams full-size, linked below each figure
            svg = out / ASSETS / name
            svg.write_text(
                '<?xml version="1.0" encoding="UTF-8"?>\n' + str(base[key]), encoding="utf-8"
            )
            written.append(svg)

    def page(template: str, path: str, **override: Any) -> None:
        root = "../" * path.count("/")
        html = fit_tables(env.get_template(template).render({**base, "root": root, **override}))
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        written.append(target)
        progress.advance(1)

    page("index.html", "index.html")
    page("manual.html", "manual.html")
    density = card_fit.density_of(hb.manual.excluded)  # printed: one A4 page, as in the PDF
    for card in hb.cards:
        page("cards.html", f"cards/{slug(card.id)}.html", cards=(card,), card_density=density)
    for checklist in hb.checklists:
        page("checklists.html", f"checklists/{slug(checklist.id)}.html", checklists=(checklist,))
    for notice in hb.notices:
        page("notices.html", f"notices/{slug(notice.id)}.html", notices=(notice,))
    return written
