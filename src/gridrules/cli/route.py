"""gridrules route PATH — the escalation chain for a matter from a grid.

\b
Exit codes: 0 the route was printed; 2 usage error, unknown matter or grid,
            or invalid policy; 3 internal error.
"""

from __future__ import annotations

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import (
    Output,
    common,
    dump_json,
    load_engine,
    matter_help,
    mode_option,
)
from gridrules.cli.options import helptext, path_argument
from gridrules.model import Duration
from gridrules.problems import Text
from gridrules.route import Assigned, Route, RouteStep
from gridrules.warning_text import warning_lines


@click.command("route")
@path_argument
@click.option("--matter", "-m", required=True, help=matter_help)
@click.option(
    "--grid",
    "-g",
    default=None,
    help=helptext(msg("cli.help.route.grid")),
)
@mode_option
@common
def command(
    path: str,
    matter: str,
    grid: str | None,
    mode: str,
    out: Output,
) -> None:
    """Print where a matter goes from a grid: each level, who handles there, each step's
    time limit and the cumulative deadline, the ceiling, departments (lead/assist).

    \b
    gridrules route policies/chengdu-wuhou -m e_bike_charging -g 510107001001001
    gridrules route policies/chengdu -m neighbour_dispute            # the generic chain

    \b
    Exit codes: 0 printed; 2 usage error, unknown matter or grid, invalid policy;
                3 internal error.
    """
    language = out.language
    engine = load_engine(path, out.root)
    route = engine.route(matter, grid, mode)
    if out.fmt == "json":
        click.echo(dump_json({**route.to_dict(), "policy_version": str(engine.version)}), nl=False)
        return
    for line in lines(route, language, out.explain):
        click.echo(line)


def _d(d: Duration | None, lang: str) -> str:
    return d.describe(lang) if d is not None else "—"


def lines(route: Route, lang: str, explain: bool = False) -> list[str]:
    """The route as printed text (zh or en)."""
    sep = msg("cli.common.clause_sep")(lang)
    head = f"{route.matter_names(lang) or route.matter} ({route.matter})"
    start = route.grid or msg("cli.route.generic")(lang)
    out = [f"{head} — {start}"]
    limits = []
    if route.report_within:
        limits.append(f"{msg('cli.route.report_within')(lang)} {_d(route.report_within, lang)}")
    if route.deadline:
        if route.close_within:
            source = msg("cli.route.close_within")
        else:
            source = msg("cli.route.route_total")
        limits.append(
            f"{msg('cli.route.deadline')(lang)} {_d(route.deadline, lang)}{_paren(source(lang), lang)}"
        )
    if route.handling_deadline:
        limits.append(
            f"{msg('cli.route.handling_cumulative')(lang)} {_d(route.handling_deadline, lang)}"
        )
    if route.ceiling:
        extension = _paren(route.ceiling.extension, lang) if route.ceiling.extension else ""
        limits.append(
            f"{msg('cli.route.ceiling')(lang)} {_d(route.ceiling.limit, lang)}{extension}"
        )
    if route.verbal_report_within:
        limits.append(
            f"{msg('cli.route.verbal_report')(lang)} {_d(route.verbal_report_within, lang)}"
        )
    if route.written_report_within:
        limits.append(
            f"{msg('cli.route.written_report')(lang)} {_d(route.written_report_within, lang)}"
        )
    if limits:
        out.append("  " + sep.join(limits))
    if route.ceiling and route.ceiling.source:
        out.append(f"  {msg('cli.route.ceiling_source')(lang)}: {route.ceiling.source}")
    direct = route.direct
    if direct is not None:
        written = (
            f"{sep}{msg('cli.route.direct_written')(lang)} {_d(direct.written_within, lang)}"
            if direct.written_within
            else ""
        )
        target = next((s.names(lang) for s in route.steps if s.stage == "direct"), direct.level)
        out.append(
            f"  {msg('cli.route.direct_to')(lang)}: {target}{sep}"
            f"{msg('cli.route.first_report')(lang)} {_d(direct.within, lang)}{written}"
        )
        if direct.source:
            out.append(f"  {msg('cli.route.direct_source')(lang)}: {direct.source}")
    for n, step in enumerate(route.steps, start=1):
        out += _step_lines(n, step, lang, explain)
    if route.skipped:
        out.append(
            f"  {msg('cli.route.skipped')(lang)}: "
            + ", ".join(r.names(lang) for r in route.skipped)
        )
    if route.kept:
        out.append("  " + msg("cli.route.kept")(lang))
    names = {x: n(lang) for x, n in route.warning_names}
    out += warning_lines(route.warnings, lang, lambda x: names.get(x, x), lambda x: names.get(x, x))
    if explain:
        out.append(_explanation(route, lang))
    return out


def _stage(step: RouteStep) -> Text:
    if step.stage == "direct":
        return msg("cli.route.stage.direct")
    if step.stage == "report":
        return msg("cli.route.stage.report")
    if step.stage == "handle":
        return msg("cli.route.stage.keeps") if step.keeps else msg("cli.route.stage.handle")
    return msg("cli.route.stage.escalate")


def _step_lines(n: int, step: RouteStep, lang: str, explain: bool) -> list[str]:
    node = f" {step.node.id} {step.node.names.zh}" if step.node else ""
    parts = [f"  {n}. [{_stage(step)(lang)}] {step.names(lang)} ({step.level}){node}"]
    if step.time_limit:
        parts.append(_d(step.time_limit, lang))
    if step.cumulative:
        parts.append(f"{msg('cli.route.cumulative')(lang)} {_d(step.cumulative, lang)}")
    elif step.stage == "direct" and not step.counted:
        parts.append(msg("cli.route.told_at_once")(lang))
    if step.written_within:
        parts.append(f"{msg('cli.route.step_written')(lang)} {_d(step.written_within, lang)}")
    out = [" · ".join(parts)]
    if step.handlers:
        handlers = ", ".join(h.names(lang) or h.id for h in step.handlers)
        out.append(f"       {msg('cli.route.handlers')(lang)}: {handlers}")
    if step.people:
        people = ", ".join(
            f"{p.name} {p.id}" + (f" {p.phone}" if p.phone else "") for p in step.people
        )
        out.append(f"       {msg('cli.route.people')(lang)}: {people}")
    if step.departments:
        deps = ", ".join(_department(d, lang) for d in step.departments)
        out.append(f"       {msg('cli.route.departments')(lang)}: {deps}")
    if explain:
        out.append(f"       {msg('cli.common.source')(lang)}: {step.source}")
        if step.limit_source:
            out.append(f"       {msg('cli.route.limit_from')(lang)}: {step.limit_source}")
    return out


def _department(d: Assigned, lang: str) -> str:
    notes = []
    if d.part == "lead":
        notes.append(msg("cli.route.part.lead")(lang))
    elif d.part == "assist":
        notes.append(msg("cli.route.part.assist")(lang))
    if d.time_limit:
        notes.append(_d(d.time_limit, lang))
    name = d.names(lang) or d.id
    if not notes:
        return name
    return name + _paren(msg("cli.common.list_sep")(lang).join(notes), lang)


def _paren(text: str, lang: str) -> str:
    return msg("cli.common.paren", text=text)(lang)


def _explanation(route: Route, lang: str) -> str:
    if not route.handling_level:
        return msg("cli.route.no_handler")(lang)
    explained = msg("cli.route.explanation", tier=route.handling_tier, level=route.handling_level)
    return explained(lang)
