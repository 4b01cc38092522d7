"""gridrules render PATH --out DIR — printed handbooks (HTML site and PDFs), Chinese by default."""

from __future__ import annotations

import signal
import sys
import threading

import click

from gridrules.catalogue import msg
from gridrules.cli.options import helptext


@click.command("render")
@click.argument("path", type=click.Path(path_type=str))
@click.option(
    "--out",
    "-o",
    required=True,
    type=click.Path(path_type=str),
    help=helptext(msg("cli.help.render.out")),
)
@click.option(
    "--format",
    "fmt",
    default="html,pdf",
    show_default=True,
    metavar="html,pdf",
    help=helptext(msg("cli.help.render.format")),
)
@click.option(
    "--lang",
    type=click.Choice(["zh", "en"]),
    default=None,
    help=helptext(msg("cli.help.render.lang")),
)
@click.option(
    "--role", "roles", multiple=True, metavar="ROLE", help=helptext(msg("cli.help.render.role"))
)
@click.option(
    "--grid", "grids", multiple=True, metavar="GRID", help=helptext(msg("cli.help.render.grid"))
)
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    out: str,
    fmt: str,
    lang: str | None,
    roles: tuple[str, ...],
    grids: tuple[str, ...],
) -> None:
    """Render a jurisdiction's handbook: the operating manual, a duty card per
    role, patrol checklists and a notice sheet per grid, as an HTML site and PDFs.

    Every page carries the jurisdiction, the policy version (content hash and
    git commit) and the generation date. The policy must validate first.

    \b
    Exit codes: 0 written; 2 usage error, unreadable input, a policy with
                error-level problems (listed on stderr) or a missing system
                package (e.g. no CJK font for PDFs); 3 internal error.
    """
    from gridrules.errors import EXIT_USAGE, GridrulesError
    from gridrules.lang import detect_lang
    from gridrules.policy import load_policy
    from gridrules.render import FORMATS, RenderError, RenderOptions, render_handbook
    from gridrules.render.progress import BarProgress, NullProgress
    from gridrules.report import text as problems_text
    from gridrules.validate import ValidationReport

    messages = detect_lang(lang)
    formats = tuple(dict.fromkeys(f.strip().lower() for f in fmt.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        shown = repr(", ".join(unknown) or fmt)
        raise GridrulesError(msg("cli.render.unknown_format", formats=shown), lang=messages)

    from gridrules.validate import one_jurisdiction  # no jurisdiction in PATH, or several

    result = load_policy(one_jurisdiction(path))
    if not result.ok or result.policy is None:
        report = ValidationReport(folders=[path], problems=result.problems)
        click.echo(problems_text(report, messages), err=True, nl=False)
        ctx.exit(EXIT_USAGE)  # an invalid policy is refused input (docs/cli.md)

    progress = (
        BarProgress(msg("cli.render.progress")(messages)) if sys.stderr.isatty() else NullProgress()
    )
    options = RenderOptions(formats=formats, lang=lang or "zh", roles=roles, grids=grids)
    # A terminated render (SIGTERM) unwinds like Ctrl-C, so its temporary folder is removed.
    main_thread = threading.current_thread() is threading.main_thread()
    previous = signal.getsignal(signal.SIGTERM)
    if main_thread:
        signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    try:
        done = render_handbook(result.policy, out, options, progress=progress)
    except RenderError as exc:  # the handbook's language may differ from the messages'
        raise GridrulesError(exc.text, lang=messages) from None
    finally:
        if main_thread:
            signal.signal(signal.SIGTERM, previous)

    html_pages = sum(1 for f in done.files if f.endswith(".html"))
    pdf_pages = sum(done.pdf_pages.values())
    parts = [msg("cli.render.html_pages", pages=html_pages)] if "html" in formats else []
    if "pdf" in formats:
        parts.append(msg("cli.render.pdf_pages", files=len(done.pdf_pages), pages=pdf_pages))
    shown = msg("cli.common.list_sep")(messages).join(part(messages) for part in parts)
    written = msg("cli.render.written", out=out, parts=shown, seconds=f"{done.seconds:.1f}")
    click.echo(written(messages))
    for warning in done.warnings:
        click.echo(f"warning: {warning}", err=True)
