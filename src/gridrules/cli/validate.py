"""gridrules validate PATH... — schema and semantic rules, every problem with file:line:column."""

from __future__ import annotations

import datetime as dt
import sys

import click

from gridrules.cli.options import format_option, lang_option, root_option_for
from gridrules.lang import detect_lang


@click.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@format_option(
    "text", "json", "github", help="text for people, json for tools, github for CI annotations."
)
@lang_option
@click.option("--strict", is_flag=True, help="Warnings fail too (exit 1).")
@root_option_for("the folder holding each jurisdiction")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge admission expiry as of this date (default: today).",
)
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[str, ...],
    fmt: str,
    lang: str | None,
    strict: bool,
    root: str | None,
    today: dt.datetime | None,
) -> None:
    """Validate jurisdiction policy folders (default: the current folder).

    PATH may be a jurisdiction folder, a file in one, or a folder of
    jurisdictions (such as policies/). Nothing is written.

    \b
    Exit codes: 0 clean (warnings allowed unless --strict),
                1 problems at error level, 2 usage error or unreadable input,
                3 internal error.
    """
    from gridrules.report import FORMATS
    from gridrules.validate import validate_paths

    language = detect_lang(lang)
    report = validate_paths(paths or ["."], root=root, today=today.date() if today else None)
    click.echo(FORMATS[fmt](report, language, color=fmt == "text" and _tty()), nl=False)
    ctx.exit(report.exit_code(strict=strict))


def _tty() -> bool:
    return sys.stdout.isatty()
