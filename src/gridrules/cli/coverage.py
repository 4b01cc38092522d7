"""gridrules coverage PATH — every leaf grid × every admitted matter: reportable and handled?

\b
Exit codes: 0 no gap; 1 gaps found; 2 usage error, unreadable input, invalid policy,
            unwritable --output; 3 internal error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gridrules.cli.engineopts import (
    at_option,
    dump_json,
    output_option,
    parse_at_option,
    path_argument,
    root_option,
    word,
)
from gridrules.cli.options import lang_option
from gridrules.lang import detect_lang

if TYPE_CHECKING:
    from gridrules.coverage import Coverage
    from gridrules.model import Policy

_TEXT = {
    "title": ("事项覆盖检查", "Coverage"),
    "date": ("判定日期", "date"),
    "leaves": ("末端网格", "leaf grids"),
    "lines": ("层级链", "tier lines"),
    "ok": (
        "每个末端网格都能上报并处置每项准入事项",
        "every leaf grid can report and handle every admitted matter",
    ),
    "bad": ("存在覆盖缺口", "coverage gaps found"),
    "mode": ("模式", "mode"),
    "normal": ("常态", "normal"),
    "emergency": (
        "应急（仅应急期间准入的事项）",
        "emergency (matters admitted only in an emergency)",
    ),
    "matters": ("检查事项", "matters checked"),
    "pairs": ("网格×事项", "grid × matter pairs"),
    "report_gaps": ("无法上报", "cannot be reported"),
    "handle_gaps": ("无法处置", "cannot be handled"),
    "gaps": ("缺口", "Gaps"),
    "gap": ("缺口", "gap"),
    "grids": ("涉及网格", "grids"),
    "fix": ("修改位置", "where to fix"),
}


@click.command("coverage")
@path_argument
@at_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, html for a page to print. 输出格式",
)
@output_option
@root_option
@lang_option
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    at: str | None,
    fmt: str,
    output: str | None,
    root: str | None,
    lang: str | None,
) -> None:
    """Prove that every admitted matter can be reported and handled from every leaf grid.

    For every leaf of the grid registry (micro grids, unit cells, dedicated
    grids) and every matter admitted on the date — and, in emergency mode, every
    matter admitted only during an emergency — some role present there may
    report it (or settle it on the spot), and some role on its route may handle
    it. Computed from the compiled decision tables, over the whole registry.

    \b
    gridrules coverage policies/chengdu-wuhou
    gridrules coverage policies/tongjiang --format html -o coverage.html

    \b
    Exit codes: 0 no gap; 1 gaps found; 2 usage error, unreadable input, invalid policy,
                unwritable --output; 3 internal error.
    """
    from gridrules.engine import Engine

    language = detect_lang(lang)
    when = parse_at_option(at, language)
    policy = _policy(path, root)
    day = when.date() if isinstance(when, dt.datetime) else when
    result = Engine(policy).coverage(day)
    if fmt == "json":
        text = dump_json(result.to_dict())
    elif fmt == "html":
        text = _html(result, policy.jurisdiction.names(language), language)
    else:
        text = _text(result, policy.jurisdiction.names(language), language)
    if output:
        from gridrules.atomic import write_atomic
        from gridrules.cli.outcome import unwritable

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            raise unwritable(output, exc) from None
    else:
        click.echo(text, nl=False)
    ctx.exit(0 if result.ok else 1)


def _policy(path: str, root: str | None) -> Policy:
    """The validated policy; coverage gaps (GR610) are what this command reports, not a refusal."""
    from gridrules.decision import PolicyInvalid
    from gridrules.loader import display_path
    from gridrules.policy import load_policy
    from gridrules.problems import has_errors

    result = load_policy(path, root=root)
    others = [p for p in result.problems if p.code != "GR610"]
    policy = result.policy if result.policy is not None else result.built
    if policy is None or has_errors(others):
        raise PolicyInvalid(display_path(Path(path)), others or result.problems)
    return policy


def _text(result: Coverage, name: str, lang: str) -> str:
    t = {k: v[0] if lang == "zh" else v[1] for k, v in _TEXT.items()}
    lines = [
        f"{t['title']} {name} — {t['date']} {result.at.isoformat()}, "
        f"{t['leaves']} {result.leaves}, {t['lines']} {result.lines}"
    ]
    for f in result.figures:
        lines.append(
            f"  {t[f.mode.value]}: {t['matters']} {f.matters}, {t['pairs']} {f.pairs}, "
            f"{t['report_gaps']} {f.report_gaps}, {t['handle_gaps']} {f.handle_gaps}"
        )
    for gap in result.gaps:
        lines.append(f"✗ {gap.message(lang)} [{' → '.join(gap.tiers)}]")
        shown = ", ".join(gap.grids[:5]) + (" …" if len(gap.grids) > 5 else "")
        lines.append(f"    {word(lang, '网格', 'grids')}: {shown}")
        for fix in gap.fixes:
            lines.append(f"    {fix.location}: {fix.text.zh if lang == 'zh' else fix.text.en}")
    lines.append(("✓ " + t["ok"]) if result.ok else ("✗ " + t["bad"]))
    return "\n".join(lines) + "\n"


def _html(result: Coverage, name: str, lang: str) -> str:
    from gridrules.render.environment import make_environment

    env = make_environment(lang)
    t = {k: v[0] if lang == "zh" else v[1] for k, v in _TEXT.items()}
    return env.get_template("reports/coverage.html").render(
        report=result.to_dict(), t=t, lang=lang, name=name
    )
