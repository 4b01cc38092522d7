"""gridrules route PATH — the escalation chain for a matter from a grid.

\b
Exit codes: 0 the route was printed; 2 usage error, unknown matter or grid,
            or invalid policy; 3 internal error.
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
from gridrules.model import Duration
from gridrules.route import Assigned, Route, RouteStep
from gridrules.warning_text import warning_lines


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
    """Print where a matter goes from a grid: each level, who handles there, each step's
    time limit and the cumulative deadline, the ceiling, departments (lead/assist).

    \b
    gridrules route policies/chengdu-wuhou -m e_bike_charging -g 510107001001001
    gridrules route policies/chengdu -m neighbour_dispute            # the generic chain

    \b
    Exit codes: 0 printed; 2 usage error, unknown matter or grid, invalid policy;
                3 internal error.
    """
    language = detect_lang(lang)
    engine = load_engine(path, root)
    route = engine.route(matter, grid, mode)
    if fmt == "json":
        click.echo(dump_json({**route.to_dict(), "policy_version": str(engine.version)}), nl=False)
        return
    for line in lines(route, language, explain):
        click.echo(line)


def _d(d: Duration | None, lang: str) -> str:
    return d.describe(lang) if d is not None else "—"


def lines(route: Route, lang: str, explain: bool = False) -> list[str]:
    """The route as printed text (zh or en)."""

    def w(zh: str, en: str) -> str:
        return word(lang, zh, en)

    sep = w("；", "; ")
    head = f"{route.matter_names(lang) or route.matter} ({route.matter})"
    start = route.grid or w("通用路线", "generic chain")
    out = [f"{head} — {start}"]
    limits = []
    if route.report_within:
        limits.append(f"{w('上报时限', 'report within')} {_d(route.report_within, lang)}")
    if route.deadline:
        source = (
            w("办结时限", "close_within") if route.close_within else w("路线累计", "route total")
        )
        limits.append(f"{w('期限', 'deadline')} {_d(route.deadline, lang)}{_paren(source, lang)}")
    if route.handling_deadline:
        limits.append(
            f"{w('处置层级累计', 'cumulative at the handling level')} "
            f"{_d(route.handling_deadline, lang)}"
        )
    if route.ceiling:
        extension = _paren(route.ceiling.extension, lang) if route.ceiling.extension else ""
        limits.append(f"{w('时限上限', 'ceiling')} {_d(route.ceiling.limit, lang)}{extension}")
    if route.verbal_report_within:
        limits.append(
            f"{w('口头报告', 'verbal report within')} {_d(route.verbal_report_within, lang)}"
        )
    if route.written_report_within:
        limits.append(
            f"{w('书面报告', 'written report within')} {_d(route.written_report_within, lang)}"
        )
    if limits:
        out.append("  " + sep.join(limits))
    if route.ceiling and route.ceiling.source:
        out.append(f"  {w('上限依据', 'ceiling source')}: {route.ceiling.source}")
    direct = route.direct
    if direct is not None:
        written = (
            f"{sep}{w('书面', 'in writing within')} {_d(direct.written_within, lang)}"
            if direct.written_within
            else ""
        )
        target = next((s.names(lang) for s in route.steps if s.stage == "direct"), direct.level)
        out.append(
            f"  {w('越级直报', 'direct report to')}: {target}{sep}{w('首报', 'first report within')} "
            f"{_d(direct.within, lang)}{written}"
        )
        if direct.source:
            out.append(f"  {w('直报依据', 'direct report source')}: {direct.source}")
    for n, step in enumerate(route.steps, start=1):
        out += _step_lines(n, step, lang, explain)
    if route.skipped:
        out.append(
            f"  {w('越级直报，跳过', 'skipped by the direct report')}: "
            + ", ".join(r.names(lang) for r in route.skipped)
        )
    if route.kept:
        out.append(
            w(
                "  处置层级不上交：牵头办理并借助所列部门（含上级部门）。",
                "  The handling level keeps the case: it leads and enlists the departments "
                "listed (those above it too) instead of handing it up.",
            )
        )
    names = {x: n(lang) for x, n in route.warning_names}
    out += warning_lines(route.warnings, lang, lambda x: names.get(x, x), lambda x: names.get(x, x))
    if explain:
        out.append(_explanation(route, lang))
    return out


def _step_lines(n: int, step: RouteStep, lang: str, explain: bool) -> list[str]:
    def w(zh: str, en: str) -> str:
        return word(lang, zh, en)

    stages = {
        "direct": w("直报", "DIRECT"),
        "report": w("发现上报", "report"),
        "handle": w("处置·不上交", "HANDLES, keeps it") if step.keeps else w("处置", "HANDLES"),
        "escalate": w("上交", "escalate"),
    }
    node = f" {step.node.id} {step.node.names.zh}" if step.node else ""
    parts = [f"  {n}. [{stages[step.stage]}] {step.names(lang)} ({step.level}){node}"]
    if step.time_limit:
        parts.append(_d(step.time_limit, lang))
    if step.cumulative:
        parts.append(f"{w('累计', 'cumulative')} {_d(step.cumulative, lang)}")
    elif step.stage == "direct" and not step.counted:
        parts.append(w("同时报告，不计入期限", "told at once, outside the deadline"))
    if step.written_within:
        parts.append(f"{w('书面', 'written')} {_d(step.written_within, lang)}")
    out = [" · ".join(parts)]
    if step.handlers:
        handlers = ", ".join(h.names(lang) or h.id for h in step.handlers)
        out.append(f"       {w('处置角色', 'handlers')}: {handlers}")
    if step.people:
        people = ", ".join(
            f"{p.name} {p.id}" + (f" {p.phone}" if p.phone else "") for p in step.people
        )
        out.append(f"       {w('人员', 'people')}: {people}")
    if step.departments:
        deps = ", ".join(_department(d, lang) for d in step.departments)
        out.append(f"       {w('分流部门', 'departments')}: {deps}")
    if explain:
        out.append(f"       {w('依据', 'source')}: {step.source}")
        if step.limit_source:
            out.append(f"       {w('时限出处', 'limit from')}: {step.limit_source}")
    return out


def _department(d: Assigned, lang: str) -> str:
    part = {"lead": word(lang, "牵头", "lead"), "assist": word(lang, "配合", "assists")}
    notes = [part[d.part]] if d.part in part else []
    if d.time_limit:
        notes.append(_d(d.time_limit, lang))
    name = d.names(lang) or d.id
    if not notes:
        return name
    return name + _paren(("，" if lang == "zh" else ", ").join(notes), lang)


def _paren(text: str, lang: str) -> str:
    return f"（{text}）" if lang == "zh" else f" ({text})"


def _explanation(route: Route, lang: str) -> str:
    if not route.handling_level:
        return word(
            lang,
            "说明：没有层级能处置该事项（请检查 escalation 与 handling_tier）",
            "Explanation: no level is high enough to handle it (check escalation and handling_tier)",
        )
    return word(
        lang,
        f"说明：{route.handling_tier} 层级处置的事项，在 {route.handling_level} 处置；以下各层发现后"
        "在上报时限内上报，处置层级在本层时限内办结，处置不了的逐级上交。累计为自发现起各步时限之和；"
        "期限为办结时限（未规定时为处置层级累计）。",
        f"Explanation: handled at tier {route.handling_tier}, i.e. level {route.handling_level}; "
        "levels below report it on within report_within, the handling level closes it within its "
        "limit, levels above take what it cannot resolve. Cumulative: the steps' limits added "
        "from discovery; deadline: close_within, else the cumulative at the handling level.",
    )
