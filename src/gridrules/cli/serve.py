"""gridrules serve PATH — the decision service over HTTP, with hot reload (see docs/service.md)."""

from __future__ import annotations

from typing import Any

import click

from gridrules.catalogue import msg
from gridrules.cli.options import lang_option, option_group, root_option
from gridrules.errors import UsageError
from gridrules.lang import detect_lang
from gridrules.service.limits import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY, Limits
from gridrules.service.protocol import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
    Guards,
)


def _bounded(name: str, dest: str, default: float, kind: click.ParamType[Any], help: str) -> Any:
    """A number option with a range and a shown default."""
    return click.option(name, dest, default=default, show_default=True, type=kind, help=help)


# the request limits and the connection guards, handed to the command as Limits and Guards
limit_options = option_group(
    "limits",
    Limits,
    _bounded(
        "--max-body",
        "max_body_bytes",
        DEFAULT_MAX_BODY,
        click.IntRange(1024),
        "Largest request body in bytes (413 above).",
    ),
    _bounded(
        "--max-batch",
        "max_batch",
        DEFAULT_MAX_BATCH,
        click.IntRange(1),
        "Most requests in one batch (413 above).",
    ),
)
guard_options = option_group(
    "guards",
    Guards,
    _bounded(
        "--header-timeout",
        "header_timeout",
        DEFAULT_HEADER_TIMEOUT,
        click.FloatRange(0.5, 600),
        "Seconds a client has to send a request's line and headers (then it is cut off).",
    ),
    _bounded(
        "--body-timeout",
        "body_timeout",
        DEFAULT_BODY_TIMEOUT,
        click.FloatRange(0.5, 3600),
        "Seconds a client has to send a request's body after its headers.",
    ),
    _bounded(
        "--idle-timeout",
        "idle_timeout",
        DEFAULT_IDLE_TIMEOUT,
        click.IntRange(1, 3600),
        "Seconds an idle keep-alive connection stays open.",
    ),
    _bounded(
        "--max-connections",
        "max_connections",
        DEFAULT_MAX_CONNECTIONS,
        click.IntRange(8),
        "Open connections per worker (lowered to fit the file-descriptor limit); past it "
        "the connection waiting longest for its request is closed.",
    ),
)


@click.command("serve")
@click.argument("path", required=False, type=click.Path(path_type=str))
@root_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind. Loopback unless you say otherwise.",
)
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
)
@click.option(
    "--store",
    default=None,
    metavar="postgresql://…",
    help="Serve the newest version published to this PostgreSQL store (instead of PATH).",
)
@click.option(
    "--jurisdiction",
    default=None,
    help="With --store: the jurisdiction to serve (default: the only one in the store), or "
    "several, comma-separated (each served under /v1/jurisdictions/ID/).",
)
@click.option(
    "--tokens",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Token file ('read|admin TOKEN [NAME]' per line); also GRIDRULES_TOKENS / "
    "GRIDRULES_ADMIN_TOKENS.",
)
@click.option(
    "--no-auth",
    is_flag=True,
    help="Serve without tokens (allowed on a loopback address only; for local trials).",
)
@click.option(
    "--decision-log",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Append every decision to this JSON-lines file (SIGHUP reopens it).",
)
@click.option("--no-watch", is_flag=True, help="Do not reload when policy files change.")
@limit_options
@guard_options
@click.option("--access-log", is_flag=True, help="Log every HTTP request (slower).")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
@lang_option
def command(
    path: str | None,
    root: str | None,
    host: str,
    port: int,
    workers: int,
    store: str | None,
    jurisdiction: str | None,
    tokens: str | None,
    no_auth: bool,
    decision_log: str | None,
    no_watch: bool,
    limits: Limits,
    guards: Guards,
    access_log: bool,
    log_level: str,
    lang: str | None,
) -> None:
    """Answer decision queries over HTTP for the jurisdiction(s) at PATH (or from --store).

    PATH is a jurisdiction folder, a snapshot file (gridrules build), or a folder
    holding several (folders and .grsnap files): each is then served under
    /v1/jurisdictions/ID/… and GET /v1/jurisdictions lists them.

    \b
    gridrules serve policies/chengdu-wuhou --tokens /etc/gridrules/tokens
    gridrules serve policies/ --tokens /etc/gridrules/tokens
    gridrules serve --store postgresql://gridrules@db/gridrules --workers 2
    kill -HUP <pid>     reload now (also on file change, or POST /v1/admin/reload)
    kill -TERM <pid>    stop gracefully (exit 0)

    An invalid policy never replaces the running one. Endpoints: /v1/check,
    /v1/check/batch, /v1/route, /v1/who-can, /v1/what-can, /v1/policy,
    /v1/admin/reload, /healthz, /readyz, /metrics, /openapi.json (with several
    jurisdictions: /v1/jurisdictions and /v1/jurisdictions/ID/check, …).

    \b
    Exit codes: 0 stopped normally; 2 usage error, invalid policy (its problems
                listed), unreadable token file, unreachable store, one
                jurisdiction found twice, or an address that cannot be bound;
                3 internal error.
    """
    from gridrules.decision import PolicyInvalid
    from gridrules.report import text as text_report
    from gridrules.service.runner import ServeOptions, is_loopback, serve
    from gridrules.validate import ValidationReport

    language = detect_lang(lang)
    if (path is None) == (store is None):
        raise UsageError(msg("cli.serve.path_or_store"), lang=language)
    if jurisdiction is not None and store is None:
        raise UsageError(msg("cli.serve.jurisdiction_without_store"), lang=language)
    if no_auth and not is_loopback(host):
        raise UsageError(msg("cli.serve.no_auth_loopback"), lang=language)
    options = ServeOptions(
        path=path,
        root=root,
        host=host,
        port=port,
        workers=workers,
        store=store,
        jurisdiction=jurisdiction,
        tokens=tokens,
        auth=not no_auth,
        decision_log=decision_log,
        watch=not no_watch,
        limits=limits,
        guards=guards,
        access_log=access_log,
        log_level=log_level,
    )
    try:
        code = serve(options)
    except PolicyInvalid as exc:
        report = ValidationReport([exc.folder], list(exc.problems))
        click.echo(text_report(report, language), err=True, nl=False)
        raise click.exceptions.Exit(2) from None  # refused input (docs/cli.md)
    raise click.exceptions.Exit(2 if code == 1 else code)  # 1: the server could not start
