"""gridrules who PATH — who may take an action on a matter in a grid (roles and roster people).

\b
Exit codes: 0 someone may; 1 nobody may; 2 usage error, unknown id, invalid policy;
            3 internal error.
"""

from __future__ import annotations

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import (
    Output,
    When,
    common,
    dump_json,
    load_engine,
    request_options,
    when_options,
)
from gridrules.cli.options import helptext, path_argument


@click.command("who")
@path_argument
@request_options(required=True, grid_help=helptext(msg("cli.help.who.grid")))
@when_options
@common
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    action: str,
    matter: str,
    grid: str,
    when: When,
    out: Output,
) -> None:
    """List the roles (and roster people) who may act on a matter in a grid.

    \b
    gridrules who policies/chengdu-wuhou -a handle -m neighbour_dispute -g 510107001001001

    \b
    Exit codes: 0 someone may; 1 nobody may; 2 usage error, unknown id, invalid policy;
                3 internal error.
    """
    language = out.language
    moment = when.moment(language)
    engine = load_engine(path, out.root)
    answer = engine.who_can(action, matter, grid, moment, when.mode, when.plan)
    message = answer.message_zh if language == "zh" else answer.message_en
    if out.fmt == "json":
        click.echo(dump_json({**answer.to_dict(), "message": message}), nl=False)
    else:
        click.echo(message)
        for role in answer.roles:
            label = msg("cli.who.role")(language)
            line = f"  {label} {role.names(language) or role.role} ({role.role}) — {role.tier}, {role.scope}"
            click.echo(line + (f" — {role.duty} {role.source}" if out.explain else ""))
        for person in answer.people:
            click.echo(
                f"  {msg('cli.who.person')(language)} {person.name} {person.id} @ {person.grid}"
                f" [{', '.join(person.roles)}]" + (f" {person.phone}" if person.phone else "")
            )
        if out.explain:
            click.echo(msg("cli.who.explanation", at=answer.at)(language))
    ctx.exit(0 if answer.roles or answer.people else 1)
