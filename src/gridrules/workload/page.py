"""The workload report as one HTML page: an inline-SVG distribution chart and the most-burdened grids."""

from __future__ import annotations

from html import escape
from typing import Any

from gridrules.catalogue import msg

BINS = 20


def histogram(hours: list[float], limit: float | None) -> tuple[list[int], float]:
    """Counts of workers per bin of hours a month, and the bin width."""
    top = max([*hours, limit or 0.0, 1.0])
    width = top / BINS
    counts = [0] * BINS
    for h in hours:
        counts[min(int(h / width), BINS - 1)] += 1
    return counts, width


def svg_chart(hours: list[float], limit: float | None, lang: str) -> str:
    """Bars of workers by hours a month, with the limit as a red line."""
    counts, width = histogram(hours, limit)
    w, h, pad = 640, 220, 32
    peak = max(counts) or 1
    bar = (w - 2 * pad) / BINS
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" role="img" '
        f'aria-label="{msg("core.workload.page.chart")(lang)}">'
    ]
    for i, n in enumerate(counts):
        bh = (h - 2 * pad) * n / peak
        x, y = pad + i * bar, h - pad - bh
        tip = f"{i * width:.0f}–{(i + 1) * width:.0f} h: {n}"
        parts.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar - 2:.1f}" height="{bh:.1f}" '
            f'fill="#4a7ab5"><title>{tip}</title></rect>'
        )
    for i in range(0, BINS + 1, 5):
        x = pad + i * bar
        parts.append(
            f'<text x="{x:.1f}" y="{h - 10}" font-size="11" text-anchor="middle">'
            f"{i * width:.0f}</text>"
        )
    if limit is not None:
        x = pad + limit / width * bar
        parts.append(
            f'<line x1="{x:.1f}" y1="{pad - 8}" x2="{x:.1f}" y2="{h - pad}" stroke="#c0392b" '
            f'stroke-width="2"/><text x="{x + 4:.1f}" y="{pad}" font-size="11" fill="#c0392b">'
            f"{limit:g} h</text>"
        )
    parts.append(
        f'<text x="{w - pad}" y="{h - 10}" font-size="11" text-anchor="end">'
        f"{msg('core.workload.page.axis')(lang)}</text></svg>"
    )
    return "".join(parts)


def as_html(data: dict[str, Any], lang: str, top: int = 20) -> str:
    zh = lang == "zh"
    e = escape
    hours = [w["hours"] for w in data.get("workers", [])]
    limit = data["limits"]["max_hours_per_month"]
    s = data["summary"]
    title = msg("core.workload.page.title", name=data["name"])(lang)
    rows = []
    for g in data["grids"][:top]:
        over = ", ".join(g["over"])
        door = "" if g["door_hours"] is None else f"{g['door_hours']:g}"
        rows.append(
            f"<tr><td>{e(g['grid'])}</td><td>{e(g['name'])}</td><td>{g['workers']}</td>"
            f"<td>{g['max_worker_hours']:g}</td><td>{g['hours']:g}</td><td>{door}</td>"
            f"<td class='over'>{e(over)}</td></tr>"
        )
    roles = "".join(
        f"<tr><td>{e(r['name'] if zh else r['name_en'])}</td><td>{r['workers']}</td>"
        f"<td>{r['mean_hours']:g}</td><td>"
        f"{'' if r['field_share'] is None else format(r['field_share'], '.0%')}</td></tr>"
        for r in data["roles"]
    )
    note = data["assumed_note"]
    grid_cols = ("grid", "name", "workers", "max", "total", "door", "over")
    cols = "".join(
        f"<th>{msg(f'core.workload.page.grid_column.{c}')(lang)}</th>" for c in grid_cols
    )
    role_cols = "".join(
        f"<th>{msg(f'core.workload.page.role_column.{c}')(lang)}</th>"
        for c in ("role", "workers", "mean", "field")
    )
    summary = msg(
        "core.workload.page.summary",
        workers=s["workers"],
        mean=f"{s['mean_hours']:g}",
        max=f"{s['max_hours']:g}",
        over=s["grids_over"],
    )(lang)
    return f"""<!doctype html>
<html lang="{"zh-CN" if zh else "en"}"><head><meta charset="utf-8"><title>{e(title)}</title>
<style>body{{font-family:sans-serif;margin:2em;max-width:60em}}table{{border-collapse:collapse}}
td,th{{border:1px solid #ccc;padding:2px 6px;text-align:left}}.over{{color:#c0392b}}
.note{{background:#fff4e5;padding:.5em;border-left:4px solid #e67e22}}</style></head><body>
<h1>{e(title)}</h1>
<p>{e(data["formula"]["zh" if zh else "en"])}</p>
{f'<p class="note">{e(note["zh" if zh else "en"])}</p>' if note else ""}
<p>{summary}</p>
<h2>{msg("core.workload.page.distribution")(lang)}</h2>
{svg_chart(hours, limit, lang)}
<h2>{msg("core.workload.page.burdened")(lang)}</h2>
<table><tr>{cols}</tr>{"".join(rows)}</table>
<h2>{msg("core.workload.page.by_role")(lang)}</h2>
<table><tr>{role_cols}</tr>{roles}</table>
</body></html>
"""
