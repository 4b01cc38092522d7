"""Coverage at city scale: every leaf grid × every admitted matter, against the per-leaf baseline.

    .venv/bin/python bench/coverage_bench.py [--keep DIR] [--sample N]

Generates the city with scripts/generate_registry.py (≈116,000 registry nodes extending
policies/chengdu), loads it once, then times in the same run:

- `Engine.coverage` — leaves grouped by their line of tiers, each group judged once
  from the compiled tables (what `gridrules coverage` and rule GR610 do);
- the baseline: the same question asked leaf by leaf through `Engine.who_can` for
  report and for handle, on a random sample of leaves, scaled to the whole registry
  (asking it of every leaf would take hours, which is the point).

Prints the figures and the ratio baseline / coverage.
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

from gridrules.engine import Engine  # noqa: E402
from gridrules.policy import load_policy  # noqa: E402

DAY = dt.date(2026, 12, 1)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--keep", type=Path, default=None, help="generate the city here and keep it"
    )
    parser.add_argument(
        "--sample", type=int, default=200, help="leaves asked one by one (baseline)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        out = args.keep or Path(scratch)
        city = generate(out)
        start = time.perf_counter()
        result = load_policy(city, root="/")  # the city extends policies/chengdu
        assert result.policy is not None, result.problems[:3]
        engine = Engine(result.policy, self_check=0)
        load = time.perf_counter() - start
        policy = result.policy

        runs = []
        for _ in range(3):
            start = time.perf_counter()
            found = engine.coverage(DAY)
            runs.append(time.perf_counter() - start)
        runs.sort()
        fast = runs[1]
        normal = found.figures[0]

        parents = {g.parent for g in policy.grids if g.parent}
        leaves = [g.id for g in policy.grids if g.id not in parents]
        matters = [m.id for m in policy.matters]
        sample = random.Random(0).sample(leaves, min(args.sample, len(leaves)))
        start = time.perf_counter()
        for leaf in sample:
            for matter in matters:
                engine.who_can("report", matter, leaf, DAY)
                engine.who_can("handle", matter, leaf, DAY)
        per_leaf = (time.perf_counter() - start) / len(sample)
        baseline = per_leaf * len(leaves)

    print(
        f"city: {len(policy.grids):,} registry nodes, {len(policy.workers):,} workers "
        f"(load + validate + compile {load:.1f} s)"
    )
    print(
        f"leaf grids {found.leaves:,} in {found.lines} tier lines; "
        f"normal-mode matters {normal.matters}, pairs {normal.pairs:,}; gaps {len(found.gaps)}"
    )
    print(f"coverage (median of 3): {fast * 1000:.0f} ms")
    print(
        f"baseline who_can per leaf: {per_leaf * 1000:.1f} ms × {len(leaves):,} leaves "
        f"≈ {baseline:.0f} s (from {len(sample)} sampled leaves)"
    )
    print(f"ratio baseline / coverage: {baseline / fast:,.0f}×")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
