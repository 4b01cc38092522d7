"""gridrules check PATH — may this principal take this action on this matter in this grid?

\b
Exit codes: 0 allowed (every request), 1 denied (any request),
            2 usage error, unreadable request or invalid policy, 3 internal error.
"""

from __future__ import annotations

import json
from typing import Any

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
    request_options,
    when_options,
)
from gridrules.cli.options import helptext, path_argument
from gridrules.errors import UsageError


@click.command("check")
@path_argument
@principal_options
@request_options(required=False, grid_help=helptext(msg("cli.help.check.grid")))
@when_options
@click.option(
    "--request",
    "request_file",
    type=click.File("r", encoding="utf-8"),
    default=None,
    help="Read a JSON request, or a list of them, from a file (- for stdin) instead of the options.",
)
@common
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    principal: PrincipalOptions,
    action: str | None,
    matter: str | None,
    grid: str | None,
    when: When,
    request_file: Any,
    out: Output,
) -> None:
    """Decide a request against the jurisdiction at PATH (deny by default).

    \b
    gridrules check policies/chengdu-wuhou -p W0001 -a handle -m neighbour_dispute -g 510107001001001
    gridrules check policies/chengdu-wuhou --roles full_time_worker --home G1 -a report -m fire_hazard -g G1
    gridrules check policies/chengdu-wuhou --request requests.json --format json

    \b
    Exit codes: 0 allowed (every request), 1 denied (any request),
                2 usage error, unreadable request or invalid policy, 3 internal error.
    """
    from gridrules.decision import Request, RequestError, parse_mode

    language = out.language
    if request_file is not None:
        try:
            payload = json.load(request_file)
        except json.JSONDecodeError as exc:
            where = msg("cli.usage.request_not_json", line=exc.lineno, column=exc.colno)
            raise UsageError(where, lang=language) from None
        except UnicodeDecodeError:
            raise UsageError(msg("cli.usage.request_not_utf8"), lang=language) from None
        many = isinstance(payload, list)
        try:
            requests = [Request.from_dict(item) for item in (payload if many else [payload])]
        except RequestError as exc:
            raise UsageError(exc.text, lang=language) from None
    else:
        many = False
        missing = [
            n for n, v in (("--action", action), ("--matter", matter), ("--grid", grid)) if not v
        ]
        if missing:
            said = msg("cli.usage.request_missing", options=", ".join(missing))
            raise UsageError(said, lang=language)
        requests = [
            Request(
                principal.resolve(language),
                action or "",
                matter or "",
                grid or "",
                when.moment(language),
                parse_mode(when.mode),
                when.plan,
            )
        ]

    engine = load_engine(path, out.root)
    decisions = engine.check_many(requests)
    if out.fmt == "json":
        items = []
        for request, decision in zip(requests, decisions, strict=True):
            item = {**decision.to_dict(), "message": decision.message(language)}
            if out.explain:
                item["explanation"] = engine.explain(request, language)
            items.append(item)
        click.echo(dump_json(items if many else items[0]), nl=False)
    else:
        for request, decision in zip(requests, decisions, strict=True):
            mark = "✓" if decision.allowed else "✗"
            click.echo(f"{mark} {decision.reason}: {decision.message(language)}")
            if out.explain:
                for line in engine.explain(request, language)[:-1]:
                    click.echo(f"    {line}")
            if decision.source:
                click.echo(f"    {msg('cli.common.source')(language)}: {decision.source}")
        click.echo(f"    {msg('cli.check.policy_version')(language)}: {engine.version}")
    ctx.exit(0 if all(d.allowed for d in decisions) else 1)
