"""The escalation flow as generated SVG: one box per level, arrows upward, departments aside.

Pure and deterministic: the same steps give the same bytes (no random ids, no
measured fonts — text widths are estimated, CJK characters one em wide). Every
string is XML-escaped here, so the result is safe to insert as Markup.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from html import escape

from markupsafe import Markup

from gridrules.catalogue import msg
from gridrules.lang import separator
from gridrules.render.context import FlowStep

WIDTH = 720
LEFT_X, LEFT_W = 16, 340
RIGHT_X, RIGHT_W = 430, 274
PAD = 10
NAME_SIZE, TEXT_SIZE = 15, 12.5
NAME_LINE, TEXT_LINE = 21, 17.5
GAP = 38  # vertical room for an arrow and its label
COLUMN_GAP = 14  # between sibling level boxes in one row
END = "\0end"  # arrow target: the closing pill
PILL_H = 34
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'Microsoft YaHei', sans-serif"

_TOKENS = re.compile(r"[\u2e80-\uffff]|[^\s\u2e80-\uffff]+|\s+")


def _width(text: str, size: float) -> float:
    total = 0.0
    for char in text:
        if ord(char) >= 0x2E80:
            total += 1.0
        elif char == " ":
            total += 0.3
        else:
            total += 0.58
    return total * size


_NO_LINE_START = set("）)」』》〉】〕，。、：；！？…·%")  # 避头：never begins a line
_NO_LINE_END = set("（(「『《〈【〔")  # 避尾：never ends a line


def wrap(text: str, size: float, width: float) -> list[str]:
    """Greedy line breaking: CJK between characters (with 避头尾), Latin at spaces."""
    lines: list[str] = []
    current = ""
    for token in _TOKENS.findall(text):
        candidate = current + token
        fits = _width(candidate.rstrip(), size) <= width
        if current and not fits and token[0] not in _NO_LINE_START:
            carry = ""
            while current and current[-1] in _NO_LINE_END:  # keep an opening bracket with its text
                carry, current = current[-1] + carry, current[:-1]
            if current.strip():
                lines.append(current.rstrip())
            current = carry + token.lstrip()
        else:
            current = candidate
    if current.strip():
        lines.append(current.rstrip())
    return lines or [""]


def _text(
    x: float,
    y: float,
    content: str,
    size: float,
    *,
    bold: bool = False,
    anchor: str = "start",
    fill: str = "#1a1a1a",
) -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (
        f'<text x="{x:g}" y="{y:g}" font-size="{size:g}"{weight} text-anchor="{anchor}" '
        f'fill="{fill}">{escape(content)}</text>'
    )


def _arrow_down(x: float, y1: float, y2: float) -> str:
    return (
        f'<line x1="{x:g}" y1="{y1:g}" x2="{x:g}" y2="{y2 - 7:g}" stroke="#444" stroke-width="1.6"/>'
        f'<polygon points="{x - 5:g},{y2 - 8:g} {x + 5:g},{y2 - 8:g} {x:g},{y2:g}" fill="#444"/>'
    )


def _arrow_right(x1: float, x2: float, y: float) -> str:
    return (
        f'<line x1="{x1:g}" y1="{y:g}" x2="{x2 - 7:g}" y2="{y:g}" stroke="#666" '
        f'stroke-width="1.4" stroke-dasharray="5 3"/>'
        f'<polygon points="{x2 - 8:g},{y - 5:g} {x2 - 8:g},{y + 5:g} {x2:g},{y:g}" fill="#666"/>'
    )


def _pill(y: float, label: str) -> str:
    cx = LEFT_X + LEFT_W / 2
    return (
        f'<rect x="{LEFT_X + 50:g}" y="{y:g}" width="{LEFT_W - 100:g}" height="{PILL_H}" '
        f'rx="{PILL_H / 2:g}" fill="#fff" stroke="#8b1a1a" stroke-width="1.4"/>'
        + _text(
            cx,
            y + PILL_H / 2 + TEXT_SIZE * 0.36,
            label,
            TEXT_SIZE + 0.5,
            anchor="middle",
            fill="#8b1a1a",
        )
    )


def _rows(steps: Sequence[FlowStep]) -> list[list[FlowStep]]:
    """Levels grouped by tier depth, deepest first: sibling tiers share a row."""
    rows: dict[int, list[FlowStep]] = {}
    for step in steps:
        rows.setdefault(step.depth, []).append(step)
    return [rows[d] for d in sorted(rows, reverse=True)]


def _level_box(
    step: FlowStep, width: float, L: dict[str, str], lang: str
) -> tuple[list[str], float, int, int]:
    """A level box's lines, its height, and how many lines are the name and the limit."""
    text_w = width - 2 * PAD
    name_lines = wrap(step.name, NAME_SIZE, text_w)
    body: list[str] = []
    if step.time_limit:
        body += wrap(L["flow_limit"].format(limit=step.time_limit), TEXT_SIZE, text_w)
    limit_lines = len(body)
    if step.handlers:
        names = separator(lang).join(step.handlers)
        body += wrap(L["flow_handlers"].format(names=names), TEXT_SIZE, text_w)
    height = PAD * 2 + NAME_LINE * len(name_lines) + TEXT_LINE * len(body) - 4
    return [*name_lines, *body], height, len(name_lines), limit_lines


