"""Decision engine at city scale, side by side with Casbin itself and a naive pycasbin baseline.

    .venv/bin/python bench/engine_bench.py [--scale city|district] [--registry DIR] [--requests N]

city (default): generates a Chengdu-scale registry with scripts/generate_registry.py
(≈3,000 communities, ≈15,000 general grids, ≈100,000 micro grids, ≈150,000 workers,
extending policies/chengdu); district: the bundled policies/chengdu-wuhou.

Measured in one run, on one core, in-process:
- gridrules engine: Engine.load (load + validate, then compile + Casbin enforcer + index),
  memory, single-check latency p50/p99 and checks/s, batch throughput (check_many);
- Casbin enforcer: the same compiled model asked through pycasbin itself
  (Engine.check_casbin: FastEnforcer with the g2/g3 fix and the parsed-matcher cache);
- naive pycasbin: a plain `casbin.Enforcer` with one policy row per worker, grid,
  matter and action (r = sub, grid, matter, act), built for the district
  (policies/chengdu-wuhou); at city scale its per-check time is scaled by the ratio of
  rows the city would need (it cannot fit: the row count and memory are estimated),
  and the output says so.
The engine's answers are checked against the naive enforcer on a sample, so the
baseline encodes the same decisions.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

import casbin  # noqa: E402  (the naive baseline; gridrules itself wraps casbin in enforcer.py)
from casbin.persist import Adapter  # noqa: E402

from gridrules.conditions import JURISDICTION, OWN, tier_allows  # noqa: E402
from gridrules.engine import Engine, Request  # noqa: E402

DAY = dt.date(2025, 3, 1)
DISTRICT = ROOT / "policies" / "chengdu-wuhou"
NAIVE_MODEL = """[request_definition]
r = sub, grid, matter, act

[policy_definition]
p = sub, grid, matter, act

[policy_effect]
e = some(where (p.eft == allow))

[matchers]
m = r.sub == p.sub && r.grid == p.grid && r.matter == p.matter && r.act == p.act
"""
TARGETS = {
    "load": 20.0,  # s
    "memory": 1536.0,  # MB
    "p50": 15.0,  # µs
    "p99": 50.0,  # µs
    "batch": 100_000.0,  # checks/s
    "naive_ratio": 1000.0,
}


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def generate_city(out: Path) -> Path:
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


def make_requests(engine: Engine, n: int, seed: int = 1) -> list[Request]:
    """A dispatch platform's mix: workers asking about matters they mostly hold, mostly at home."""
    rng = random.Random(seed)
    policy = engine.policy
    workers = list(policy.workers)
    grids = [g.id for g in policy.grids]
    children: dict[str, list[str]] = {}
    for g in policy.grids:
        if g.parent:
            children.setdefault(g.parent, []).append(g.id)
    granted: dict[str, list[tuple[str, str]]] = {}
    for entry in engine._ix.emergency.values():
        granted.setdefault(entry.role, []).append((entry.action, entry.matter))
    matters = [m.id for m in policy.matters]
    actions = ["handle", "report", "assist", "dispatch", "supervise", "escalate"]
    out = []
    for _ in range(n):
        worker = rng.choice(workers)
        options = [pair for role in worker.roles for pair in granted.get(role, ())]
        if options and rng.random() < 0.8:
            action, matter = rng.choice(options)
        else:
            action, matter = rng.choice(actions), rng.choice(matters)
        grid = worker.grid
        roll = rng.random()
        if roll < 0.3:
            for _ in range(rng.randint(1, 3)):
                grid = rng.choice(children.get(grid, [grid]))
        elif roll < 0.4:
            grid = rng.choice(grids)
        mode = "emergency" if rng.random() < 0.1 else "normal"
        out.append(Request(worker.id, action, matter, grid, DAY, mode))
    return out


def latencies(fn, requests: list[Request]) -> list[float]:
    timer = time.perf_counter_ns
    out = []
    for request in requests:
        start = timer()
        fn(request)
        out.append((timer() - start) / 1000)
    return out


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


# --- the naive baseline -------------------------------------------------------------


class RowsAdapter(Adapter):
    def __init__(self, rows: list[list[str]]) -> None:
        self.rows = rows

    def load_policy(self, model) -> None:  # bulk: add_policy would be O(N²)
        model.model["p"]["p"].policy.extend(self.rows)


