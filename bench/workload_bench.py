"""Workload at city scale: hours a month per worker and grid, against a naive per-worker loop.

    .venv/bin/python bench/workload_bench.py [--keep DIR] [--sample N]

Generates the city with scripts/generate_registry.py --scale city (extending
policies/chengdu, whose schedules.yaml applies), loads it once, then times in
the same run:

- `gridrules.workload.compute` — registry counts rolled up once per unit in one
  post-order pass, then each worker × its roles' schedules (what
  `gridrules workload` and rules GR850–GR852 use);
- `gridrules workload --format json` end to end on the loaded policy (report built);
- the baseline: per worker, per schedule, the count summed by walking the
  worker's subtree and the co-holders counted by scanning the roster, on a
  random sample of workers, scaled to the whole roster.

Prints the figures and the ratio baseline / compute; checks both give the same hours.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))

from validate_bench import generate  # noqa: E402

from gridrules.model import Policy, Worker  # noqa: E402
from gridrules.policy import load_policy  # noqa: E402
from gridrules.workload import compute  # noqa: E402
from gridrules.workload.model import FIXED, active_schedules, own_count, runs_per_month  # noqa: E402
from gridrules.workload.report import as_dict, as_json  # noqa: E402

DAY = dt.date(2026, 12, 1)


def naive_hours(policy: Policy, worker: Worker) -> float:
    """One worker's hours the slow way: walk the subtree and scan the roster every time."""
    active, _ = active_schedules(policy, DAY)
    hours = 0.0
    for role in worker.roles:
        holders = sum(1 for w in policy.workers if w.grid == worker.grid and role in w.roles)
        for s in (x for x in active if x.role == role):
            if s.per == FIXED:
                n = 1.0
            else:
                n = subtree_count(policy, worker.grid, s.per) / max(holders, 1)
            hours += runs_per_month(s) * n * s.minutes / 60.0
    return hours


def subtree_count(policy: Policy, gid: str, unit: str) -> float:
    node = policy.grid_by_id.get(gid)
    if node is None:
        return 0.0
    own = own_count(node, unit)
    if own is not None:
        return own
    return sum(subtree_count(policy, g.id, unit) for g in policy.grids if g.parent == gid)


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--keep", type=Path, default=None, help="generate the city here")
    parser.add_argument("--sample", type=int, default=50, help="workers for the baseline")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        city = generate(args.keep or Path(scratch))
        start = time.perf_counter()
        result = load_policy(city, root="/")
        policy = result.policy if result.policy is not None else result.built
        assert policy is not None, result.problems[:3]
        loaded = time.perf_counter() - start
        runs = []
        for _ in range(3):
            start = time.perf_counter()
            load = compute(policy, DAY)
            runs.append(time.perf_counter() - start)
        fast = min(runs)
        start = time.perf_counter()
        text = as_json(as_dict(policy, load))
        report = time.perf_counter() - start
        by_id = {w.worker: w for w in load.workers}
        scheduled = [w for w in policy.workers if w.id in by_id]
        sample = random.Random(7).sample(scheduled, min(args.sample, len(scheduled)))
        start = time.perf_counter()
        for w in sample:
            slow = naive_hours(policy, w)
            assert abs(slow - by_id[w.id].hours) < 1e-6, (w.id, slow, by_id[w.id].hours)
        per_worker = (time.perf_counter() - start) / max(len(sample), 1)
        naive = per_worker * len(scheduled)
        print(f"city: {len(policy.grids):,} registry nodes, {len(policy.workers):,} workers")
        print(f"load + validate          {loaded:8.2f} s")
        print(
            f"workload.compute         {fast:8.3f} s  ({len(load.workers):,} workers with duties)"
        )
        print(f"report as JSON           {report:8.3f} s  ({len(text) / 1e6:.1f} MB)")
        print(f"naive per-worker loop    {naive:8.1f} s  (scaled from {len(sample)} workers)")
        print(f"ratio naive / compute    {naive / fast:8.0f}×")
    return 0


if __name__ == "__main__":
    sys.exit(main())
