"""gridrules coverage PATH — every leaf grid × every admitted matter: reportable and handled?

\b
Exit codes: 0 no gap; 1 gaps found; 2 usage error, unreadable input, invalid policy,
            unwritable --output; 3 internal error.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from gridrules.catalogue import in_lang, msg, section
from gridrules.cli.engineopts import Report, dump_json, report_options
from gridrules.cli.options import format_option, helptext, path_argument

if TYPE_CHECKING:
    from gridrules.coverage import Coverage


@click.command("coverage")
@path_argument
@format_option(
    "text",
    "json",
    "html",
    help=helptext(msg("cli.help.coverage.format")),
)
@report_options
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    fmt: str,
    report: Report,
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

    language = report.language
    policy = report.policy(path, {"GR610"})  # coverage gaps (GR610) are this report
    result = Engine(policy).coverage(report.day)
    if fmt == "json":
        text = dump_json(result.to_dict())
    elif fmt == "html":
        text = _html(result, policy.jurisdiction.names(language), language)
    else:
        text = _text(result, policy.jurisdiction.names(language), language)
    report.write(text)
    ctx.exit(0 if result.ok else 1)


def _labels(lang: str) -> dict[str, str]:
    """The report's labels in `lang` (the text report's and the HTML template's `t`)."""
    return {key: in_lang(entry, lang) for key, entry in section("cli.coverage.report").items()}


def _text(result: Coverage, name: str, lang: str) -> str:
    t = _labels(lang)
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
        lines.append(f"    {msg('cli.coverage.gap_grids')(lang)}: {shown}")
        for fix in gap.fixes:
            lines.append(f"    {fix.location}: {fix.text(lang)}")
    lines.append(("✓ " + t["ok"]) if result.ok else ("✗ " + t["bad"]))
    return "\n".join(lines) + "\n"


def _html(result: Coverage, name: str, lang: str) -> str:
    from gridrules.render.environment import make_environment

    env = make_environment(lang)
    return env.get_template("reports/coverage.html").render(
        report=result.to_dict(), t=_labels(lang), lang=lang, name=name
    )
