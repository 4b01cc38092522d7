"""gridrules can PATH — everything a principal may do (its permissions now, or at a date).

\b
Exit codes: 0 listed (at least one permission); 1 the principal may do nothing;
            2 usage error, unknown principal or role, invalid policy; 3 internal error.
"""

from __future__ import annotations

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import (
    Output,
    PrincipalOptions,
    When,
    common,
    dump_json,
    load_engine,
    principal_options,
    when_options,
)
from gridrules.cli.options import path_argument
from gridrules.messages import Labels


@click.command("can")
@path_argument
@principal_options
@when_options
@common
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    principal: PrincipalOptions,
    when: When,
    out: Output,
) -> None:
    """List what a principal may do: action, matter, scope, and the granting duty.

    \b
    gridrules can policies/chengdu-wuhou -p W0001
    gridrules can policies/chengdu --roles part_time_worker --home G1 --mode emergency

    \b
    Exit codes: 0 at least one permission; 1 none;
                2 usage error, unknown id, invalid policy; 3 internal error.
    """
    language = out.language
    who = principal.resolve(language)
    moment = when.moment(language)
    engine = load_engine(path, out.root)
    permissions = engine.what_can(who, moment, when.mode, when.plan)
    if out.fmt == "json":
        click.echo(dump_json([p.to_dict() for p in permissions]), nl=False)
    else:
        index = 0 if language == "zh" else 1
        for p in permissions:
            action = Labels.action(p.action)[index]
            scope = Labels.scope(p.scope)[index]
            tag = msg("cli.can.emergency")(language) if p.mode == "emergency" else ""
            line = f"  {action:<10} {p.matter_names(language) or p.matter} ({p.matter}) — {scope} @ {p.grid}{tag}"
            click.echo(line + (f" — {p.role}/{p.duty} {p.source}" if out.explain else ""))
        click.echo(msg("cli.can.count", count=len(permissions))(language))
    ctx.exit(0 if permissions else 1)
