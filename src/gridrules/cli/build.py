"""gridrules build PATH -o FILE — the validated, compiled policy as one snapshot file.

\b
Exit codes: 0 written; 2 usage error, invalid policy, unwritable file or a snapshot
            that does not load back; 3 internal error.
"""

from __future__ import annotations

import time
from pathlib import Path

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import dump_json
from gridrules.cli.options import (
    format_option,
    helptext,
    lang_option,
    path_argument,
    root_option,
)
from gridrules.lang import detect_lang


@click.command("build")
@path_argument
@click.option(
    "-o",
    "--output",
    "output",
    required=True,
    type=click.Path(dir_okay=False, path_type=str),
    help=helptext(msg("cli.help.build.output")),
)
@root_option
@format_option("text", "json", help=helptext(msg("cli.help.common.format")))
@lang_option
def command(path: str, output: str, root: str | None, fmt: str, lang: str | None) -> None:
    """Validate and compile the jurisdiction at PATH into one snapshot FILE.

    The snapshot holds the decision index, the Casbin rows, the route tables,
    the registry and roster in compact columns, what the messages cite, and the
    policy version — content-addressed (SHA-256 of the content) and stamped with
    its format version. `gridrules serve FILE`, `gridrules check FILE …` and
    `Engine.from_snapshot(FILE)` load it without parsing or validating again,
    after checking its digest and format and the index against Casbin on a
    sample. Written to a temporary file and renamed into place; read back once
    before this command reports success.

    \b
    Exit codes: 0 written; 2 usage error, invalid policy, unwritable file or a
                snapshot that does not load back; 3 internal error.
    """
    from gridrules.cli.outcome import unwritable
    from gridrules.engine import Engine
    from gridrules.snapshot import is_snapshot
    from gridrules.snapshot.build import write_snapshot
    from gridrules.snapshot.load import load_engine

    language = detect_lang(lang)
    if is_snapshot(path):
        from gridrules.errors import UsageError

        raise UsageError(msg("cli.build.is_snapshot", path=path))
    started = time.perf_counter()
    engine = Engine.load(path, root=root)
    compiled = time.perf_counter()
    try:
        header = write_snapshot(engine, output)
    except OSError as exc:
        raise unwritable(Path(output), exc) from None
    written = time.perf_counter()
    load_engine(Engine, output)  # what a replica will do: refuse here rather than there
    loaded = time.perf_counter()
    size = Path(output).stat().st_size
    if fmt == "json":
        click.echo(
            dump_json(
                {
                    "snapshot": output,
                    **header.describe(),
                    "file_bytes": size,
                    "seconds": {
                        "load_validate_compile": round(compiled - started, 3),
                        "write": round(written - compiled, 3),
                        "load_back": round(loaded - written, 3),
                    },
                }
            ),
            nl=False,
        )
        return
    wrote = msg(
        "cli.build.wrote",
        output=output,
        jurisdiction=header.jurisdiction,
        version=header.version,
        megabytes=f"{size / 1e6:.1f}",
        sha256=header.sha256[:12],
    )
    click.echo(wrote(language))
