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
from gridrules.cli import outcome

COMMANDS: dict[str, tuple[str, str]] = {
    # name: (module, one-line help shown in `gridrules --help`)
    "validate": ("validate", "Validate jurisdiction policies (schema + semantic rules). 校验政策"),
    "rules": ("rules", "List the validation rules, or show one with examples. 规则说明"),
    "init": ("init", "Start a new jurisdiction from a bundled example. 从示例新建辖区"),
    "diff": ("diff", "Show what a policy change does: permissions, routes, pages. 变更影响"),
    "render": ("render", "Render handbooks: manual, duty cards, checklists, notices. 生成手册"),
    "check": ("check", "Decide a request: may this principal act on this matter here? 判定"),
    "route": ("route", "Show a matter's escalation chain from a grid. 事项流转路线"),
    "who": ("who", "List who may act on a matter in a grid. 谁可以处置"),
    "coverage": ("coverage", "Prove every leaf grid can report and handle every matter. 覆盖检查"),
    "workload": (
        "workload",
        "Report hours a month per worker and grid from duty schedules. 工作量",
    ),
    "can": ("can", "List everything a principal may do. 人员权限"),
    "test": ("test", "Run the policy test suites in tests/ folders. 政策测试"),
    "export": ("export", "Export the compiled Casbin model and policy. 导出 Casbin 模型"),
    "build": ("build", "Compile a policy into one verified snapshot file. 编译快照"),
    "serve": ("serve", "Serve decisions over HTTP with safe hot reload. 判定服务"),
    "publish": ("publish", "Publish a validated policy version to PostgreSQL. 发布政策版本"),
}


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


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="gridrules")
def cli() -> None:
    """gridrules — rules and roles for community grid governance (网格化服务管理).

    \b
    Exit codes: 0 success, allowed, no gap; 1 problems found, denied, gaps,
                failed cases; 2 usage error, unreadable input or invalid policy;
                3 internal error (the traceback is written to a log file).
    With --format json every outcome, errors included, is JSON on stdout.
    """


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
