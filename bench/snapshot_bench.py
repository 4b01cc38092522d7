"""Compiled snapshots at city scale: build, load, memory, GC pauses and decisions, in one run.

    python bench/snapshot_bench.py                 # the city (≈116k nodes, ≈146k workers)
    python bench/snapshot_bench.py --scale national
    python bench/snapshot_bench.py --city DIR      # an already generated jurisdiction

Each load runs in a fresh process (peak RSS = ru_maxrss of that process, the
interpreter and imports included) and is measured as CPU seconds, median of
--runs. Printed side by side, with ratios measured in the same run:

- parse-only baseline: reading grids.csv and roster.csv with `csv` and the YAML
  documents with PyYAML's C loader (the floor of any load from source files);
- today's load path: load + validate + compile (`Engine.load(folder)`);
- snapshot: `Engine.from_snapshot(file)` (digest, format, index ↔ rows and a
  64-request Casbin self-check included), then `gc.freeze()`;
- build: `gridrules build` minus the load (writing the file and reading it back).

Then, in the snapshot-loaded process: the longest full garbage collection after
`gc.freeze()` (a pause while serving), check p50 and throughput, and the p99
of 1,000-decision batches. Targets: issue #14. Timing is never asserted in tests.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

CHILD = r"""
import gc, json, resource, sys, time, random, csv
mode, target = sys.argv[1], sys.argv[2]
start = time.process_time(); wall = time.perf_counter()
out = {}
if mode == "parse":
    import yaml
    from pathlib import Path
    folder = Path(target)
    for p in sorted(folder.iterdir()):
        if p.suffix == ".csv":
            with open(p, encoding="utf-8", newline="") as h:
                for _ in csv.reader(h): pass
        elif p.suffix == ".yaml":
            yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
else:
    from gridrules.engine import Engine, Request
    engine = Engine.load(target, root="/") if mode == "folder" else Engine.from_snapshot(target)
    out["cpu"] = time.process_time() - start
    out["wall"] = time.perf_counter() - wall
    gc.collect(); gc.freeze()
    if mode == "snapshot" and len(sys.argv) > 3:
        t = time.perf_counter(); gc.collect(); out["gc_full_after_freeze"] = time.perf_counter() - t
        gc.unfreeze(); t = time.perf_counter(); gc.collect(); out["gc_full_unfrozen"] = time.perf_counter() - t
        gc.freeze()
        rng = random.Random(1)
        workers = list(engine._workers)
        grids = list(engine._ix.span)
        matters = sorted(engine._ix.matters)
        reqs = []
        for _ in range(20000):
            w = rng.choice(workers)
            home = engine._workers[w][1]
            reqs.append(Request(w, rng.choice(["handle", "report", "assist"]), rng.choice(matters),
                                home if rng.random() < 0.6 else rng.choice(grids)))
        for r in reqs[:2000]: engine.check(r)
        lat = []
        for r in reqs:
            t = time.perf_counter_ns(); engine.check(r); lat.append(time.perf_counter_ns() - t)
        lat.sort()
        out["check_p50_us"] = lat[len(lat)//2] / 1000
        t = time.perf_counter(); engine.check_many(reqs); out["checks_per_s"] = len(reqs) / (time.perf_counter() - t)
        batches = []
        for i in range(60):
            batch = reqs[(i * 1000) % 19000:(i * 1000) % 19000 + 1000]
            t = time.perf_counter(); [d.to_dict() for d in engine.check_many(batch)]
            batches.append(time.perf_counter() - t)
        batches.sort(); out["batch1000_p99_ms"] = batches[int(len(batches) * 0.99) - 1] * 1000
if "cpu" not in out:
    out["cpu"] = time.process_time() - start
    out["wall"] = time.perf_counter() - wall
out["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps(out))
"""


def child(mode: str, target: Path, *extra: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(target), *extra],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def median(runs: list[dict[str, float]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def generate(scale: str, out: Path) -> Path:
    city = out / f"chengdu-{scale}"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_registry.py"),
            "--scale",
            scale,
            "--out",
            str(city),
            "--extends",
            str(ROOT / "policies" / "chengdu"),
        ],
        check=True,
        capture_output=True,
    )
    return city


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", default="city")
    ap.add_argument("--city", type=Path, default=None)
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        city = args.city or generate(args.scale, work)
        snap = work / "city.grsnap"
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "gridrules.cli.main",
                "build",
                str(city),
                "-o",
                str(snap),
                "--root",
                "/",
                "--format",
                "json",
            ],
            check=True,
            capture_output=True,
            env={"PYTHONPATH": str(ROOT / "src"), "PATH": "/usr/bin:/bin"},
        )
        build_wall = time.perf_counter() - start
        parse = [child("parse", city) for _ in range(args.runs)]
        folder = [child("folder", city) for _ in range(args.runs)]
        snapshot = [child("snapshot", snap) for _ in range(args.runs)]
        serving = child("snapshot", snap, "serve")
        size = snap.stat().st_size
    p, f, s = (median(x, "cpu") for x in (parse, folder, snapshot))
    rows = [
        ("parse-only baseline (csv + PyYAML C)", p, median(parse, "rss_mb")),
        ("today: load + validate + compile", f, median(folder, "rss_mb")),
        ("snapshot load (verified)", s, median(snapshot, "rss_mb")),
    ]
    print(
        f"{city.name}: snapshot {size / 1e6:.1f} MB; "
        f"build (load + write + read back, wall, one run) {build_wall:.2f} s"
    )
    print(f"{'':40} {'CPU s':>8} {'× parse':>8} {'× today':>8} {'peak RSS MB':>12}")
    for name, cpu, rss in rows:
        print(f"{name:40} {cpu:8.2f} {cpu / p:8.2f} {cpu / f:8.2f} {rss:12.0f}")
    print("serving from the snapshot (gc.freeze() after load):")
    for key in (
        "gc_full_after_freeze",
        "gc_full_unfrozen",
        "check_p50_us",
        "checks_per_s",
        "batch1000_p99_ms",
    ):
        print(f"  {key:24} {serving[key]:,.4f}")


if __name__ == "__main__":
    main()
