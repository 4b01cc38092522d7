"""gridrules workload PATH — hours a month per worker, grid, role and street, from duty schedules.

\b
Exit codes: 0 every grid within the workload limits; 1 some grid over a limit (hours a
            month, field share, door-to-door time); 2 usage error, unreadable input, invalid
            policy, unwritable --output; 3 internal error.
"""

from __future__ import annotations

import datetime as dt

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import Report, report_options
from gridrules.cli.options import format_option, helptext, path_argument

# The workload findings are what this command reports, not a reason to refuse the policy.
WORKLOAD_CODES = frozenset({"GR850", "GR851", "GR852"})


@click.command("workload")
@path_argument
@format_option(
    "text",
    "json",
    "csv",
    "html",
    help=helptext(msg("cli.help.workload.format")),
)
@click.option(
    "--by",
    type=click.Choice(["worker", "grid", "role", "street"]),
    default="grid",
    show_default=True,
    help=helptext(msg("cli.help.workload.by")),
)
@click.option(
    "--top",
    type=click.IntRange(1),
    default=10,
    show_default=True,
    help=helptext(msg("cli.help.workload.top")),
)
@report_options
@click.pass_context
def command(
    ctx: click.Context,
    path: str,
    fmt: str,
    by: str,
    top: int,
    report: Report,
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

    language = report.language
    day = report.day or dt.date.today()
    policy = report.policy(path, WORKLOAD_CODES)
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
    report.write(text)
    ctx.exit(1 if data["summary"]["grids_over"] else 0)
