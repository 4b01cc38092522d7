"""gridrules who PATH — who may take an action on a matter in a grid (roles and roster people).

\b
Exit codes: 0 someone may; 1 nobody may; 2 usage error, unknown id, invalid policy;
            3 internal error.
"""

from __future__ import annotations

import click

from gridrules.cli.engineopts import (
    common,
    dump_json,
    load_engine,
    parse_at_option,
    path_argument,
    request_options,
    when_options,
    word,
)
from gridrules.lang import detect_lang


@click.command("who")
@path_argument
@request_options(required=True, grid_help="Grid code. 网格")
@when_options
@common
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    action: str,
    matter: str,
    grid: str,
    at: str | None,
    mode: str,
    plan: str | None,
    root: str | None,
    fmt: str,
    lang: str | None,
    explain: bool,
) -> None:
    """List the roles (and roster people) who may act on a matter in a grid.

    \b
    gridrules who policies/chengdu-wuhou -a handle -m neighbour_dispute -g 510107001001001

    \b
    Exit codes: 0 someone may; 1 nobody may; 2 usage error, unknown id, invalid policy;
                3 internal error.
    """
    language = detect_lang(lang)
    when = parse_at_option(at, language)
    engine = load_engine(path, root)
    answer = engine.who_can(action, matter, grid, when, mode, plan)
    message = answer.message_zh if language == "zh" else answer.message_en
    if fmt == "json":
        click.echo(dump_json({**answer.to_dict(), "message": message}), nl=False)
    else:
        click.echo(message)
        for role in answer.roles:
            line = f"  {word(language, '角色', 'role')} {role.names(language) or role.role} ({role.role}) — {role.tier}, {role.scope}"
            click.echo(line + (f" — {role.duty} {role.source}" if explain else ""))
        for person in answer.people:
            click.echo(
                f"  {word(language, '人员', 'person')} {person.name} {person.id} @ {person.grid}"
                f" [{', '.join(person.roles)}]" + (f" {person.phone}" if person.phone else "")
            )
        if explain:
            click.echo(
                word(
                    language,
                    f"说明：角色按职责授权、准入（{answer.at}）、处置层级与管辖范围判断；人员逐一按判定规则核对。",
                    f"Explanation: roles are judged on grants, admission on {answer.at}, handling tier "
                    "and whether their scope can reach the grid's tier; each person is checked in full.",
                )
            )
    ctx.exit(0 if answer.roles or answer.people else 1)
