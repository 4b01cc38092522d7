"""gridrules export PATH --casbin DIR — the compiled Casbin model and policy for other runtimes.

\b
Exit codes: 0 written; 2 usage error, invalid policy or unwritable folder;
            3 internal error.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from gridrules.catalogue import msg
from gridrules.cli.engineopts import Output, common, dump_json
from gridrules.cli.options import helptext, path_argument


@click.command("export")
@path_argument
@click.option(
    "--casbin",
    "casbin_dir",
    required=True,
    type=click.Path(file_okay=False, path_type=str),
    help=helptext(msg("cli.help.export.casbin")),
)
@click.option(
    "--no-comments", is_flag=True, help="Leave out the '# file:line duty' lines in policy.csv."
)
# --format json also writes DIR/runtime.json: epoch cut dates, plans, role-graph depth, roles
# with their constraints and the app's checklist (docs/decisions.md, Other runtimes).
@common
def command(
    path: str,
    casbin_dir: str,
    no_comments: bool,
    out: Output,
) -> None:
    """Compile the jurisdiction at PATH and write DIR/model.conf and DIR/policy.csv.

    Go (casbin), Java (jCasbin) and other Casbin runtimes load the two files and
    enforce the same rules: ask once per role the principal holds, as the
    comment at the top of model.conf describes. Both files are written to
    temporary files first and renamed into place, so a reader never sees half
    of either.

    \b
    Exit codes: 0 written; 2 usage error, invalid policy or unwritable folder;
                3 internal error.
    """
    from gridrules.atomic import write_many_atomic
    from gridrules.cli.outcome import unwritable
    from gridrules.compile import compile_policy
    from gridrules.decision import PolicyInvalid
    from gridrules.loader import display_path
    from gridrules.policy import load_policy
    from gridrules.runtime import runtime_data

    language = out.language
    result = load_policy(path, root=out.root)
    if not result.ok or result.policy is None:
        raise PolicyInvalid(display_path(Path(path)), result.problems)
    artifacts = compile_policy(result.policy)
    folder = Path(casbin_dir)
    model_file, policy_file = folder / "model.conf", folder / "policy.csv"
    runtime_file = folder / "runtime.json"
    files = {
        model_file: artifacts.model_text,
        policy_file: artifacts.policy_csv(comments=not no_comments),
    }
    runtime = runtime_data(result.policy, artifacts)
    if out.fmt == "json":  # epochs, plans, hop depth and the app's checklist, as data
        files[runtime_file] = json.dumps(runtime, ensure_ascii=False, indent=2) + "\n"
    try:
        write_many_atomic(files)
    except OSError as exc:
        raise unwritable(folder, exc) from None
    counts = {
        kind: sum(1 for r in artifacts.rows if r[0] == kind) for kind in ("p", "g", "g2", "g3")
    }
    if out.fmt == "json":
        click.echo(
            dump_json(
                {
                    "model": str(model_file),
                    "policy": str(policy_file),
                    "runtime": str(runtime_file),
                    "rows": counts,
                    "epochs": [d.isoformat() for d in artifacts.epochs],
                    "plans": runtime["plans"],
                    "casbin": runtime["casbin"],
                    "checklist": runtime["checklist"],
                }
            ),
            nl=False,
        )
        return
    click.echo(f"{msg('cli.export.wrote')(language)} {model_file}, {policy_file}")
    if out.explain:
        rows = msg("cli.export.rows", **counts, epochs=len(artifacts.epochs) + 1)
        click.echo("  " + rows(language))