def escalation_svg(steps: Sequence[FlowStep], L: dict[str, str], title: str, lang: str) -> Markup:
    """The flow diagram for `steps` (bottom level first), labelled in L's language.

    Each row holds the levels of one tier depth (a general and a dedicated grid
    side by side); arrows go from each level to the next level on its tier
    line; a dashed box beside a row lists the departments it dispatches to.
    """
    parts: list[str] = []
    has_departments = any(step.departments for step in steps)
    width = WIDTH if has_departments else LEFT_X * 2 + LEFT_W
    centre = LEFT_X + LEFT_W / 2
    boxes: dict[str, tuple[float, float, float, float]] = {}  # id → x, y, w, h
    y = 8.0
    parts.append(_pill(y, L["flow_start"]))
    y += PILL_H
    pending: list[tuple[float, float, str]] = [(centre, y, "")]  # arrows to draw: x, from-y, to-id
    for row_index, row in enumerate(_rows(steps)):
        y += GAP
        n = len(row)
        box_w = (LEFT_W - (n - 1) * COLUMN_GAP) / n
        laid = []
        for i, step in enumerate(row):
            x = LEFT_X + i * (box_w + COLUMN_GAP)
            lines, height, name_count, limit_count = _level_box(step, box_w, L, lang)
            laid.append((step, x, lines, height, name_count, limit_count))
        dep_lines: list[str] = []
        named = sum(1 for step in row if step.departments) > 1
        for step in row:
            for dep in step.departments:
                text = f"{step.name}{msg('render.punct.colon')(lang)}{dep}" if named else dep
                wrapped = wrap(text, TEXT_SIZE, RIGHT_W - 2 * PAD - 10)
                dep_lines += ["• " + wrapped[0], *("  " + rest for rest in wrapped[1:])]
        right_h = PAD * 2 + TEXT_LINE * (len(dep_lines) + 1) - 4 if dep_lines else 0
        box_h = max([right_h, *(item[3] for item in laid)])
        # arrows into this row: from the start pill, or from the levels below
        for step, x, *_ in laid:
            boxes[step.id] = (x, y, box_w, box_h)
        label_done = False
        for ax, ay, target in pending:
            if target and target not in boxes:
                continue
            if target:
                tx, _, tw, _ = boxes[target]
                ax = min(max(ax, tx + 12), tx + tw - 12)
                parts.append(_arrow_down(ax, ay, y))
            else:
                for _step, x, *_ in laid:
                    parts.append(_arrow_down(x + box_w / 2, ay, y))
            if row_index and not label_done:
                parts.append(
                    _text(ax + 10, ay + GAP / 2 + 4, L["flow_up"], TEXT_SIZE - 1.5, fill="#555")
                )
                label_done = True
        pending = [(ax, ay, t) for ax, ay, t in pending if t and t not in boxes]
        for step, x, lines, _height, name_count, limit_count in laid:
            parts.append(
                f'<rect x="{x:g}" y="{y:g}" width="{box_w:g}" height="{box_h:g}" rx="4" '
                f'fill="#fbf7f2" stroke="#333" stroke-width="1.3"/>'
            )
            ty = y + PAD + NAME_SIZE
            for k, line in enumerate(lines):
                if k < name_count:
                    parts.append(_text(x + PAD, ty, line, NAME_SIZE, bold=True))
                    ty += (
                        NAME_LINE if k + 1 < name_count else TEXT_LINE + (NAME_LINE - TEXT_LINE) / 2
                    )
                else:
                    is_limit = k - name_count < limit_count
                    parts.append(
                        _text(
                            x + PAD,
                            ty,
                            line,
                            TEXT_SIZE,
                            fill="#8b1a1a" if is_limit else "#333",
                            bold=is_limit,
                        )
                    )
                    ty += TEXT_LINE
            pending.append((x + box_w / 2, y + box_h, step.parent or END))
        if dep_lines:
            parts.append(
                f'<rect x="{RIGHT_X}" y="{y:g}" width="{RIGHT_W}" height="{right_h:g}" rx="4" '
                f'fill="#fff" stroke="#777" stroke-width="1.1" stroke-dasharray="4 3"/>'
            )
            dy = y + PAD + TEXT_SIZE
            parts.append(_text(RIGHT_X + PAD, dy, L["flow_departments"], TEXT_SIZE, bold=True))
            for line in dep_lines:
                dy += TEXT_LINE
                parts.append(_text(RIGHT_X + PAD, dy, line, TEXT_SIZE, fill="#333"))
            mid = y + min(box_h, right_h) / 2
            parts.append(_arrow_right(LEFT_X + LEFT_W, RIGHT_X, mid))
            parts.append(
                _text(
                    (LEFT_X + LEFT_W + RIGHT_X) / 2,
                    mid - 6,
                    L["flow_dispatch"],
                    TEXT_SIZE - 1.5,
                    anchor="middle",
                    fill="#555",
                )
            )
        y += box_h
    y += GAP
    for ax, ay, target in pending:
        if target == END:
            parts.append(
                _arrow_down(centre, ay, y) if abs(ax - centre) < 1 else _elbow(ax, ay, centre, y)
            )
    parts.append(_pill(y, L["flow_end"]))
    height = y + PILL_H + 8
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="flow" viewBox="0 0 {width:g} {height:g}" '
        f'width="{width:g}" height="{height:g}" role="img" aria-label="{escape(title)}" '
        f'font-family="{escape(FONT)}"><title>{escape(title)}</title>' + "".join(parts) + "</svg>"
    )


def _elbow(x1: float, y1: float, x2: float, y2: float) -> str:
    """A line down, across and down into (x2, y2)."""
    mid = y2 - GAP / 2
    return (
        f'<polyline points="{x1:g},{y1:g} {x1:g},{mid:g} {x2:g},{mid:g} {x2:g},{y2 - 7:g}" '
        f'fill="none" stroke="#444" stroke-width="1.6"/>'
        f'<polygon points="{x2 - 5:g},{y2 - 8:g} {x2 + 5:g},{y2 - 8:g} {x2:g},{y2:g}" fill="#444"/>'
    )
