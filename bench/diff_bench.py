"""`gridrules diff` at city scale: ≈116,000 registry nodes and ≈145,000 workers on both sides.

    .venv/bin/python bench/diff_bench.py [--keep DIR] [--notices]

Generates the city with scripts/generate_registry.py into OLD/city (extending a copy of
policies/chengdu in OLD/chengdu), copies OLD to NEW (registry files hard-linked) and gives
part-time workers one more duty in NEW/chengdu — one grant changed, as a reviewer would see
in a pull request. Then times:

- the whole command, `gridrules diff OLD/city NEW/city` in a subprocess (both sides loaded
  in two processes, the default on a machine with 2 CPUs), with and without the handbook
  page comparison, and its peak memory;
- the same diff in one process, stage by stage (validate, snapshot, pages, compare) —
  where the time goes;
- with --notices, a change every notice sheet prints (an escalation time limit), which makes
  the diff rebuild and compare every notice sheet in both languages on both sides.

Baseline in the same run: `gridrules validate NEW/city` (one side's load and validation),
the floor under any diff that validates what it compares.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gridrules.diff.compare import compare, notice_request  # noqa: E402
from gridrules.diff.side import SideSpec, session  # noqa: E402

GRIDRULES = [sys.executable, "-m", "gridrules.cli.main"]


def setup(base: Path) -> tuple[Path, Path]:
    old, new = base / "old", base / "new"
    old.mkdir(parents=True)
    shutil.copytree(ROOT / "policies" / "chengdu", old / "chengdu")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_registry.py"),
            "--scale",
            "city",
            "--out",
            str(old / "city"),
            "--extends",
            str(old / "chengdu"),
        ],
        check=True,
    )
    shutil.copytree(old, new, copy_function=os.link)
    grant(new / "chengdu" / "responsibilities.yaml")
    return old / "city", new / "city"


def _edit(path: Path, change: object) -> None:
    text = path.read_text(encoding="utf-8")
    doc = yaml.safe_load(text)
    change(doc)  # type: ignore[operator]
    path.unlink()  # hard-linked from OLD: write a new file, never through the link
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")


def grant(path: Path) -> None:
    def add(doc: dict) -> None:  # type: ignore[type-arg]
        entry = next(e for e in doc["responsibilities"] if e["role"] == "part_time_worker")
        entry["duties"].append(
            {
                "id": "pt_bench_handle",
                "name": "兼职网格员劝导整改（基准测试）",
                "actions": ["handle"],
                "matters": [m for d in entry["duties"] for m in d.get("matters", [])],
            }
        )

    _edit(path, add)


def time_limit(path: Path) -> None:
    def change(doc: dict) -> None:  # type: ignore[type-arg]
        doc["levels"][0]["time_limit"] = "2d"

    _edit(path, change)


_MEASURE = (
    "import resource, subprocess, sys\n"
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)\n"
    "sys.exit(code)\n"
)


def run(args: list[str]) -> tuple[float, int, float]:
    """Wall seconds, exit code, and the largest process's peak RSS (MB) of a gridrules command."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *GRIDRULES, *args],
        capture_output=True,
        text=True,
        check=False,
    )
    wall = time.perf_counter() - start
    lines = done.stderr.strip().splitlines()
    if done.returncode not in (0, 1):
        print(done.stderr[-2000:], file=sys.stderr)
    peak = int(lines[-1]) / 1024 if lines and lines[-1].isdigit() else float("nan")
    return wall, done.returncode, peak


def stages(old: Path, new: Path, root: Path) -> list[tuple[str, float]]:
    at = dt.date.today()
    out: list[tuple[str, float]] = []
    start = time.perf_counter()
    a = session("old", SideSpec(str(old), root=str(root)), at)
    before = next(a)
    out.append(("old side: validate + snapshot", time.perf_counter() - start))
    start = time.perf_counter()
    b = session("new", SideSpec(str(new), root=str(root)), at)
    after = next(b)
    out.append(("new side: validate + snapshot", time.perf_counter() - start))
    start = time.perf_counter()
    notices = notice_request(before, after)
    old_pages = a.send(("pages", notices))
    new_pages = b.send(("pages", notices))
    label = "all" if notices is None else str(len(notices))
    out.append((f"pages, both sides (notice sheets rebuilt: {label})", time.perf_counter() - start))
    start = time.perf_counter()
    report = compare(before, after, at, (old_pages, new_pages))
    out.append(("compare", time.perf_counter() - start))
    a.close()
    b.close()
    print(
        f"  report: {len(report.permissions)} permission changes, "
        f"{report.touched.grids:,} grids / {report.touched.people:,} people touched, "
        f"{len(report.pages or ())} pages"
    )
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    parser.add_argument(
        "--notices", action="store_true", help="also time a change every notice sheet prints"
    )
    args = parser.parse_args()
    base = args.keep or Path(tempfile.mkdtemp(prefix="gridrules-diff-bench-"))
    try:
        old, new = setup(base)
        root = old.parent.parent
        common = ["--root", str(root), "--lang", "en"]
        print(f"\ncity pair in {base}; {os.cpu_count()} CPUs\n")
        rows: list[tuple[str, float, int, float]] = []
        wall, code, peak = run(["validate", str(new), "--root", str(root)])
        rows.append(("baseline: gridrules validate NEW (one side)", wall, code, peak))
        wall, code, peak = run(["diff", str(old), str(new), *common])
        rows.append(("gridrules diff OLD NEW (one grant; pages)", wall, code, peak))
        wall, code, peak = run(["diff", str(old), str(new), *common, "--no-pages"])
        rows.append(("gridrules diff OLD NEW --no-pages", wall, code, peak))
        wall, code, peak = run(["diff", str(old), str(new), *common, "--jobs", "1"])
        rows.append(("gridrules diff OLD NEW --jobs 1", wall, code, peak))
        if args.notices:
            time_limit(new.parent / "chengdu" / "escalation.yaml")
            wall, code, peak = run(["diff", str(old), str(new), *common])
            rows.append(("diff, + a time limit every notice prints", wall, code, peak))
        print(f"{'command':<52} {'wall s':>8} {'exit':>5} {'peak MB':>9}")
        for name, wall, code, peak in rows:
            print(f"{name:<52} {wall:>8.1f} {code:>5} {peak:>9.0f}")
        print("\nin one process, stage by stage (the one-grant change):")
        if args.notices:  # undo the time limit for the stage figures
            shutil.copy(old.parent / "chengdu" / "escalation.yaml", new.parent / "chengdu")
        for name, seconds in stages(old, new, root):
            print(f"  {name:<56} {seconds:>7.1f} s")
    finally:
        if args.keep is None:
            shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    main()
