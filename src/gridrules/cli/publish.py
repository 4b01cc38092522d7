"""gridrules publish PATH --store URL — validate and publish an immutable policy version."""

from __future__ import annotations

import json

import click

from gridrules.catalogue import msg
from gridrules.cli.options import format_option, lang_option, root_option
from gridrules.errors import UsageError
from gridrules.lang import detect_lang


@click.command("publish")
@click.argument("path", required=False, type=click.Path(path_type=str))
@click.option(
    "--store",
    required=True,
    envvar="GRIDRULES_STORE",
    metavar="postgresql://…",
    help="The PostgreSQL policy store (or GRIDRULES_STORE).",
)
@root_option
@click.option("--note", default="", help="A note kept with the release (why it was published).")
@click.option(
    "--version",
    "version",
    default=None,
    help="Re-publish a stored version (hash or digest prefix) instead of PATH: a rollback. "
    "Needs --jurisdiction.",
)
@click.option("--jurisdiction", default=None, help="With --version or --history.")
@click.option("--history", is_flag=True, help="List the releases (newest first) and exit.")
@format_option("text", "json")
@lang_option
def command(
    path: str | None,
    store: str,
    root: str | None,
    note: str,
    version: str | None,
    jurisdiction: str | None,
    history: bool,
    fmt: str,
    lang: str | None,
) -> None:
    """Validate the jurisdiction at PATH and make it the current release in the store.

    All in one transaction: the content-addressed version (stored once, never
    changed), its files, a new release row and a NOTIFY that replicas
    (`gridrules serve --store`) follow within a second. Publishing content
    that is already stored is a rollback: only a new release row is written.

    \b
    gridrules publish policies/chengdu-wuhou --store postgresql://gridrules@db/gridrules
    gridrules publish --store … --jurisdiction chengdu-wuhou --version 6a1fa4abd324
    gridrules publish --store … --history

    \b
    Exit codes: 0 published (or already current); 2 usage error, invalid policy
                (nothing written) or unreachable store; 3 internal error.
    """
    from gridrules.decision import PolicyInvalid
    from gridrules.report import text as text_report
    from gridrules.service.store import PolicyStore
    from gridrules.service.store_base import CURRENT, ROLLBACK
    from gridrules.validate import ValidationReport

    language = detect_lang(lang)
    policy_store = PolicyStore(store)
    if history:
        releases = policy_store.history(jurisdiction)
        if fmt == "json":
            click.echo(json.dumps([r.describe() for r in releases], ensure_ascii=False, indent=2))
            return
        for r in releases:
            click.echo(
                f"#{r.id:<5} {r.published_at:%Y-%m-%d %H:%M:%S} {r.jurisdiction:<20} "
                f"{r.version_hash} {r.git_commit[:10] if r.git_commit else '-':<10} "
                f"{r.published_by} {r.note}"
            )
        return
    if version is not None:
        if path is not None or jurisdiction is None:
            raise UsageError(msg("cli.usage.publish_version"), lang=language)
        result = policy_store.republish(jurisdiction, version, note=note)
    else:
        if path is None:
            raise UsageError(msg("cli.usage.publish_path"), lang=language)
        try:
            result = policy_store.publish(path, root=root, note=note)
        except PolicyInvalid as exc:
            if fmt == "json":  # the error handler prints its problems as JSON (cli/outcome.py)
                raise
            report = ValidationReport([exc.folder], list(exc.problems))
            click.echo(text_report(report, language), err=True, nl=False)
            click.echo(msg("cli.publish.not_published")(language), err=True)
            raise click.exceptions.Exit(2) from None  # refused input (docs/cli.md)
    release = result.release
    if fmt == "json":
        click.echo(
            json.dumps(
                {"status": result.status, "version": result.version, **release.describe()},
                ensure_ascii=False,
                indent=2,
            )
        )
        return
    said = {"jurisdiction": release.jurisdiction, "version": result.version, "release": release.id}
    if result.status == CURRENT:
        text = msg("cli.publish.current", **said)
    elif result.status == ROLLBACK:
        text = msg("cli.publish.rollback", **said)
    else:
        text = msg("cli.publish.published", **said)
    click.echo(text(language))
