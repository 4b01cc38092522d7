"""What a reader sees on a rendered page, and what must never be on it.

`page_text()` keeps the visible text of an HTML page (no scripts, styles,
attributes); block elements end a run of text, inline ones do not, so two
table cells never read as one line. `defects()` names stray spaces between
CJK characters and internal ids, file names and paths.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from html.parser import HTMLParser

from gridrules.model import Policy
from gridrules.render.text import CJK, STRAY_SPACE

_BLOCK = frozenset(
    "address article aside blockquote br dd div dl dt figcaption figure footer form h1 h2 h3 "
    "h4 h5 h6 header hr li main nav ol p section table tbody td tfoot th thead tr ul title "
    "option svg text tspan".split()
)
_SPACES = re.compile(r"[ \t\r\n\f]+")
_HIDDEN = frozenset({"script", "style", "head"})
FILE_NAME = re.compile(r"[A-Za-z0-9_.-]+\.(?:ya?ml|csv|py|json)\b|\bscripts/|\bpolicies/")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0
        self.in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        if tag in _BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:  # a browser shows a newline inside inline text as a space
            self.parts.append(_SPACES.sub(" ", data))


def page_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    lines = ("".join(parser.parts)).split("\n")
    # only ASCII whitespace collapses in a browser: an ideographic space (U+3000) stays
    return "\n".join(_SPACES.sub(" ", line).strip(" ") for line in lines if line.strip())


def internal_ids(policy: Policy) -> set[str]:
    """Ids of roles, matters, tiers and jurisdictions: never printed."""
    ids = {r.id for r in policy.roles} | {m.id for m in policy.matters}
    ids |= {t.id for t in policy.tiers} | {policy.jurisdiction.id, *policy.jurisdiction.parents}
    ids |= {c.id for c in policy.categories}
    return {i for i in ids if re.fullmatch(r"[A-Za-z][A-Za-z0-9_-]*", i)}


def defects(text: str, ids: Iterable[str], *, latin_words: bool = False) -> list[str]:
    """Stray CJK spaces, ids and file names in `text`.

    In English text an id that is an ordinary word ("community") is not a leak:
    with `latin_words` only ids with '_' or '-' count."""
    found = [f"stray space: {m.group()!r}" for m in STRAY_SPACE.finditer(text)]
    found += [f"file name: {m.group()!r}" for m in FILE_NAME.finditer(text)]
    wanted = [i for i in ids if not latin_words or re.search(r"[_-]", i)]
    if wanted:
        pattern = re.compile(
            r"(?<![A-Za-z0-9_./#-])("
            + "|".join(map(re.escape, sorted(wanted, key=len)[::-1]))
            + r")(?![A-Za-z0-9_-])"
        )
        for m in pattern.finditer(text):
            start = max(0, m.start() - 12)
            found.append(f"id {m.group(1)!r} in {text[start : m.end() + 12]!r}")
    return found


def catalogue_english(area: str) -> list[str]:
    """The English texts of a catalogue area's entries that a Chinese text could not
    contain: two words or more, placeholders cut out (each piece between them counts)."""
    from gridrules import catalogue

    out: set[str] = set()
    for key, entry in catalogue.entries().items():
        if not key.startswith(area + ".") or entry["en"] == entry["zh"]:
            continue
        for piece in re.split(r"\{[^}]*\}", entry["en"]):
            piece = piece.strip(" ,.;:()'")
            if re.search(r"[A-Za-z]{2,}\W+[A-Za-z]{2,}", piece) and piece not in entry["zh"]:
                out.add(piece)
    return sorted(out)


__all__ = ["CJK", "catalogue_english", "defects", "internal_ids", "page_text"]
