"""Notice sheets typeset by Typst from the same view data as templates/notices.html.

A district prints thousands of notice sheets (Wuhou: 2,741). WeasyPrint needs
about 126 ms of CPU per sheet (56 ms at its floor, with a bare stylesheet), so
the district's sheets alone take minutes; Typst lays out the same sheets with
Noto CJK, Chinese line breaking and punctuation at a few milliseconds each
(bench/render_bench.py). The HTML site stays Jinja HTML; the manual, cards and
checklists (a few dozen pages with tables and diagrams) stay WeasyPrint.

The view data goes to Typst as JSON through `sys.inputs`, so policy text is
data there as it is in the HTML: nothing in it is read as Typst markup. A
jurisdiction that supplies its own notice template (or layout, macros or
stylesheets) keeps WeasyPrint for its sheets, so its template is what prints.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from gridrules.catalogue import msg
from gridrules.render.context import Handbook
from gridrules.render.views import Notice, NoticeGroup, PersonView
from gridrules.resources import templates_dir

TEMPLATE = "typst/notices.typ"
# a supplied one of these shapes the notice sheets: WeasyPrint renders them then
NOTICE_TEMPLATES = (
    "notices.html",
    "layout.html",
    "_macros.html",
    "assets/handbook.css",
    "assets/paged.css",
)


def available() -> bool:
    try:
        import typst  # noqa: F401
    except ImportError:
        return False
    return True


def version() -> str:
    try:
        from importlib.metadata import version as dist_version

        return dist_version("typst")
    except Exception:  # not installed as a distribution
        return "unknown"


def applies(overrides: Sequence[Path]) -> bool:
    """Typst prints the notice sheets unless a jurisdiction shapes them with its own files."""
    if not available():
        return False
    return not any((folder / name).is_file() for folder in overrides for name in NOTICE_TEMPLATES)


def template_text() -> str:
    return (templates_dir() / TEMPLATE).read_text(encoding="utf-8")


def _person(p: PersonView) -> dict[str, str]:
    return {"name": p.name, "roles": p.roles, "phone": p.phone}


def _notice(hb: Handbook, n: Notice) -> dict[str, Any]:
    L = hb.L
    dash = "—"
    channel = []
    for c in n.channel:
        contacts = "　".join(f"{p.name} {p.phone}".strip() for p in c.contacts) or dash
        if c.more:
            contacts += " " + L["and_more"].format(n=c.more)
        channel.append(
            {
                "level": c.level + (f" · {c.node}" if c.node else ""),
                "within": L["notice_within"].format(within=c.within) if c.within else "",
                "contacts": contacts,
            }
        )
    return {
        "name": n.name,
        "sub": " › ".join([*n.path, n.tier]) if n.path else n.tier,
        "facts": [
            [L["grid_code"], n.id],
            [L["grid_type"], f"{n.type} · {n.area}"],
            [L["households"], n.households or dash],
            [L["party_org"], n.party_org or dash],
            [L["boundary"], n.boundary or dash],
        ],
        "workers": [_person(p) for p in n.workers],
        "supervisors": [_person(p) for p in n.supervisors],
        "channel": channel,
    }


def group_data(hb: Handbook, group: NoticeGroup, title: str) -> str:
    """The JSON one notice PDF is typeset from.

    A posted sheet's small print names a check code of its own content, not the policy
    version: a sheet changes only when what it says changes, so a one-grid edit re-renders
    the sheets of that grid alone (the content-addressed cache) and a reader can tell two
    printed copies apart.
    """
    L, meta = hb.L, hb.meta
    footer = L["notice_footer"] + (f"\n{meta.office}" if meta.office else "")
    notices = [_notice(hb, n) for n in group.notices]
    check = hashlib.sha256(
        json.dumps(notices, ensure_ascii=False, sort_keys=True).encode("utf-8")
    ).hexdigest()[:10]
    colon = msg("render.punct.colon")(meta.lang)
    small = [
        *((L["example_mark"],) if meta.example else ()),
        meta.jurisdiction,
        f"{L['notice_check']}{colon}{check}",
        meta.generated,
    ]
    data = {
        "title": f"{meta.jurisdiction} · {title}",
        "jurisdiction": meta.jurisdiction,
        "short_trace": " · ".join(small),
        "example": L["example_mark"] if meta.example else "",
        "hotline": meta.hotline or "",
        "footer": footer,
        "labels": {
            key: L[key]
            for key in ("notice", "grid_workers", "grid_supervisors", "report_channel", "hotline")
        }
        | {"no_workers": L["no_workers"]},
        "notices": notices,
    }
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


_PAGE = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def page_count(pdf: bytes) -> int:
    return len(_PAGE.findall(pdf))


SOURCE_NAME = "gridrules-notices.typ"  # written beside the staged assets


def write_source(folder: Path) -> Path:
    """Put the Typst template where the layout processes compile it from."""
    path = folder / SOURCE_NAME
    path.write_text(template_text(), encoding="utf-8")
    return path


# One compiler per process and source file: Typst then loads the fonts once and reuses
# its layout caches across a district's communities (about 6x faster than a fresh
# compile per PDF).
_compilers: dict[str, Any] = {}


def compile_pdf(source: Path, data: str, target: Path, created: str) -> int:
    """Typeset one notice PDF from `source` (see write_source) into `target`; its pages."""
    import datetime as dt

    import typst

    target.parent.mkdir(parents=True, exist_ok=True)
    stamp: int | None
    try:
        stamp = int(dt.datetime.fromisoformat(created).timestamp())
    except ValueError:
        stamp = None
    compiler = _compilers.get(str(source))
    if compiler is None:
        compiler = _compilers[str(source)] = typst.Compiler(str(source), root=str(source.parent))
    pdf = compiler.compile(sys_inputs={"data": data}, timestamp=stamp)
    assert isinstance(pdf, bytes)
    target.write_bytes(pdf)
    return page_count(pdf)
