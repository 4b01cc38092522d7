"""Options and helpers shared by the decision commands (check, route, who, can, test, export)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

import click

from gridrules.cli.options import lang_option
from gridrules.vocabulary import ACTIONS_VOCABULARY, MODES_VOCABULARY

if TYPE_CHECKING:
    from gridrules.decision import Principal
    from gridrules.engine import Engine

F = TypeVar("F", bound=Callable[..., Any])

path_argument = click.argument("path", type=click.Path(path_type=str))
root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=str),
    default=None,
    help="Policy root that `extends` may not leave (default: the jurisdiction's parent folder).",
)
format_option = click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people, json for tools. 输出格式",
)
explain_option = click.option(
    "--explain", is_flag=True, help="Add a short human explanation. 附简要说明"
)
at_option = click.option(
    "--at",
    default=None,
    metavar="DATE",
    help="Judge as of this ISO date or date-time (default: today). 判定日期",
)
mode_option = click.option(
    "--mode",
    type=click.Choice(MODES_VOCABULARY.ids),
    default="normal",
    show_default=True,
    help=f"{MODES_VOCABULARY.help()}: emergency applies while a plan is active (平战结合). 模式",
)
action_help = f"{ACTIONS_VOCABULARY.help()}. 动作：{ACTIONS_VOCABULARY.help('zh')}"

plan_option = click.option(
    "--plan",
    default=None,
    metavar="PLAN",
    help="With --mode emergency: the active emergency plan (default: any). 应急预案",
)

output_option = click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help="Write the report to this file instead of standard output. 输出文件",
)


def common(func: F) -> F:
    """--explain, --lang, --format, --root on a command."""
    for option in (root_option, format_option, lang_option, explain_option):
        func = option(func)
    return func


def principal_options(func: F) -> F:
    for option in (
        click.option(
            "--home",
            default=None,
            metavar="GRID",
            help="Inline principal's assigned grid (with --roles). 所在网格",
        ),
        click.option(
            "--roles",
            default=None,
            metavar="R1,R2",
            help="Inline principal: comma-separated role ids (with --home). 角色",
        ),
        click.option(
            "--principal", "-p", default=None, metavar="ID", help="Roster worker id. 人员编号"
        ),
    ):
        func = option(func)
    return func


def principal_from(principal: str | None, roles: str | None, home: str | None) -> str | Principal:
    from gridrules.decision import Principal

    if principal and (roles or home):
        raise click.UsageError("give either --principal or --roles with --home, not both")
    if principal:
        return principal
    if roles and home:
        return Principal(tuple(r.strip() for r in roles.split(",") if r.strip()), home)
    raise click.UsageError("name the principal: --principal ID, or --roles R1,R2 --home GRID")


def parse_at_option(at: str | None, lang: str) -> dt.date | dt.datetime | None:
    """--at as a date or date-time; a bad value is a usage error in the user's language."""
    from gridrules.decision import RequestError, parse_at

    try:
        return parse_at(at)
    except RequestError as exc:
        raise click.UsageError(exc.text(lang)) from None


def load_engine(path: str, root: str | None) -> Engine:
    """The engine for a jurisdiction; an invalid policy is one clear line and exit 2."""
    from gridrules.engine import Engine

    return Engine.load(path, root=root)


def dump_json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def word(lang: str, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


def when_options(f: F) -> F:
    """--at, --mode and --plan: the date and the state (normal or emergency) to judge in."""
    return at_option(mode_option(plan_option(f)))


def request_options(*, required: bool, grid_help: str) -> Callable[[F], F]:
    """--action, --matter and --grid: the request a decision command is asked about."""

    def decorate(f: F) -> F:
        f = click.option("--grid", "-g", required=required, default=None, help=grid_help)(f)
        f = click.option("--matter", "-m", required=required, default=None, help="Matter id. 事项")(
            f
        )
        return click.option("--action", "-a", required=required, default=None, help=action_help)(f)

    return decorate
