"""Validation at city scale: ≈118,000 registry nodes (≈100,000 micro grids) and ≈150,000 workers.

    .venv/bin/python bench/validate_bench.py [--keep DIR]

Generates the city with scripts/generate_registry.py (extending policies/chengdu), then
times each stage of `validate_folder` and each semantic rule, in-process, and the whole
`gridrules validate` command with its peak memory in a subprocess. Baselines measured in
the same run: reading the same CSV files with csv.reader alone (the floor), and parsing
the same registry written as YAML with PyYAML's C loader (what a YAML-only tool would do).
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gridrules.build import build_policy  # noqa: E402
from gridrules.loader import check_shapes, read_chain  # noqa: E402
from gridrules.rules import SEMANTIC, Context  # noqa: E402
from gridrules.validate import validate_folder  # noqa: E402


def timed(fn, *args, **kwargs):
    start = time.perf_counter()
    result = fn(*args, **kwargs)
    return result, time.perf_counter() - start


def generate(out: Path) -> Path:
    city = out / "chengdu-city"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_registry.py"),
            "--scale",
            "city",
            "--out",
            str(city),
            "--extends",
            str(ROOT / "policies" / "chengdu"),
        ],
        check=True,
    )
    return city


def csv_floor(city: Path) -> float:
    start = time.perf_counter()
    for name in ("grids.csv", "roster.csv"):
        with open(city / name, encoding="utf-8", newline="") as handle:
            for _ in csv.reader(handle):
                pass
    return time.perf_counter() - start


def yaml_baseline(city: Path, work: Path) -> tuple[float, int]:
    """Parse the grid registry written as one YAML document (roster left out: grids alone)."""
    with open(city / "grids.csv", encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    path = work / "grids-as-yaml.yaml"
    path.write_text(
        yaml.dump(
            {"kind": "grids", "version": 1, "grids": rows},
            Dumper=yaml.CSafeDumper,
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    start = time.perf_counter()
    with open(path, encoding="utf-8") as handle:
        yaml.load(handle, Loader=yaml.CSafeLoader)
    return time.perf_counter() - start, path.stat().st_size


def stages(city: Path) -> list[tuple[str, float]]:
    gc.disable()  # as validate_folder does while loading
    try:
        (layers, problems), t_read = timed(read_chain, city, Path("/"))
        shape_problems, t_shape = timed(check_shapes, layers)
        policy, t_build = timed(build_policy, layers)
        ctx = Context(policy, layers, __import__("datetime").date.today())
        rows = [("read YAML + CSV", t_read), ("schemas", t_shape), ("build model", t_build)]
        for rule in SEMANTIC:
            found, t_rule = timed(lambda r=rule: list(r.run(ctx)))
            rows.append(
                (
                    f"rule {rule.code} {rule.name}" + (f" ({len(found)} found)" if found else ""),
                    t_rule,
                )
            )
    finally:
        gc.enable()
    assert not problems and not shape_problems, (problems + shape_problems)[:3]
    print(
        f"registry: {len(policy.grids):,} nodes, "
        f"{sum(policy.tier_by_id[g.tier].is_grid for g in policy.grids):,} grids, "
        f"{len(policy.workers):,} workers"
    )
    return rows


def command_run(city: Path) -> tuple[float, float, int]:
    start = time.perf_counter()
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridrules.cli.main",
            "validate",
            str(city),
            "--root",
            "/",
            "--lang",
            "en",
        ],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return wall, peak_mb, proc.returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        city = generate(work)
        floor = csv_floor(city)
        rows = stages(city)
        _, t_inproc = timed(validate_folder, city, root=Path("/"))
        wall, peak_mb, code = command_run(city)
        t_yaml, yaml_bytes = yaml_baseline(city, work)

    width = max(len(name) for name, _ in [*rows, ("validate_folder (in-process)", 0)]) + 2
    print(f"\n{'stage':<{width}}{'seconds':>10}")
    for name, seconds in rows:
        print(f"{name:<{width}}{seconds:>10.3f}")
    print(f"{'validate_folder (in-process)':<{width}}{t_inproc:>10.3f}")
    print(
        f"\n`gridrules validate` command: {wall:.2f} s wall, peak RSS {peak_mb:,.0f} MB, exit {code}"
    )
    print("\nbaselines measured in this run:")
    print(
        f"  csv.reader over both CSV files (floor):          {floor:7.3f} s   "
        f"validate = {t_inproc / floor:5.1f}× the floor"
    )
    print(
        f"  PyYAML C loader, grid registry as YAML ({yaml_bytes / 2**20:.0f} MB): {t_yaml:7.3f} s   "
        f"full validation = {t_inproc / t_yaml:5.2f}× the YAML parse alone"
    )
    return code


if __name__ == "__main__":
    sys.exit(main())
