"""gridrules diff OLD NEW — what a policy change does: definitions, permissions, routes, pages."""

from __future__ import annotations

import datetime as dt
import os

import click

from gridrules.cli.options import format_option, lang_option, root_option_for


@click.command("diff")
@click.argument("old", type=click.Path(path_type=str))
@click.argument("new", type=click.Path(path_type=str), required=False)
@click.option(
    "--rev",
    metavar="REV",
    default=None,
    help="Read OLD as it was at this git revision (with one PATH: PATH at REV vs PATH now).",
)
@click.option(
    "--new-rev", metavar="REV", default=None, help="Read NEW as it was at this git revision."
)
@format_option(
    "text",
    "markdown",
    "json",
    help="text for people, markdown for a review comment, json for tools.",
)
@lang_option
@click.option(
    "--fail-on",
    type=click.Choice(["none", "widening", "any"]),
    default="none",
    show_default=True,
    help="Exit 1 when the change widens permissions (or raises a flag), or changes anything.",
)
@click.option(
    "--max-burden-increase",
    "max_burden",
    type=click.FloatRange(min=0),
    metavar="HOURS",
    default=None,
    help="Exit 1 when a role's mean scheduled hours a month per worker rise by more than HOURS.",
)
@click.option(
    "--at",
    "at",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Judge admissions (and their expiry) as of this date (default: today).",
)
@root_option_for("each jurisdiction folder's parent")
@click.option("--no-pages", is_flag=True, help="Skip the handbook page comparison.")
@click.option(
    "--jobs",
    type=click.IntRange(1, 2),
    default=None,
    help="Load the two sides in 1 or 2 processes (default: 2 where there are 2 CPUs).",
)
@click.pass_context
def command(
    ctx: click.Context,
    old: str,
    new: str | None,
    rev: str | None,
    new_rev: str | None,
    fmt: str,
    lang: str | None,
    fail_on: str,
    max_burden: float | None,
    at: dt.datetime | None,
    root: str | None,
    no_pages: bool,
    jobs: int | None,
) -> None:
    """Compare two policies by their effect, not their text.

    OLD and NEW are jurisdiction folders; each is resolved with what it
    extends, compiled as the engine compiles it and compared: definitions,
    effective permissions per role and mode (with the grids and people they
    touch), matters no role may handle, escalation routes, risky admissions
    and grants, handbook pages. With one PATH and --rev REV, PATH at REV is
    compared with PATH in the working tree (read with git archive into a
    temporary folder; the working tree is never touched).

    \b
    Examples:
      gridrules diff policies/chengdu-wuhou /tmp/wuhou-edit
      gridrules diff --rev main policies/chengdu-wuhou --format markdown
      gridrules diff --rev v1 --new-rev v2 policies/chengdu --fail-on widening

    \b
    Exit codes: 0 compared (and the --fail-on / --max-burden-increase gates did not trip),
                1 a gate tripped,
                2 usage error, unreadable revision, or a side that does not validate
                  (its problems are printed one per line),
                3 internal error.
    """
    from gridrules.catalogue import msg
    from gridrules.diff import SideInvalid, SideSpec, diff_paths
    from gridrules.diff.report import FORMATS
    from gridrules.errors import EXIT_INTERNAL, GridrulesError, UsageError
    from gridrules.lang import detect_lang

    language = detect_lang(lang)
    if new is None and rev is None and new_rev is None:
        raise UsageError(msg("cli.diff.two_sides"), lang=language)
    old_spec = SideSpec(old, rev, root)
    new_spec = SideSpec(new if new is not None else old, new_rev, root)
    workers = jobs if jobs is not None else (2 if (os.cpu_count() or 1) > 1 else 1)
    try:
        report = diff_paths(
            old_spec,
            new_spec,
            at=at.date() if at else None,
            pages=not no_pages,
            jobs=workers,
        )
    except SideInvalid as exc:
        if fmt == "json":  # the error handler answers JSON (cli/outcome.py)
            raise
        for problem in exc.problems:
            click.echo(problem.line(language), err=True)
        click.echo(exc.text(language), err=True)
        ctx.exit(2)
    except GridrulesError as exc:
        if fmt == "json" or exc.exit_code == EXIT_INTERNAL:
            raise
        click.echo(exc.text(language), err=True)
        ctx.exit(exc.exit_code)
    click.echo(FORMATS[fmt](report, language), nl=False)
    ctx.exit(report.exit_code(fail_on, max_burden))
