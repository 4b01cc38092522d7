"""Printed handbooks: the operating manual, duty cards, patrol checklists and grid notice sheets.

    from gridrules.render import RenderOptions, render_handbook
    render_handbook(policy, "out/", RenderOptions(formats=("html", "pdf"), lang="zh"))

Modules: context (policy → localised view data), environment (the one Jinja2
factory), svg (the escalation diagram), html (the site), pdf (WeasyPrint),
progress, handbook (atomic output).
"""

from __future__ import annotations

from gridrules.render.errors import RenderError
from gridrules.render.handbook import FORMATS, RenderOptions, RenderResult, render_handbook
from gridrules.render.pages import PageFingerprints, page_fingerprints

__all__ = [
    "FORMATS",
    "PageFingerprints",
    "RenderError",
    "RenderOptions",
    "RenderResult",
    "page_fingerprints",
    "render_handbook",
]
