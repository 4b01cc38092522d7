"""Peak memory of `gridrules validate` on a registry CSV of a given size.

    .venv/bin/python bench/csv_memory_bench.py --mb 16 64 128 [--keep DIR]

For each size, writes a jurisdiction (the example base, staffing off, a
`grids.csv` registry of one street, communities of 50 grids each, grids of
400 households) whose CSV is about that many MiB, runs `gridrules validate`
on it in a child process and reports the child's peak resident set size
(ru_maxrss) and the wall time. The figures justify `CSV_MAX_BYTES` in
gridrules.sources: a CSV at the limit must validate within 2 GB
(docs/policy-format.md, "Size limits"). No assertion here: a benchmark.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BASE = ROOT / "src" / "gridrules" / "rules" / "example_base"
GRIDRULES = ROOT / ".venv" / "bin" / "gridrules"


def make_policy(folder: Path, megabytes: float) -> tuple[int, int]:
    """A jurisdiction whose grids.csv is about `megabytes` MiB: (rows, bytes)."""
    shutil.copytree(BASE, folder)
    tiers = (folder / "tiers.yaml").read_text(encoding="utf-8")
    tiers = re.sub(r"(?ms)^    staffing:\n(?:      .*\n)+", "", tiers)  # no roster needed
    (folder / "tiers.yaml").write_text(tiers, encoding="utf-8")
    (folder / "roster.yaml").write_text("kind: roster\nversion: 1\nworkers: []\n", encoding="utf-8")
    (folder / "grids.yaml").write_text(
        "kind: grids\nversion: 1\ncsv: grids.csv\n", encoding="utf-8"
    )
    target = int(megabytes * 1024 * 1024)
    rows = 0
    with (folder / "grids.csv").open("w", encoding="utf-8", newline="\n") as out:
        out.write("id,name,tier,parent,households,area\n")
        out.write("S01,示例街道,street,,,urban\n")
        written = 0
        community = 0
        while written < target:
            community += 1
            c = f"S01C{community:06d}"
            line = f"{c},锦官驿第{community}社区,community,S01,,urban\n"
            out.write(line)
            written += len(line.encode())
            rows += 1
            for g in range(1, 51):
                line = f"{c}G{g:03d},锦官驿第{community}社区第{g}网格,grid,{c},400,urban\n"
                out.write(line)
                written += len(line.encode())
                rows += 1
    return rows, (folder / "grids.csv").stat().st_size


def measure(folder: Path) -> tuple[int, float, int]:
    """(peak RSS in bytes, seconds, exit code) of `gridrules validate folder` in a child."""
    started = time.monotonic()
    done = subprocess.run(
        [str(GRIDRULES), "validate", str(folder), "--format", "json"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        check=False,
    )
    seconds = time.monotonic() - started
    peak_kib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss  # the largest child so far
    return peak_kib * 1024, seconds, done.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, nargs="+", default=[16.0, 64.0, 128.0])
    parser.add_argument("--keep", type=Path, default=None, help="leave the policies here")
    args = parser.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="csv-memory-"))
    print(
        f"{'CSV MiB':>8} {'rows':>10} {'peak RSS MiB':>13} {'MiB per CSV MiB':>16} {'s':>7}  exit"
    )
    try:
        for mb in sorted(args.mb):  # ascending: ru_maxrss of children only grows
            folder = work / f"policy-{mb:g}mb"
            rows, size = make_policy(folder, mb)
            peak, seconds, code = measure(folder)
            ratio = peak / size
            print(
                f"{size / 2**20:8.1f} {rows:10,d} {peak / 2**20:13.0f} {ratio:16.1f} "
                f"{seconds:7.1f}  {code}",
                flush=True,
            )
            if args.keep is None:
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    sys.exit(main())
