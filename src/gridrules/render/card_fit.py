"""Duty cards on one printed page each: a type size per card, and a second look at the PDF.

An office prints one card per worker and pins it up, so a card must never run onto a
second page, and a short card should not leave half the sheet blank. Each card's
`<article>` carries a density (templates/cards.html, `data-density`), from the loosest,
`large`, to the tightest, `dense` (templates/assets/cards.css: the type size, spacing
and a two-column duty list; Chinese text stays at 9pt or more at every density). The PDF
and the site's card pages printed from a browser share that stylesheet and the estimate;
only the PDF gets the second look below.

`density()` estimates from a card's text how many lines it prints at `normal` and picks
the loosest density it should fit at; `fit()` then lays the cards out, and while a card
still runs over one page moves it one density tighter and lays them out again. A card
that runs over even at `dense` stays as it is, over two pages (the running head names the
card on the second); nothing is ever left out to make a card fit.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from gridrules.render.views import ExclusionView, RoleView

DENSITIES = ("large", "spacious", "roomy", "normal", "compact", "dense")  # loosest first

# the most lines (estimated at `normal`) a card may have to start at each density; a card
# at `normal` fills about 2% of the page a line, `roomy` prints ~1.35× as tall, `spacious`
# ~1.7×, `large` ~2.2×, `compact` ~0.88×, `dense` ~0.8× (measured on the bundled policies)
_MOST_LINES = {"large": 21, "spacious": 26, "roomy": 33, "normal": 45, "compact": 53}
_LINE = 52  # characters in a line of the card at `normal`

_ARTICLE = re.compile(r'(<article class="sheet card" id="card-([^"]*)" data-density=")([a-z]+)"')


def _lines(text_lengths: Iterable[int], extra: int = 0) -> int:
    """Lines a run of items printed one after another takes (each item plus a separator)."""
    return (sum(n + 1 for n in text_lengths) + extra) // _LINE + 1


def estimated_lines(card: RoleView, excluded: Iterable[ExclusionView] = ()) -> int:
    """About how many lines the card prints at `normal` density (its head counted as 9)."""
    lines = 9 + _lines(len(level) + 2 for level, _ in card.escalation)
    if card.description:
        lines += _lines([len(card.description)])
    for d in card.duties + card.emergency_duties:
        if d.groups:
            lines += 1 + sum(_lines((len(m) for m in ms), len(c)) for c, ms in d.groups)
        else:
            lines += _lines((len(m) for m in d.matters), len(d.name) + len(d.actions) + 3)
    if card.deadlines:
        lines += 1 + _lines(len(name) + len(limit) + 1 for name, limit in card.deadlines)
    if card.emergency_duties:
        lines += 2
    excluded = list(excluded)
    if excluded and card.bound_by_lists:
        lines += 1 + _lines(len(e.matter) + 3 for e in excluded)
    if card.prohibitions:
        lines += _lines(len(p.name) + 3 for p in card.prohibitions)
    if card.constraints or card.recruited_from or card.supervises:
        lines += 1 + bool(card.recruited_from) + bool(card.supervises)
        lines += sum(len(c) // 40 + 1 for c in card.constraints)
    return lines


def density(card: RoleView, excluded: Iterable[ExclusionView] = ()) -> str:
    """The loosest density the card should fit one page at."""
    lines = estimated_lines(card, excluded)
    return next((d for d, most in _MOST_LINES.items() if lines <= most), DENSITIES[-1])


def density_of(excluded: Iterable[ExclusionView] = ()) -> Callable[[RoleView], str]:
    """`density` with the handbook's excluded matters bound: the templates' `card_density`,
    the same for the PDF and the site's card pages (which print through the same rules)."""
    excluded = tuple(excluded)
    return lambda card: density(card, excluded)


def card_pages(document: Any) -> dict[str, int]:
    """Pages each card of a laid-out WeasyPrint document runs over, by role id (every card
    starts a page; the anchor `card-<id>` is its article)."""
    starts: dict[str, int] = {}
    for number, page in enumerate(document.pages):
        for anchor in page.anchors:
            if anchor.startswith("card-"):
                starts.setdefault(anchor.removeprefix("card-"), number)
    order = [*sorted(starts.items(), key=lambda item: item[1]), ("", len(document.pages))]
    return {card: order[i + 1][1] - start for i, (card, start) in enumerate(order[:-1])}


def tighten(html: str, cards: set[str]) -> str:
    """The cards' HTML with each of `cards` one density tighter (the tightest stays)."""

    def step(match: re.Match[str]) -> str:
        now = match.group(3)
        if match.group(2) not in cards or now not in DENSITIES or now == DENSITIES[-1]:
            return match.group(0)
        return f'{match.group(1)}{DENSITIES[DENSITIES.index(now) + 1]}"'

    return _ARTICLE.sub(step, html)


def fit(html: str, lay_out: Callable[[str], Any]) -> Any:
    """Lay out the cards' HTML, tightening every card that runs over one page until none
    does or none can be tightened further; the last layout is returned."""
    document = lay_out(html)
    while True:
        over = {card for card, pages in card_pages(document).items() if pages > 1}
        tighter = tighten(html, over) if over else html
        if tighter == html:
            return document
        html = tighter
        document = lay_out(html)
