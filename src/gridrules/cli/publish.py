"""gridrules publish PATH --store URL — validate and publish an immutable policy version."""

from __future__ import annotations

import json

import click

from gridrules.cli.options import lang_option
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
@click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Policy root that `extends` may not leave (default: the jurisdiction's parent folder).",
)
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
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
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
    zh = language == "zh"
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
            raise click.UsageError("--version needs --jurisdiction and no PATH")
        result = policy_store.republish(jurisdiction, version, note=note)
    else:
        if path is None:
            raise click.UsageError("PATH is required (or --version / --history)")
        try:
            result = policy_store.publish(path, root=root, note=note)
        except PolicyInvalid as exc:
            if fmt == "json":  # the error handler prints its problems as JSON (cli/outcome.py)
                raise
            report = ValidationReport([exc.folder], list(exc.problems))
            click.echo(text_report(report, language), err=True, nl=False)
            click.echo(
                "未发布：政策有错误" if zh else "not published: the policy has errors", err=True
            )
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
    if result.status == CURRENT:
        click.echo(
            f"{release.jurisdiction} {result.version} 已是当前版本（发布 #{release.id}）"
            if zh
            else f"{release.jurisdiction} {result.version} is already current (release #{release.id})"
        )
    elif result.status == ROLLBACK:
        click.echo(
            f"已回到已存储的版本 {release.jurisdiction} {result.version}（发布 #{release.id}）"
            if zh
            else f"rolled back to stored version {release.jurisdiction} {result.version} "
            f"(release #{release.id})"
        )
    else:
        click.echo(
            f"已发布 {release.jurisdiction} {result.version}（发布 #{release.id}）"
            if zh
            else f"published {release.jurisdiction} {result.version} (release #{release.id})"
        )