def naive_rows(engine: Engine, *, count_only: bool = False) -> tuple[list[list[str]], int]:
    """One row per (worker, grid in its scope, matter, action) the engine allows on DAY, normal mode."""
    ix = engine._ix
    epoch = engine.artifacts.epoch_of(DAY)
    policy = engine.policy
    below: dict[str, list[str]] = {}
    for g in policy.grids:
        below.setdefault(g.parent or "", []).append(g.id)

    def subtree(node: str) -> list[str]:
        out, stack = [], [node]
        while stack:
            current = stack.pop()
            out.append(current)
            stack.extend(below.get(current, ()))
        return out

    all_grids = [g.id for g in policy.grids]
    cache: dict[str, int | list[str]] = {}
    rows: list[list[str]] = []
    total = 0
    for worker in policy.workers:
        pairs = []
        for role in worker.roles:
            for entry in ix.by_role.get(role, ()):
                if entry.mode != "normal" or not ix.admitted(entry, epoch):
                    continue
                if not tier_allows(entry.action, entry.fits):
                    continue
                pairs.append((entry.scope, entry.action, entry.matter))
        for scope, action, matter in pairs:
            if scope == OWN:
                grids: list[str] | None = [worker.grid]
            elif scope == JURISDICTION:
                grids = all_grids
            else:
                key = worker.grid
                if count_only:
                    size = cache.get(key)
                    if size is None:
                        size = cache[key] = len(subtree(key))
                    total += size  # type: ignore[operator]
                    continue
                grids = subtree(key)
            if count_only:
                total += len(grids)
                continue
            for grid in grids:
                rows.append([worker.id, grid, matter, action])
    return rows, (total if count_only else len(rows))


def naive_baseline(district: Engine, requests: list[Request], samples: int) -> dict[str, float]:
    gc.collect()
    before = rss_mb()
    start = time.perf_counter()
    rows, n = naive_rows(district)
    model = casbin.Enforcer.new_model(text=NAIVE_MODEL)
    enforcer = casbin.Enforcer(model, RowsAdapter(rows))
    build = time.perf_counter() - start
    memory = rss_mb() - before
    picked = requests[:samples]
    times = []
    for request in picked:
        roles_grid = district._workers[request.principal]
        assert roles_grid
        t0 = time.perf_counter_ns()
        answer = enforcer.enforce(request.principal, request.grid, request.matter, request.action)
        times.append((time.perf_counter_ns() - t0) / 1000)
        want = district.check(
            Request(request.principal, request.action, request.matter, request.grid, DAY)
        )
        assert answer == want.allowed, (request, answer, want)
    return {
        "rows": n,
        "build": build,
        "memory": memory,
        "p50": pct(times, 0.5),
        "p99": pct(times, 0.99),
        "mean": statistics.fmean(times),
        "samples": len(times),
    }


