"""The closed loop (闭环处置) as generated SVG: numbered steps in a snake of two rows,
arrows from each step to the next, and one arrow back from the last to the first.

Pure and deterministic like the escalation diagram (render/svg.py): same steps,
same bytes; every string is XML-escaped here.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from html import escape
from itertools import pairwise

from markupsafe import Markup

from gridrules.render.svg import FONT, _text, wrap
from gridrules.render.views import LoopStepView

WIDTH = 720
MARGIN = 16
GAP_X = 34  # room for an arrow between two boxes
ROW_GAP = 46  # room for the arrow down between the rows
BOX_H = 78
NAME_SIZE, TEXT_SIZE = 14.5, 12
ACCENT = "#8b1a1a"


def _box(x: float, y: float, w: float, step: LoopStepView, limit_label: str) -> str:
    parts = [
        f'<rect x="{x:g}" y="{y:g}" width="{w:g}" height="{BOX_H}" rx="6" fill="#fff" '
        f'stroke="{ACCENT}" stroke-width="1.4"/>',
        f'<circle cx="{x + 15:g}" cy="{y + 16:g}" r="10" fill="{ACCENT}"/>',
        _text(x + 15, y + 20.5, str(step.number), 12, bold=True, anchor="middle", fill="#fff"),
    ]
    lines = wrap(step.name, NAME_SIZE, w - 36)[:2]
    for i, line in enumerate(lines):
        parts.append(_text(x + 31, y + 21 + i * 19, line, NAME_SIZE, bold=True))
    if step.time_limit:
        parts.append(
            _text(
                x + w / 2,
                y + BOX_H - 12,
                limit_label.format(limit=step.time_limit),
                TEXT_SIZE,
                anchor="middle",
                fill=ACCENT,
            )
        )
    return "".join(parts)


def _arrow(x1: float, y1: float, x2: float, y2: float, *, dashed: bool = False) -> str:
    angle = math.atan2(y2 - y1, x2 - x1)
    bx, by = x2 - 8 * math.cos(angle), y2 - 8 * math.sin(angle)
    px, py = 5 * math.sin(angle), -5 * math.cos(angle)
    dash = ' stroke-dasharray="5 3"' if dashed else ""
    return (
        f'<line x1="{x1:g}" y1="{y1:g}" x2="{bx:.1f}" y2="{by:.1f}" stroke="#444" '
        f'stroke-width="1.6"{dash}/>'
        f'<polygon points="{bx + px:.1f},{by + py:.1f} {bx - px:.1f},{by - py:.1f} '
        f'{x2:g},{y2:g}" fill="#444"/>'
    )


def loop_svg(
    steps: Sequence[LoopStepView], title: str, limit_label: str, back_label: str
) -> Markup:
    """The loop diagram; `limit_label` has a {limit} slot ("时限 {limit}")."""
    if not steps:
        return Markup("")
    per_row = math.ceil(len(steps) / 2) if len(steps) > 4 else len(steps)
    rows = [list(steps[:per_row]), list(steps[per_row:])]
    box_w = (WIDTH - 2 * MARGIN - (per_row - 1) * GAP_X) / per_row
    parts: list[str] = []
    places: list[tuple[float, float]] = []  # each step's box (x, y), in step order
    for r, row in enumerate(rows):
        y: float = MARGIN + r * (BOX_H + ROW_GAP)
        for i, _step in enumerate(row):
            col = i if r == 0 else per_row - 1 - i  # the second row runs right to left
            places.append((MARGIN + col * (box_w + GAP_X), y))
    for step, (x, y) in zip(steps, places, strict=True):
        parts.append(_box(x, y, box_w, step, limit_label))
    for (x1, y1), (x2, y2) in pairwise(places):
        if y1 == y2:  # along a row
            left_to_right = x2 > x1
            start = x1 + box_w if left_to_right else x1
            end = x2 if left_to_right else x2 + box_w
            parts.append(_arrow(start, y1 + BOX_H / 2, end, y2 + BOX_H / 2))
        else:  # down to the next row
            parts.append(_arrow(x1 + box_w / 2, y1 + BOX_H, x2 + box_w / 2, y2))
    height = places[-1][1] + BOX_H + MARGIN + 34
    if len(places) > 1:  # back from the last step to the first: the loop closes
        (fx, fy), (lx, ly) = places[0], places[-1]
        bottom = height - 30
        parts.append(
            f'<polyline points="{lx + box_w / 2:g},{ly + BOX_H:g} {lx + box_w / 2:g},{bottom:g} '
            f'{MARGIN - 8:g},{bottom:g} {MARGIN - 8:g},{fy + BOX_H / 2:g}" fill="none" '
            f'stroke="#888" stroke-width="1.4" stroke-dasharray="5 3"/>'
            + _arrow(MARGIN - 8, fy + BOX_H / 2, fx, fy + BOX_H / 2, dashed=True)
        )
        parts.append(
            _text(WIDTH / 2, bottom + 17, back_label, TEXT_SIZE - 1, anchor="middle", fill="#555")
        )
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="loop" viewBox="0 0 {WIDTH} {height:g}" '
        f'width="{WIDTH}" height="{height:g}" role="img" aria-label="{escape(title)}" '
        f'font-family="{escape(FONT)}"><title>{escape(title)}</title>' + "".join(parts) + "</svg>"
    )
