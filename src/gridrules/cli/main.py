"""Entry point. Commands are imported only when run, so `gridrules --help` stays fast.

Exit codes (all commands, docs/cli.md): 0 success / allowed / no gap; 1 problems found,
denied, gaps or failed cases; 2 usage error, unreadable input or invalid policy; 3 an
unexpected internal error (one line on stderr names the crash log holding the traceback);
130 interrupted. `main` is the one error handler: commands raise, it reports.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

import click

from gridrules import __version__
from gridrules.catalogue import msg
from gridrules.cli import outcome
from gridrules.cli.options import helptext

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help shown in `gridrules --help`)
    "validate": ("validate", helptext(msg("cli.help.commands.validate"))),
    "rules": ("rules", helptext(msg("cli.help.commands.rules"))),
    "init": ("init", helptext(msg("cli.help.commands.init"))),
    "diff": ("diff", helptext(msg("cli.help.commands.diff"))),
    "render": ("render", helptext(msg("cli.help.commands.render"))),
    "check": ("check", helptext(msg("cli.help.commands.check"))),
    "route": ("route", helptext(msg("cli.help.commands.route"))),
    "who": ("who", helptext(msg("cli.help.commands.who"))),
    "coverage": ("coverage", helptext(msg("cli.help.commands.coverage"))),
    "workload": ("workload", helptext(msg("cli.help.commands.workload"))),
    "can": ("can", helptext(msg("cli.help.commands.can"))),
    "test": ("test", helptext(msg("cli.help.commands.test"))),
    "export": ("export", helptext(msg("cli.help.commands.export"))),
    "build": ("build", helptext(msg("cli.help.commands.build"))),
    "serve": ("serve", helptext(msg("cli.help.commands.serve"))),
    "publish": ("publish", helptext(msg("cli.help.commands.publish"))),
}

_TITLE = msg("cli.help.gridrules")
HELP = f"""{_TITLE.en} ({_TITLE.zh}).

\b
Exit codes: 0 success, allowed, no gap; 1 problems found, denied, gaps,
            failed cases; 2 usage error, unreadable input or invalid policy;
            3 internal error (the traceback is written to a log file).
With --format json every outcome, errors included, is JSON on stdout.
"""


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module = importlib.import_module(f"gridrules.cli.{COMMANDS[name][0]}")
        command: click.Command = module.command
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_) for name, (_, help_) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(cls=LazyGroup, help=HELP, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gridrules")
def cli() -> None:
    """The `gridrules` group; its --help text is HELP (the title from locale/cli.toml)."""


def _safe_streams() -> None:
    # A non-UTF-8 locale (LANG=C, GBK consoles) must not crash on Chinese output.
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            reconfigure(errors="replace")


def _speaks_json(name: str) -> bool:
    """Does the command offer --format json? (Read from its options, not from a list.)"""
    if name not in COMMANDS:
        return False
    try:
        command = importlib.import_module(f"gridrules.cli.{COMMANDS[name][0]}").command
    except Exception:  # the run itself will report it
        return False
    return any(
        "--format" in param.opts
        and isinstance(param.type, click.Choice)
        and "json" in param.type.choices
        for param in command.params
    )


def main(argv: Sequence[str] | None = None) -> int:
    _safe_streams()
    args = list(sys.argv[1:] if argv is None else argv)
    invocation = outcome.read_invocation(args, _speaks_json)
    try:
        # With standalone_mode=False, click returns ctx.exit()'s code instead of exiting.
        code = cli.main(args=args, prog_name="gridrules", standalone_mode=False)
    except (click.exceptions.Abort, KeyboardInterrupt):
        return outcome.report_interrupted(invocation)
    except click.ClickException as exc:  # usage errors, unreadable files, GridrulesError
        return outcome.report_known(exc, invocation)
    except click.exceptions.Exit as exc:
        return exc.exit_code
    except BrokenPipeError:  # `gridrules rules | head`
        return 0
    except SystemExit as exc:  # sys.exit() inside a command (a render stopped by SIGTERM)
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        click.echo(exc.code, err=True)
        return 1
    except Exception as exc:
        return outcome.report_internal(exc, invocation)
    return code if isinstance(code, int) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
