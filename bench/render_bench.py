"""Render a whole district (HTML + every PDF) today's way and the fast way, in one run.

    .venv/bin/python bench/render_bench.py [--policy policies/chengdu-wuhou] [--workers 2]
                                           [--skip-baseline]

Figures, each a fresh `render_handbook` in this process (wall seconds, and CPU
seconds of this process and its layout workers):

- baseline: today's path — every PDF through WeasyPrint, no cache;
- first render: notice sheets through Typst (render/typst_pdf.py), an empty cache;
- unchanged re-render: the same inputs again (every PDF from the cache);
- one-grid change: one grid's household count edited in a copy of the policy. The
  policy version (content hash) is printed on every page, so this changes every
  PDF and all of them are laid out again;
- one-grid change, version pinned: the same edit rendered with the earlier version
  (RenderOptions.version), which is what the cache saves when only one grid's
  inputs differ: one community's notice PDF is laid out again.

The ratio printed at the end is baseline wall / first-render wall.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gridrules.policy import load_policy  # noqa: E402
from gridrules.render.handbook import RenderOptions, render_handbook  # noqa: E402
from gridrules.version import policy_version  # noqa: E402

DATE = dt.date(2026, 11, 28)


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def timed(label: str, run: Callable[[], object]) -> float:
    started, cpu0 = time.perf_counter(), cpu()
    run()
    wall, used = time.perf_counter() - started, cpu() - cpu0
    print(f"{label:<38} {wall:7.2f} s wall {used:7.2f} CPU-s", flush=True)
    return wall


def copy_policy(policy: Path, into: Path) -> Path:
    """The policy and the folders it extends (siblings), copied side by side."""
    for folder in policy.parent.iterdir():
        if folder.is_dir():
            shutil.copytree(folder, into / folder.name)
    return into / policy.name


def change_one_grid(folder: Path) -> str:
    """Add one household to the first leaf grid with a count in grids.csv; its id."""
    path = folder / "grids.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    header = lines[0].rstrip("\n").split(",")
    at = header.index("households")
    for i, line in enumerate(lines[1:], start=1):
        cells = line.rstrip("\n").split(",")
        if len(cells) > at and cells[at].isdigit() and len(cells[0]) >= 15:
            cells[at] = str(int(cells[at]) + 1)
            lines[i] = ",".join(cells) + "\n"
            path.write_text("".join(lines), encoding="utf-8")
            return cells[0]
    raise SystemExit("no grid with a household count in grids.csv")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--policy", default=str(ROOT / "policies" / "chengdu-wuhou"))
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--skip-baseline", action="store_true")
    args = parser.parse_args()
    policy = Path(args.policy).resolve()
    with tempfile.TemporaryDirectory(prefix="render-bench-") as tmp_name:
        tmp = Path(tmp_name)
        os.environ["GRIDRULES_RENDER_CACHE"] = str(tmp / "cache")
        copy = copy_policy(policy, tmp / "policies")
        loaded = load_policy(copy).policy
        assert loaded is not None, "the policy does not validate"
        version = policy_version(loaded)
        print(f"{policy.name}: HTML + every PDF, {args.workers or os.cpu_count()} workers")

        def render(out: str, **options: object) -> Callable[[], object]:
            def run() -> object:
                pol = load_policy(copy).policy
                assert pol is not None
                opts = RenderOptions(generated=DATE, workers=args.workers, **options)  # type: ignore[arg-type]
                result = render_handbook(pol, tmp / out, opts)
                return result

            return run

        baseline = None
        if not args.skip_baseline:
            baseline = timed(
                "baseline (WeasyPrint, no cache)",
                render("base", pdf_engine="weasyprint", cache=False),
            )
        first = timed("first render (Typst notices)", render("new"))
        timed("unchanged re-render (cache)", render("new"))
        grid = change_one_grid(copy)
        timed(f"one-grid change ({grid})", render("new"))
        change_one_grid(copy)
        timed("one-grid change, version pinned", render("new", version=version))
        if baseline is not None:
            print(f"ratio: baseline / first render = {baseline / first:.1f}x")


if __name__ == "__main__":
    main()
