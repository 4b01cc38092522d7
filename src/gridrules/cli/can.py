"""gridrules can PATH — everything a principal may do (its permissions now, or at a date).

\b
Exit codes: 0 listed (at least one permission); 1 the principal may do nothing;
            2 usage error, unknown principal or role, invalid policy; 3 internal error.
"""

from __future__ import annotations

import click

from gridrules.cli.engineopts import (
    common,
    dump_json,
    load_engine,
    parse_at_option,
    path_argument,
    principal_from,
    principal_options,
    when_options,
    word,
)
from gridrules.lang import detect_lang
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
    principal: str | None,
    roles: str | None,
    home: str | None,
    at: str | None,
    mode: str,
    plan: str | None,
    root: str | None,
    fmt: str,
    lang: str | None,
    explain: bool,
) -> None:
    """List what a principal may do: action, matter, scope, and the granting duty.

    \b
    gridrules can policies/chengdu-wuhou -p W0001
    gridrules can policies/chengdu --roles part_time_worker --home G1 --mode emergency

    \b
    Exit codes: 0 at least one permission; 1 none;
                2 usage error, unknown id, invalid policy; 3 internal error.
    """
    language = detect_lang(lang)
    who = principal_from(principal, roles, home)
    when = parse_at_option(at, language)
    engine = load_engine(path, root)
    permissions = engine.what_can(who, when, mode, plan)
    if fmt == "json":
        click.echo(dump_json([p.to_dict() for p in permissions]), nl=False)
    else:
        index = 0 if language == "zh" else 1
        for p in permissions:
            action = Labels.action(p.action)[index]
            scope = Labels.scope(p.scope)[index]
            tag = word(language, "（应急）", " (emergency)") if p.mode == "emergency" else ""
            line = f"  {action:<10} {p.matter_names(language) or p.matter} ({p.matter}) — {scope} @ {p.grid}{tag}"
            click.echo(line + (f" — {p.role}/{p.duty} {p.source}" if explain else ""))
        click.echo(word(language, f"共 {len(permissions)} 项", f"{len(permissions)} permission(s)"))
    ctx.exit(0 if permissions else 1)
