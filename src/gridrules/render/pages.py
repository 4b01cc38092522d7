"""The handbook's pages as fingerprints: what other packages may know of a rendered handbook.

`page_fingerprints` builds the view data the handbook prints (render.context)
and digests it page by page, so a caller (gridrules.diff) can tell which pages
a change touches without reaching into the view classes.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from hashlib import blake2b

from gridrules.model import Policy
from gridrules.render.context import build_handbook
from gridrules.version import PolicyVersion

_NO_GRID = "\0gridrules: no notice sheets\0"  # a grid id no registry holds


@dataclass(frozen=True, slots=True)
class PageFingerprints:
    """One language's handbook pages, each as a short fingerprint of what it prints."""

    pages: dict[str, tuple[str, str, str]]  # page path → (kind, id, fingerprint), site order
    sections: dict[str, str]  # the manual's sections → fingerprint

    # kind: manual, card (per role), checklist (per grid-tier role), notice (per grid)


def page_fingerprints(
    policy: Policy, lang: str, *, at: dt.date, grids: Sequence[str] | None = None
) -> PageFingerprints:
    """Fingerprints of the pages of the handbook in `lang`, as generated on `at`.

    `grids` None: every notice sheet; otherwise the sheets of those grids and
    the grids below them (none when empty). Page metadata (the policy version)
    is left out, so equal fingerprints mean equal printed content.
    """
    version = PolicyVersion("", None, False)
    wanted: Sequence[str] = () if grids is None else (list(grids) or [_NO_GRID])
    hb = build_handbook(policy, version, lang=lang, generated=at, grids=wanted)
    manual = hb.manual
    pages = {"manual.html": ("manual", "", _fingerprint(manual))}
    for kind, views in (("card", hb.cards), ("checklist", hb.checklists), ("notice", hb.notices)):
        for view in views:
            pages[view.href] = (kind, view.id, _fingerprint(view))
    sections = {f.name: _fingerprint(getattr(manual, f.name)) for f in dataclasses.fields(manual)}
    return PageFingerprints(pages, sections)


def _fingerprint(value: object) -> str:
    """A short, process-independent fingerprint of view data (repr of str/tuple dataclasses)."""
    return blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()
