"""gridrules init DIR --from NAME — start a new jurisdiction from a bundled example."""

from __future__ import annotations

import click

from gridrules.catalogue import msg
from gridrules.cli.options import lang_option
from gridrules.errors import UsageError
from gridrules.lang import detect_lang


@click.command("init")
@click.argument("directory", required=False, type=click.Path(path_type=str))
@click.option(
    "--from",
    "source",
    default="chengdu",
    show_default=True,
    help="Bundled example to copy (gridrules init --list shows them).",
)
@click.option(
    "--id",
    "new_id",
    default=None,
    help="Identifier for the new jurisdiction (default: the folder name).",
)
@click.option("--name", "new_name", default=None, help="Chinese name for the new jurisdiction.")
@click.option("--list", "list_only", is_flag=True, help="List the bundled examples and exit.")
@lang_option
def command(
    directory: str | None,
    source: str,
    new_id: str | None,
    new_name: str | None,
    list_only: bool,
    lang: str | None,
) -> None:
    """Copy a bundled example jurisdiction into DIRECTORY to start a new one.

    The copy is renamed to the new id; an example that extends others is
    copied with them, as sibling folders. DIRECTORY must not exist; nothing
    is left behind if the copy fails. Run gridrules validate on it next.

    \b
    Exit codes: 0 created (or listed); 2 usage error, unknown example or an
                existing DIRECTORY; 3 internal error.
    """
    from gridrules.scaffold import bundled_examples, init_jurisdiction

    language = detect_lang(lang)
    if list_only:
        for name, title in bundled_examples().items():
            click.echo(f"{name:<20} {title}")
        return
    if directory is None:
        raise UsageError(msg("cli.usage.init_directory"), lang=language)
    created = init_jurisdiction(directory, source, new_id=new_id, new_name=new_name, lang=language)
    click.echo(f"{msg('cli.init.created')(language)} {created}")
    click.echo(f"{msg('cli.init.next')(language)}: gridrules validate {created}")
