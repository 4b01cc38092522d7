"""gridrules test PATH... — run the policy test suites in each jurisdiction's tests/ folder.

\b
Exit codes: 0 every case passed; 1 a case failed; 2 usage error, unreadable
            suite or invalid policy, unwritable --junit file; 3 internal error.
"""

from __future__ import annotations

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import Output, common, dump_json
from gridrules.cli.options import helptext


@click.command("test")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--junit",
    "junit_file",
    type=click.Path(dir_okay=False, path_type=str),
    default=None,
    help=helptext(msg("cli.help.test.junit")),
)
@click.option("--verbose", "-v", is_flag=True, help="List passing cases too.")
@common
@click.pass_context
def command(
    ctx: click.Context,
    paths: tuple[str, ...],
    junit_file: str | None,
    verbose: bool,
    out: Output,
) -> None:
    """Run policy tests (kind: test YAML in tests/) for jurisdictions (default: current folder).

    PATH may be a jurisdiction folder, a folder of jurisdictions (policies/)
    or a suite file. Each failure names the case's file:line:col.

    \b
    Exit codes: 0 every case passed; 1 a case failed; 2 usage error,
                unreadable suite or invalid policy, unwritable --junit file;
                3 internal error.
    """
    from gridrules.atomic import write_atomic
    from gridrules.cli.outcome import unwritable
    from gridrules.policytest import junit_xml, run_paths
    from gridrules.report import problem_dict

    language = out.language
    report = run_paths(paths or ["."], root=out.root)
    if junit_file:
        try:
            write_atomic(junit_file, junit_xml(report, language))
        except OSError as exc:
            raise unwritable(junit_file, exc) from None
    if out.fmt == "json":
        payload = {
            "summary": {
                "suites": len(report.suites),
                "cases": report.cases,
                "failures": report.failures,
                "errors": len(report.problems),
            },
            "suites": [
                {
                    "file": s.file,
                    "name": s.name,
                    "jurisdiction": s.jurisdiction,
                    "cases": [
                        {
                            "name": c.name,
                            "location": str(c.location),
                            "kind": c.kind,
                            "passed": c.passed,
                            "failure": c.failure(language) if c.failure else None,
                            "explanation": [d(language) for d in c.details] if out.explain else [],
                        }
                        for c in s.cases
                    ],
                }
                for s in report.suites
            ],
            "problems": [problem_dict(p, language) for p in report.problems],
            "untested": report.untested,
        }
        click.echo(dump_json(payload), nl=False)
        ctx.exit(report.exit_code)
    for problem in report.problems:
        click.echo(
            f"{problem.location}: {msg('cli.test.error')(language)} {problem.code} {problem.text(language)}"
        )
    for suite in report.suites:
        for case in suite.cases:
            if case.passed:
                if verbose:
                    click.echo(f"{case.location}: PASS {case.name}")
                continue
            failure = case.failure(language) if case.failure else ""
            click.echo(f"{case.location}: FAIL {case.name} — {failure}")
            if out.explain:
                for line in case.details:
                    click.echo(f"    {line(language)}")
    for folder in report.untested:
        click.echo(f"{folder}: {msg('cli.test.untested')(language)}")
    passed = report.cases - report.failures
    summary = msg(
        "cli.test.summary",
        suites=len(report.suites),
        cases=report.cases,
        passed=passed,
        failures=report.failures,
    )(language)
    if report.problems:
        summary += msg("cli.test.summary_errors", errors=len(report.problems))(language)
    click.echo(summary)
    ctx.exit(report.exit_code)
