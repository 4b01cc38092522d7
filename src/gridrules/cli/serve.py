"""gridrules serve PATH — the decision service over HTTP, with hot reload (see docs/service.md)."""

from __future__ import annotations

import click

from gridrules.cli.options import lang_option
from gridrules.lang import detect_lang
from gridrules.service.limits import DEFAULT_MAX_BATCH, DEFAULT_MAX_BODY
from gridrules.service.protocol import (
    DEFAULT_BODY_TIMEOUT,
    DEFAULT_HEADER_TIMEOUT,
    DEFAULT_IDLE_TIMEOUT,
    DEFAULT_MAX_CONNECTIONS,
)


@click.command("serve")
@click.argument("path", required=False, type=click.Path(path_type=str))
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Policy root that `extends` may not leave (default: the jurisdiction's parent folder).",
)
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
@click.option(
    "--max-body",
    default=DEFAULT_MAX_BODY,
    show_default=True,
    type=click.IntRange(1024),
    help="Largest request body in bytes (413 above).",
)
@click.option(
    "--max-batch",
    default=DEFAULT_MAX_BATCH,
    show_default=True,
    type=click.IntRange(1),
    help="Most requests in one batch (413 above).",
)
@click.option(
    "--header-timeout",
    default=DEFAULT_HEADER_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0.5, 600),
    help="Seconds a client has to send a request's line and headers (then it is cut off).",
)
@click.option(
    "--body-timeout",
    default=DEFAULT_BODY_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0.5, 3600),
    help="Seconds a client has to send a request's body after its headers.",
)
@click.option(
    "--idle-timeout",
    default=DEFAULT_IDLE_TIMEOUT,
    show_default=True,
    type=click.IntRange(1, 3600),
    help="Seconds an idle keep-alive connection stays open.",
)
@click.option(
    "--max-connections",
    default=DEFAULT_MAX_CONNECTIONS,
    show_default=True,
    type=click.IntRange(8),
    help="Open connections per worker (lowered to fit the file-descriptor limit); past it "
    "the connection waiting longest for its request is closed.",
)
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
    max_body: int,
    max_batch: int,
    header_timeout: float,
    body_timeout: float,
    idle_timeout: int,
    max_connections: int,
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
    from gridrules.service.limits import Limits
    from gridrules.service.protocol import Guards
    from gridrules.service.runner import ServeOptions, is_loopback, serve
    from gridrules.validate import ValidationReport

    language = detect_lang(lang)
    if (path is None) == (store is None):
        raise click.UsageError(
            "给出政策文件夹 PATH 或 --store，二者选一"
            if language == "zh"
            else "give a policy folder PATH or --store, not both and not neither"
        )
    if jurisdiction is not None and store is None:
        raise click.UsageError("--jurisdiction only applies with --store")
    if no_auth and not is_loopback(host):
        raise click.UsageError(
            "--no-auth 只能用于回环地址"
            if language == "zh"
            else "--no-auth is only allowed on a loopback address"
        )
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
        limits=Limits(max_body_bytes=max_body, max_batch=max_batch),
        guards=Guards(
            header_timeout=header_timeout,
            body_timeout=body_timeout,
            idle_timeout=idle_timeout,
            max_connections=max_connections,
        ),
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
