"""gridrules workload PATH — hours a month per worker, grid, role and street, from duty schedules.

\b
Exit codes: 0 every grid within the workload limits; 1 some grid over a limit (hours a
            month, field share, door-to-door time); 2 usage error, unreadable input, invalid
            policy, unwritable --output; 3 internal error.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from gridrules.cli.engineopts import (
    at_option,
    output_option,
    parse_at_option,
    path_argument,
    root_option,
)
from gridrules.cli.options import lang_option
from gridrules.lang import detect_lang

if TYPE_CHECKING:
    from gridrules.model import Policy

# The workload findings are what this command reports, not a reason to refuse the policy.
WORKLOAD_CODES = frozenset({"GR850", "GR851", "GR852"})


@click.command("workload")
@path_argument
@at_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv", "html"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, csv for a spreadsheet, html for a page. 输出格式",
)
@click.option(
    "--by",
    type=click.Choice(["worker", "grid", "role", "street"]),
    default="grid",
    show_default=True,
    help="The table --format csv writes. CSV 表",
)
@click.option(
    "--top", type=click.IntRange(1), default=10, show_default=True, help="Grids listed. 列出网格数"
)
@output_option
@root_option
@lang_option
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    at: str | None,
    fmt: str,
    by: str,
    top: int,
    output: str | None,
    root: str | None,
    lang: str | None,
) -> None:
    """Report the hours a month the duty schedules put on each worker and grid.

    hours/month = Σ runs a month × units × minutes ÷ 60 over the schedules of
    the worker's roles (schedules.yaml); units are read from the registry
    (households or an attribute column) and shared among the node's holders
    of the role. Minutes marked `assumed: true` are flagged as estimates.
    Grids over settings.workload limits (hours, field share, door-to-door
    time) are marked and make the exit code 1.

    \b
    gridrules workload policies/chengdu-wuhou
    gridrules workload policies/xinbei --format csv --by worker -o xinbei.csv
    gridrules workload policies/hangzhou-jianggan --format html -o workload.html
    """
    from gridrules.workload import workload_of
    from gridrules.workload.page import as_html
    from gridrules.workload.report import as_csv, as_dict, as_json, as_text

    language = detect_lang(lang)
    when = parse_at_option(at, language)
    day = when.date() if isinstance(when, dt.datetime) else (when or dt.date.today())
    policy = _policy(path, root)
    load = workload_of(policy, day)
    data = as_dict(policy, load, workers=fmt != "text" and (fmt != "csv" or by == "worker"))
    if fmt == "json":
        text = as_json(data)
    elif fmt == "csv":
        text = as_csv(data, by)
    elif fmt == "html":
        text = as_html(data, language, top)
    else:
        text = as_text(data, language, top)
    if output:
        from gridrules.atomic import write_atomic
        from gridrules.cli.outcome import unwritable

        try:
            write_atomic(Path(output), text)
        except OSError as exc:
            raise unwritable(output, exc) from None
    else:
        click.echo(text, nl=False)
    ctx.exit(1 if data["summary"]["grids_over"] else 0)


def _policy(path: str, root: str | None) -> Policy:
    """The validated policy; workload findings (GR850–GR852) are reported here, not refused."""
    from gridrules.decision import PolicyInvalid
    from gridrules.loader import display_path
    from gridrules.policy import load_policy
    from gridrules.problems import has_errors

    result = load_policy(path, root=root)
    others = [p for p in result.problems if p.code not in WORKLOAD_CODES]
    policy = result.policy if result.policy is not None else result.built
    if policy is None or has_errors(others):
        raise PolicyInvalid(display_path(Path(path)), others or result.problems)
    return policy
