"""cli/options.py: options listed in the order given, and option groups handed over as one value."""

from __future__ import annotations

from dataclasses import dataclass

import click
from click.testing import CliRunner

from gridrules.cli.options import option_group, stack


@dataclass(frozen=True)
class Pair:
    first: str | None
    second: int


pair_options = option_group(
    "pair",
    Pair,
    click.option("--first", default=None),
    click.option("--second", type=int, default=2),
)


@click.command()
@click.option("--before", is_flag=True)
@pair_options
@stack(click.option("--third", default="c"), click.option("--fourth", default="d"))
@click.pass_context
def sample(
    ctx: click.Context, before: bool, pair: Pair, third: str, fourth: str
) -> None:  # pragma: no cover - run by CliRunner
    click.echo(f"{ctx.info_name} {before} {pair} {third} {fourth}")


def test_a_group_reaches_the_command_as_one_value() -> None:
    result = CliRunner().invoke(sample, ["--first", "a", "--fourth", "x"])
    assert result.exit_code == 0, result.output
    assert result.output == "sample False Pair(first='a', second=2) c x\n"


def test_help_lists_the_options_in_the_order_given() -> None:
    help_text = CliRunner().invoke(sample, ["--help"]).output
    names = ["--before", "--first", "--second", "--third", "--fourth"]
    positions = [help_text.index(name) for name in names]
    assert positions == sorted(positions)


def test_the_decision_commands_keep_their_option_order() -> None:
    from gridrules.cli.check import command

    names = [p.name for p in command.params]
    assert names == [
        "path",
        "principal",
        "roles",
        "home",
        "action",
        "matter",
        "grid",
        "at",
        "mode",
        "plan",
        "request_file",
        "explain",
        "lang",
        "fmt",
        "root",
    ]
