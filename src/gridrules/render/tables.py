"""Table columns sized from their content, and short words that never split.

Every rendered page goes through `fit_tables()`: for each `<table class="data">`
it measures the cells (a CJK character is 1 em, Latin about half) and

- calls a column of short entries ("处置、上报", "镇（街道）", "3天") a *term*
  column: it is made as wide as its longest entry, up to a cap, and its cells
  never wrap inside a word (`class="term"`: nowrap; a list of terms wraps only
  after its "、");
- gives the remaining width to the *text* columns in proportion to how much
  they hold, each at least wide enough for a few words;
- writes the result as a `<colgroup>` of percentages, which both the browser
  and WeasyPrint's fixed table layout use (fixed layout is what keeps PDFs fast).

Headers never wrap and count towards their column's width.
"""

from __future__ import annotations

import html as htmllib
import re
from dataclasses import dataclass

from gridrules.render.text import CJK

_TABLE = re.compile(r'(<table class="data[^"]*"[^>]*>)(.*?)(</table>)', re.S)
_ROW = re.compile(r"<tr\b[^>]*>(.*?)</tr>", re.S)
_CELL = re.compile(r"<(td|th)\b([^>]*)>(.*?)</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")
_SUB = re.compile(r"<(div|br)\b", re.S)  # secondary lines inside a cell: not measured as main
_WIDE = re.compile(f"[{CJK}]")
_UNITS = re.compile(r"[\s、，；,;/·]+")
_WORD = re.compile(r"[A-Za-z0-9@.:+()\-]+")
_LIST = re.compile(r"^[^<>]*、[^<>]*$")

REFERENCE_EM = 50.0  # the text width a data table gets on an A4 page, in its own em
PAD_EM = 1.3  # cell padding and border
TERM_MAX_EM = 10.0  # a term column is at most this wide …
TEXT_MIN_EM = 7.0  # … and a text column at least this wide
WRITING_MIN_EM = 10.0  # a column left blank to write in


def text_width(text: str) -> float:
    """Printed width in em: CJK and full-width characters 1, others about half."""
    wide = len(_WIDE.findall(text))
    return wide + 0.56 * (len(text) - wide)


def _plain(cell: str) -> str:
    main = _SUB.split(cell, maxsplit=1)[0]
    return htmllib.unescape(_TAG.sub("", main)).strip()


def _secondary(cell: str) -> str:
    parts = _SUB.split(cell, maxsplit=1)
    return htmllib.unescape(_TAG.sub("", parts[-1])).strip() if len(parts) > 1 else ""


@dataclass
class _Column:
    header: float
    longest_unit: float = 0.0
    longest_word: float = 0.0  # a run of Latin letters and digits: never broken
    longest_item: float = 0.0  # the longest entry of a list of terms ("派单、督办"): kept whole
    longest: float = 0.0
    total: float = 0.0
    cells: int = 0
    secondary: bool = False  # cells with lines of notes below the entry: not a term column
    rows: int = 0
    blank: int = 0  # cells left empty to be written in by hand

    @property
    def writing(self) -> bool:
        return self.rows > 0 and self.blank == self.rows

    def add(self, text: str, notes: str = "", raw: str = "x") -> None:
        self.rows += 1
        if not raw.strip():
            self.blank += 1
        if notes:
            self.secondary = True
            self.total += text_width(notes)
        if not text or text == "—":
            return
        self.cells += 1
        width = text_width(text)
        self.longest = max(self.longest, width)
        self.total += width
        units = [u for u in _UNITS.split(text) if u]
        self.longest_unit = max([self.longest_unit, *(text_width(u) for u in units)])
        if _LIST.match(raw) and max(text_width(u) for u in units) <= TERM_MAX_EM:
            self.longest_item = max(self.longest_item, max(text_width(u) for u in units) + 0.6)
        words = _WORD.findall(text)
        self.longest_word = max([self.longest_word, *(text_width(w) for w in words)])

    @property
    def term(self) -> bool:
        return (
            not self.secondary
            and not self.writing
            and self.longest_unit <= TERM_MAX_EM
            and (self.longest <= TERM_MAX_EM or self.total / max(1, self.cells) <= 6)
        )


