"""gridrules check PATH — may this principal take this action on this matter in this grid?

\b
Exit codes: 0 allowed (every request), 1 denied (any request),
            2 usage error, unreadable request or invalid policy, 3 internal error.
"""

from __future__ import annotations

import json
from typing import Any

import click

from gridrules.cli.engineopts import (
    common,
    dump_json,
    load_engine,
    parse_at_option,
    path_argument,
    principal_from,
    principal_options,
    request_options,
    when_options,
    word,
)
from gridrules.lang import detect_lang


@click.command("check")
@path_argument
@principal_options
@request_options(required=False, grid_help="Grid code where it happened. 事发网格")
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
    principal: str | None,
    roles: str | None,
    home: str | None,
    action: str | None,
    matter: str | None,
    grid: str | None,
    at: str | None,
    mode: str,
    plan: str | None,
    request_file: Any,
    root: str | None,
    fmt: str,
    lang: str | None,
    explain: bool,
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

    language = detect_lang(lang)
    if request_file is not None:
        try:
            payload = json.load(request_file)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise click.UsageError(f"--request: not JSON ({exc})") from None
        many = isinstance(payload, list)
        try:
            requests = [Request.from_dict(item) for item in (payload if many else [payload])]
        except RequestError as exc:
            raise click.UsageError(exc.text(language)) from None
    else:
        many = False
        missing = [
            n for n, v in (("--action", action), ("--matter", matter), ("--grid", grid)) if not v
        ]
        if missing:
            raise click.UsageError(f"missing {', '.join(missing)} (or give --request FILE)")
        requests = [
            Request(
                principal_from(principal, roles, home),
                action or "",
                matter or "",
                grid or "",
                parse_at_option(at, language),
                parse_mode(mode),
                plan,
            )
        ]

    engine = load_engine(path, root)
    decisions = engine.check_many(requests)
    if fmt == "json":
        items = []
        for request, decision in zip(requests, decisions, strict=True):
            item = {**decision.to_dict(), "message": decision.message(language)}
            if explain:
                item["explanation"] = engine.explain(request, language)
            items.append(item)
        click.echo(dump_json(items if many else items[0]), nl=False)
    else:
        for request, decision in zip(requests, decisions, strict=True):
            mark = "✓" if decision.allowed else "✗"
            click.echo(f"{mark} {decision.reason}: {decision.message(language)}")
            if explain:
                for line in engine.explain(request, language)[:-1]:
                    click.echo(f"    {line}")
            if decision.source:
                click.echo(f"    {word(language, '依据', 'source')}: {decision.source}")
        click.echo(f"    {word(language, '政策版本', 'policy version')}: {engine.version}")
    ctx.exit(0 if all(d.allowed for d in decisions) else 1)
