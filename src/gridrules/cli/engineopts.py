"""Options and helpers shared by the decision commands (check, route, who, can, test, export,
coverage, workload).

Three option groups reach a command as one value each: `common` (the output: --explain,
--lang, --format, --root) as `out`, `principal_options` (--principal, or --roles with
--home) as `principal`, and `when_options` (--at, --mode, --plan) as `when`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Collection
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from gridrules.catalogue import msg
from gridrules.cli.options import (
    F,
    format_option,
    helptext,
    lang_option,
    option_group,
    output_option,
    root_option,
    stack,
    value_option,
)
from gridrules.errors import UsageError
from gridrules.lang import detect_lang
from gridrules.vocabulary import ACTIONS_VOCABULARY, MODES_VOCABULARY

if TYPE_CHECKING:
    from gridrules.decision import Principal
    from gridrules.engine import Engine
    from gridrules.model import Policy

explain_option = click.option(
    "--explain", is_flag=True, help=helptext(msg("cli.help.common.explain"))
)
at_option = value_option("--at", "DATE", helptext(msg("cli.help.common.at")))
mode_option = click.option(
    "--mode",
    type=click.Choice(MODES_VOCABULARY.ids),
    default="normal",
    show_default=True,
    help=helptext(msg("cli.help.common.mode", modes=MODES_VOCABULARY.help())),
)
plan_option = value_option("--plan", "PLAN", helptext(msg("cli.help.common.plan")))
_actions = (ACTIONS_VOCABULARY.help("zh"), ACTIONS_VOCABULARY.help())  # (zh, en)
action_help = helptext(msg("cli.help.common.action", actions=_actions))


@dataclass(frozen=True, slots=True)
class Output:
    """--root, --format, --lang and --explain."""

    root: str | None
    fmt: str
    lang: str | None
    explain: bool

    @property
    def language(self) -> str:
        """zh or en: --lang, else the locale."""
        return detect_lang(self.lang)


@dataclass(frozen=True, slots=True)
class PrincipalOptions:
    """--principal, or --roles with --home."""

    principal: str | None
    roles: str | None
    home: str | None

    def resolve(self, lang: str) -> str | Principal:
        """A roster id or an inline principal; a usage error unless exactly one is named."""
        from gridrules.decision import Principal

        if self.principal and (self.roles or self.home):
            raise UsageError(msg("cli.usage.principal_twice"), lang=lang)
        if self.principal:
            return self.principal
        if self.roles and self.home:
            roles = tuple(r.strip() for r in self.roles.split(",") if r.strip())
            return Principal(roles, self.home)
        raise UsageError(msg("cli.usage.principal_missing"), lang=lang)


@dataclass(frozen=True, slots=True)
class When:
    """--at, --mode and --plan: the moment and the state (normal or emergency) to judge in."""

    at: str | None
    mode: str
    plan: str | None

    def moment(self, lang: str) -> dt.date | dt.datetime | None:
        return parse_at_option(self.at, lang)


common = option_group(
    "out",
    Output,
    explain_option,
    lang_option,
    format_option("text", "json", help=helptext(msg("cli.help.common.format"))),
    root_option,
)
principal_options = option_group(
    "principal",
    PrincipalOptions,
    click.option(
        "--principal",
        "-p",
        default=None,
        metavar="ID",
        help=helptext(msg("cli.help.common.principal")),
    ),
    click.option(
        "--roles",
        default=None,
        metavar="R1,R2",
        help=helptext(msg("cli.help.common.roles")),
    ),
    click.option(
        "--home",
        default=None,
        metavar="GRID",
        help=helptext(msg("cli.help.common.home")),
    ),
)
when_options = option_group("when", When, at_option, mode_option, plan_option)


matter_help = helptext(msg("cli.help.common.matter"))


def request_options(*, required: bool, grid_help: str) -> Callable[[F], F]:
    """--action, --matter and --grid: the request a decision command is asked about."""
    return stack(
        click.option("--action", "-a", required=required, default=None, help=action_help),
        click.option("--matter", "-m", required=required, default=None, help=matter_help),
        click.option("--grid", "-g", required=required, default=None, help=grid_help),
    )


def parse_at_option(at: str | None, lang: str) -> dt.date | dt.datetime | None:
    """--at as a date or date-time; a bad value is a usage error in the user's language."""
    from gridrules.decision import RequestError, parse_at

    try:
        return parse_at(at)
    except RequestError as exc:
        raise UsageError(exc.text, lang=lang) from None


def load_engine(path: str, root: str | None) -> Engine:
    """The engine for a jurisdiction; an invalid policy is one clear line and exit 2."""
    from gridrules.engine import Engine

    return Engine.load(path, root=root)


def dump_json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


@dataclass(frozen=True, slots=True)
class Report:
    """--at, --output, --root and --lang of a command that reports on a whole policy
    (coverage, workload): the findings of some rules are its report, not a reason to refuse
    the policy."""

    at: str | None
    output: str | None
    root: str | None
    lang: str | None

    @property
    def language(self) -> str:
        return detect_lang(self.lang)

    @property
    def day(self) -> dt.date | None:
        """The --at date the report is of (None: today)."""
        when = parse_at_option(self.at, self.language)
        return when.date() if isinstance(when, dt.datetime) else when

    def policy(self, path: str, reported: Collection[str]) -> Policy:
        """The validated policy; problems of the `reported` rule codes do not refuse it."""
        from gridrules.decision import PolicyInvalid
        from gridrules.loader import display_path
        from gridrules.policy import load_policy
        from gridrules.problems import has_errors

        result = load_policy(path, root=self.root)
        others = [p for p in result.problems if p.code not in reported]
        policy = result.policy if result.policy is not None else result.built
        if policy is None or has_errors(others):
            raise PolicyInvalid(display_path(Path(path)), others or result.problems)
        return policy

    def write(self, text: str) -> None:
        """The report to --output (written whole, or not at all), else to standard output."""
        if not self.output:
            click.echo(text, nl=False)
            return
        from gridrules.atomic import write_atomic
        from gridrules.cli.outcome import unwritable

        try:
            write_atomic(Path(self.output), text)
        except OSError as exc:
            raise unwritable(self.output, exc) from None


report_options = option_group("report", Report, at_option, output_option, root_option, lang_option)