def _widths(columns: list[_Column]) -> tuple[list[float], list[bool]]:
    """Column widths in em (summing to REFERENCE_EM or more) and which are terms."""
    terms = [c.term for c in columns]
    widths = [0.0] * len(columns)
    for i, c in enumerate(columns):
        if terms[i]:
            widths[i] = max(c.header, min(c.longest, TERM_MAX_EM), c.longest_unit) + PAD_EM
    texts = [i for i, t in enumerate(terms) if not t]
    if not texts:
        return widths, terms
    left = max(REFERENCE_EM - sum(widths), TEXT_MIN_EM * len(texts))
    weight = {i: max(columns[i].total / max(1, columns[i].cells), 1.0) ** 0.5 for i in texts}
    floor = {
        i: max(
            TEXT_MIN_EM,
            columns[i].header + PAD_EM,
            columns[i].longest_word + PAD_EM,
            columns[i].longest_item + PAD_EM,
        )
        for i in texts
    }
    for i in texts:
        if columns[i].writing:  # room to write in by hand
            weight[i], floor[i] = 2.5, WRITING_MIN_EM
    # share the width by weight; a column held at its floor leaves the rest to the others
    fixed: dict[int, float] = {}
    while True:
        free = [i for i in texts if i not in fixed]
        room = left - sum(fixed.values())
        share = sum(weight[i] for i in free) or 1.0
        under = [i for i in free if room * weight[i] / share < floor[i]]
        if not under:
            break
        fixed.update({i: floor[i] for i in under})
        if len(fixed) == len(texts):
            break
    for i in texts:
        widths[i] = fixed.get(i, room * weight[i] / share)
    return widths, terms


def _fit(match: re.Match[str]) -> str:
    start, body, end = match.groups()
    if "<colgroup" in body or "colspan" in body.split("</thead>", 1)[0]:
        return match.group()
    head, sep, rest = body.partition("</thead>")
    if not sep:
        return match.group()
    headers = [_plain(c[2]) for c in _CELL.findall(head)]
    if not headers:
        return match.group()
    columns = [_Column(text_width(h) + 0.5) for h in headers]
    rows = _ROW.findall(rest)
    for row in rows:
        cells = _CELL.findall(row)
        if len(cells) != len(columns) or any("colspan" in c[1] for c in cells):
            continue
        for column, cell in zip(columns, cells, strict=True):
            column.add(_plain(cell[2]), _secondary(cell[2]), cell[2])
    widths, terms = _widths(columns)
    total = sum(widths)
    cols = "".join(f'<col style="width:{100 * w / total:.1f}%">' for w in widths)

    def mark(row: re.Match[str]) -> str:
        cells = list(_CELL.finditer(row.group(0)))
        if len(cells) != len(columns):
            return row.group(0)
        out, last = [], 0
        for i, cell in enumerate(cells):
            out.append(row.group(0)[last : cell.start()])
            last = cell.end()
            tag, attrs, inner = cell.groups()
            if "colspan" in attrs:
                out.append(cell.group(0))
                continue
            listed = _LIST.match(inner) and all(
                text_width(u) <= TERM_MAX_EM for u in inner.split("、")
            )
            if listed and (not terms[i] or text_width(inner) + PAD_EM > widths[i]):
                items = inner.split("、")
                inner = "<wbr>".join(
                    f'<span class="nw">{item}{"、" if n < len(items) - 1 else ""}</span>'
                    for n, item in enumerate(items)
                )
                out.append(f"<{tag}{attrs}>{inner}</{tag}>")
                continue
            if not terms[i]:
                out.append(cell.group(0))
                continue
            attrs = _add_class(attrs, "term")
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
        out.append(row.group(0)[last:])
        return "".join(out)

    rest = _ROW.sub(mark, rest)
    return f"{start}<colgroup>{cols}</colgroup>{head}{sep}{rest}{end}"


def _add_class(attrs: str, name: str) -> str:
    found = re.search(r'class="([^"]*)"', attrs)
    if found:
        return attrs[: found.start(1)] + f"{found.group(1)} {name}" + attrs[found.end(1) :]
    return f'{attrs} class="{name}"'


_WRAP = re.compile(
    r'(?<!<div class="table-scroll">)<table class="(?:data|blanks)[^"]*"[^>]*>.*?</table>', re.S
)


def fit_tables(page: str) -> str:
    """The page with every data table's columns sized from its content, and each data or
    form table in a box of its own that scrolls sideways on a phone (the page never does)."""
    if '<table class="data' in page:
        page = _TABLE.sub(_fit, page)
    if "<table class=" not in page:
        return page
    return _WRAP.sub(lambda m: f'<div class="table-scroll">{m.group()}</div>', page)
