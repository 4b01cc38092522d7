"""gridrules route PATH — the escalation chain for a matter from a grid.

\b
Exit codes: 0 the route was printed; 2 usage error, unknown matter or grid,
            or invalid policy.
"""

from __future__ import annotations

import click

from gridrules.cli.engineopts import (
    common,
    dump_json,
    load_engine,
    mode_option,
    path_argument,
    word,
)
from gridrules.lang import detect_lang


@click.command("route")
@path_argument
@click.option("--matter", "-m", required=True, help="Matter id. 事项")
@click.option(
    "--grid",
    "-g",
    default=None,
    help="Grid code it starts from (default: the generic chain). 起点网格",
)
@mode_option
@common
def command(
    path: str,
    matter: str,
    grid: str | None,
    mode: str,
    root: str | None,
    fmt: str,
    lang: str | None,
    explain: bool,
) -> None:
    """Print where a matter goes from a grid: each level, who handles there, time limit, departments.

    \b
    gridrules route policies/chengdu-wuhou -m e_bike_charging -g 510107001001001
    gridrules route policies/chengdu -m neighbour_dispute            # the generic chain

    \b
    Exit codes: 0 printed; 2 usage error, unknown matter or grid, invalid policy.
    """
    language = detect_lang(lang)
    engine = load_engine(path, root)
    route = engine.route(matter, grid, mode)
    if fmt == "json":
        click.echo(dump_json({**route.to_dict(), "policy_version": str(engine.version)}), nl=False)
        return
    head = f"{route.matter_names(language) or route.matter} ({route.matter})"
    start = grid or word(language, "通用路线", "generic chain")
    limits = []
    if route.report_within:
        limits.append(
            f"{word(language, '上报时限', 'report within')} {route.report_within.describe(language)}"
        )
    if route.close_within:
        limits.append(
            f"{word(language, '办结时限', 'close within')} {route.close_within.describe(language)}"
        )
    if route.verbal_report_within:
        limits.append(
            f"{word(language, '口头报告', 'verbal report within')} {route.verbal_report_within.describe(language)}"
        )
    if route.written_report_within:
        limits.append(
            f"{word(language, '书面报告', 'written report within')} {route.written_report_within.describe(language)}"
        )
    click.echo(
        f"{head} — {start}" + (f" — {word(language, '；', '; ').join(limits)}" if limits else "")
    )
    stage_words = {
        "report": word(language, "发现上报", "report"),
        "handle": word(language, "处置", "HANDLES"),
        "escalate": word(language, "上交", "escalate"),
    }
    for n, step in enumerate(route.steps, start=1):
        node = f" {step.node.id} {step.node.names.zh}" if step.node else ""
        limit = f" · {step.time_limit.describe(language)}" if step.time_limit else ""
        click.echo(
            f"  {n}. [{stage_words[step.stage]}] {step.names(language)} ({step.level}){node}{limit}"
        )
        if step.handlers:
            handlers = ", ".join(h.names(language) or h.id for h in step.handlers)
            click.echo(f"       {word(language, '处置角色', 'handlers')}: {handlers}")
        if step.people:
            people = ", ".join(
                f"{p.name} {p.id}" + (f" {p.phone}" if p.phone else "") for p in step.people
            )
            click.echo(f"       {word(language, '人员', 'people')}: {people}")
        if step.departments:
            deps = ", ".join(d.names(language) or d.id for d in step.departments)
            click.echo(f"       {word(language, '分流部门', 'departments')}: {deps}")
        if explain:
            click.echo(f"       {word(language, '依据', 'source')}: {step.source}")
    if explain:
        if route.handling_level:
            click.echo(
                word(
                    language,
                    f"说明：{route.handling_tier} 层级处置的事项，在 {route.handling_level} 处置；以下各层发现后上报，处置不了的逐级上交。",
                    f"Explanation: handled at tier {route.handling_tier}, i.e. level {route.handling_level}; "
                    "levels below discover and report it, levels above take what it cannot resolve.",
                )
            )
        else:
            click.echo(
                word(
                    language,
                    "说明：没有层级能处置该事项（请检查 escalation 与 handling_tier）",
                    "Explanation: no level is high enough to handle it (check escalation and handling_tier)",
                )
            )