# --- the run ---------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("city", "district"), default="city")
    parser.add_argument(
        "--registry", type=Path, help="an already generated city folder (skip generation)"
    )
    parser.add_argument("--requests", type=int, default=100_000)
    parser.add_argument("--casbin-samples", type=int, default=2_000)
    parser.add_argument("--naive-samples", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="gridrules-bench-") as tmp:
        if args.scale == "district":
            folder = DISTRICT
        elif args.registry:
            folder = args.registry
        else:
            print("generating the city registry …", flush=True)
            folder = generate_city(Path(tmp))
        gc.collect()
        rss_before = rss_mb()
        start = time.perf_counter()
        from gridrules.policy import load_policy

        result = load_policy(folder, root=ROOT)  # the city extends policies/chengdu
        if not result.ok:
            print("the benchmark policy does not validate:", file=sys.stderr)
            for problem in result.problems[:5]:
                print(f"  {problem.location}: {problem.code} {problem.message.en}", file=sys.stderr)
            return 2
        loaded = time.perf_counter()
        engine = Engine(result.policy, version="bench")
        built = time.perf_counter()
        memory = rss_mb() - rss_before
        load_peak = peak_mb()  # the process's peak so far: loading and building included
        policy = engine.policy
        print(
            f"{folder.name}: {len(policy.grids):,} registry nodes, {len(policy.workers):,} workers, "
            f"{len(policy.matters)} matters, {len(policy.roles)} roles; "
            f"{len(engine.artifacts.p_rows)} p-rows, {len(engine.artifacts.rows):,} Casbin rows in all",
            flush=True,
        )

        requests = make_requests(engine, args.requests)
        decisions = engine.check_many(requests[:20_000])
        allowed_share = sum(d.allowed for d in decisions) / len(decisions)

        gc.disable()  # timing: keep the collector's pauses out of single-check percentiles
        single = latencies(engine.check, requests)
        start_batch = time.perf_counter()
        engine.check_many(requests)
        batch_seconds = time.perf_counter() - start_batch
        casbin_times = latencies(engine.check_casbin, requests[: args.casbin_samples])
        gc.enable()

        # Casbin and the index agree on this run's requests, too.
        for request in requests[: args.casbin_samples]:
            assert engine.check(request).allowed == engine.check_casbin(request).allowed, request

        print("building the naive baseline on the district …", flush=True)
        district = engine if args.scale == "district" else Engine.load(DISTRICT, root=ROOT)
        district_requests = make_requests(district, 2_000, seed=9)
        naive = naive_baseline(
            district, [r for r in district_requests if r.mode == "normal"], args.naive_samples
        )
        if args.scale == "city":
            _, city_rows = naive_rows(engine, count_only=True)
            factor = city_rows / naive["rows"]
        else:
            city_rows, factor = naive["rows"], 1.0
        naive_mean = naive["mean"] * factor
        naive_memory = naive["memory"] * factor

    p50, p99, mean = pct(single, 0.5), pct(single, 0.99), statistics.fmean(single)
    batch = len(requests) / batch_seconds
    cas50, cas99, cas_mean = (
        pct(casbin_times, 0.5),
        pct(casbin_times, 0.99),
        statistics.fmean(casbin_times),
    )
    load_total = built - start
    scaled = "" if factor == 1.0 else f" (district ×{factor:,.1f})"

    rows = [
        ("load + validate (s)", f"{loaded - start:.2f}", "", "", ""),
        (
            "compile + enforcer + index (s)",
            f"{built - loaded:.2f}",
            "(included)",
            f"{naive['build']:.1f} (district)",
            "",
        ),
        (
            "load + compile total (s)",
            f"{load_total:.2f}",
            "",
            "",
            _ok(load_total <= TARGETS["load"], "≤ 20 s"),
        ),
        (
            "memory after load (MB)",
            f"{memory:,.0f}",
            "(included)",
            f"{naive_memory:,.0f}{scaled} est.",
            _ok(load_peak <= TARGETS["memory"], "≤ 1.5 GB"),
        ),
        ("peak RSS while loading (MB)", f"{load_peak:,.0f}", "", "", ""),
        ("peak RSS, whole run (MB)", f"{peak_mb():,.0f}", "", "(naive district in it)", ""),
        (
            "policy rows",
            f"{len(engine.artifacts.p_rows)} p",
            f"{len(engine.artifacts.p_rows)} p",
            f"{city_rows:,} p",
            "",
        ),
        (
            "single check p50 (µs)",
            f"{p50:.1f}",
            f"{cas50:.0f}",
            f"{naive['p50'] * factor:,.0f}{scaled}",
            _ok(p50 <= TARGETS["p50"], "≤ 15 µs"),
        ),
        (
            "single check p99 (µs)",
            f"{p99:.1f}",
            f"{cas99:.0f}",
            f"{naive['p99'] * factor:,.0f}{scaled}",
            _ok(p99 <= TARGETS["p99"], "≤ 50 µs"),
        ),
        (
            "single checks/s",
            f"{1e6 / mean:,.0f}",
            f"{1e6 / cas_mean:,.0f}",
            f"{1e6 / naive_mean:,.3f}",
            "",
        ),
        (
            "batch checks/s (check_many, 1 core)",
            f"{batch:,.0f}",
            "",
            "",
            _ok(batch >= TARGETS["batch"], "≥ 100,000/s"),
        ),
        (
            "throughput vs naive",
            f"{naive_mean / mean:,.0f}×",
            f"{naive_mean / cas_mean:,.0f}×",
            "1×",
            _ok(naive_mean / mean >= TARGETS["naive_ratio"], "≥ 1,000×"),
        ),
    ]
    print()
    print(
        f"scale: {args.scale}; {len(requests):,} requests ({allowed_share:.0%} allowed, 10% emergency), "
        f"judged on {DAY}; Casbin column on {len(casbin_times):,}, naive on {naive['samples']} requests"
    )
    print(
        "single-check latencies start with empty message caches (first-use costs included); "
        "batch runs afterwards over the same requests"
    )
    if factor != 1.0:
        print(
            f"naive pycasbin measured on the district ({naive['rows']:,} rows, {naive['build']:.1f} s to build) "
            f"and scaled by the city's row count ({city_rows:,} rows, ×{factor:,.1f}): it cannot fit a city"
        )
    header = ("metric", "gridrules engine", "Casbin enforcer", "naive pycasbin", "target")
    widths = [max(len(str(r[i])) for r in [header, *rows]) for i in range(5)]
    line = " | ".join(h.ljust(w) for h, w in zip(header, widths, strict=True))
    print(line)
    print("-|-".join("-" * w for w in widths))
    for row in rows:
        print(" | ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)))
    return 0


def _ok(passed: bool, target: str) -> str:
    return f"{'✓' if passed else '✗'} {target}"


if __name__ == "__main__":
    sys.exit(main())
