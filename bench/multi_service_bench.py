"""A service holding every bundled jurisdiction and a generated city, over HTTP, in one run.

    python bench/multi_service_bench.py            # bundled policies + a city (≈116k nodes)
    python bench/multi_service_bench.py --scale district --runs 1

What it does (issue #14, "many jurisdictions in one service"):

1. copies policies/ to a temporary folder and generates a city there
   (scripts/generate_registry.py, extending the copied chengdu), then compiles
   every jurisdiction to a `.grsnap` snapshot (`Engine.load` + `write_snapshot`);
2. starts `gridrules serve SNAPSHOTS/` (one service, every jurisdiction) in a
   fresh process, --runs times, and measures the start: spawn → /readyz 200;
   once also from the folders (today's load path: load + validate + compile);
3. sends 1,000-decision batches to /v1/jurisdictions/{city}/check/batch (and to
   a bundled district) over one keep-alive connection: p50 / p99;
4. records every garbage collection in the serving process (gc.callbacks,
   written at exit) and reports the longest pause while serving.

Targets: start ≤ 3 s from snapshots, no GC pause over 10 ms while serving, a
1,000-decision batch p99 ≤ 100 ms. Timing is never asserted in tests.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

TOKEN = "bench-token-0123456789abcdef"

# runs `gridrules serve` with a garbage-collection recorder (pauses written at exit)
SERVE = r"""
import atexit, gc, json, os, sys, time
out = sys.argv[1]
if os.environ.get("BENCH_NO_GC_FREEZE"):  # the comparison run: today's serve, never frozen
    gc.freeze = lambda: None
pauses = []
started = [0.0]
def record(phase, info):
    if phase == "start":
        started[0] = time.perf_counter()
    else:
        pauses.append((time.time(), info["generation"], time.perf_counter() - started[0]))
gc.callbacks.append(record)
def dump():
    with open(out, "w") as f:
        json.dump(pauses, f)
atexit.register(dump)
from gridrules.cli.main import main
sys.exit(main(sys.argv[2:]))
"""


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def prepare(work: Path, scale: str) -> tuple[Path, Path, str]:
    """(folders, snapshots, city id): the bundled policies and a generated city, both ways."""
    from gridrules.engine import Engine
    from gridrules.snapshot.build import write_snapshot

    folders = work / "folders"
    shutil.copytree(ROOT / "policies", folders)
    city = folders / f"chengdu-{scale}"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "generate_registry.py"),
            "--scale",
            scale,
            "--out",
            str(city),
            "--extends",
            str(folders / "chengdu"),
        ],
        check=True,
        capture_output=True,
    )
    snapshots = work / "snapshots"
    snapshots.mkdir()
    from gridrules.validate import jurisdiction_folders

    city_id = ""
    for folder in jurisdiction_folders(folders):
        engine = Engine.load(folder, root=folders)
        write_snapshot(engine, snapshots / f"{folder.name}.grsnap")
        if folder == city:
            city_id = engine.policy.jurisdiction.id
    return folders, snapshots, city_id


class Server:
    """`gridrules serve PATH` in a fresh process, with its GC pauses recorded."""

    def __init__(self, path: Path, work: Path, *, freeze: bool = True) -> None:
        self.port = free_port()
        self.gc_file = work / f"gc-{self.port}.json"
        env = {**os.environ, "GRIDRULES_TOKENS": TOKEN, "PYTHONPATH": str(ROOT / "src")}
        if not freeze:
            env["BENCH_NO_GC_FREEZE"] = "1"
        self.spawned = time.perf_counter()
        self.proc = subprocess.Popen(
            [
                *(sys.executable, "-c", SERVE, str(self.gc_file), "serve", str(path)),
                *("--no-watch", "--port", str(self.port), "--log-level", "warning"),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        self.start_seconds = self._wait_ready()
        self.ready_at = time.time()

    def _wait_ready(self, timeout: float = 300) -> float:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"serve exited: {self.proc.stderr.read().decode()[-2000:]}")  # type: ignore[union-attr]
            try:
                conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=2)
                conn.request("GET", "/readyz")
                if conn.getresponse().status == 200:
                    return time.perf_counter() - self.spawned
            except OSError:
                pass
            time.sleep(0.02)
        raise RuntimeError("serve did not become ready")

    def get(self, path: str) -> Any:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        conn.request("GET", path, headers={"Authorization": f"Bearer {TOKEN}"})
        return json.loads(conn.getresponse().read())

    def peak_rss_mb(self) -> float:
        """The serving process's peak resident memory (VmHWM), in MB."""
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
        return 0.0

    def stop(self) -> list[tuple[float, int, float]]:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.wait(30)
        pauses: list[tuple[float, int, float]] = json.loads(self.gc_file.read_text())
        return pauses


def batch_bodies(snapshot: Path, n_batches: int, seed: int) -> list[bytes]:
    """1,000-request batches over the jurisdiction's own workers, grids and matters."""
    from gridrules.engine import Engine

    engine = Engine.from_snapshot(snapshot)
    rng = random.Random(seed)
    workers = list(engine._workers)
    grids = list(engine._ix.span)
    matters = sorted(engine._ix.matters)
    bodies = []
    for _ in range(n_batches):
        requests = []
        for _ in range(1000):
            w = rng.choice(workers)
            home = engine._workers[w][1]
            grid = home if rng.random() < 0.6 else rng.choice(grids)
            action = rng.choice(["handle", "report", "assist"])
            requests.append(
                {"principal": w, "action": action, "matter": rng.choice(matters), "grid": grid}
            )
        bodies.append(json.dumps({"requests": requests}).encode())
    return bodies


def post_batches(port: int, path: str, bodies: list[bytes]) -> list[float]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    seconds = []
    for i, body in enumerate(bodies * 2):
        started = time.perf_counter()
        conn.request("POST", path, body, headers)
        response = conn.getresponse()
        data = response.read()
        if response.status != 200:
            raise RuntimeError(f"{path}: {response.status} {data[:200]!r}")
        if i >= len(bodies) // 4:  # the first quarter warms up (fragment cache, children)
            seconds.append(time.perf_counter() - started)
    return seconds


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * q))]


def main() -> None:
    ap = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    ap.add_argument("--scale", default="city")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--batches", type=int, default=100)
    ap.add_argument("--no-folders", action="store_true", help="skip the start from folders")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="gridrules-multi-bench-") as tmp:
        work = Path(tmp)
        t = time.perf_counter()
        folders, snapshots, city_id = prepare(work, args.scale)
        print(
            f"prepared {len(list(snapshots.iterdir()))} snapshots in "
            f"{time.perf_counter() - t:.1f} s (city: {city_id})"
        )
        starts = []
        for _ in range(max(1, args.runs - 1)):
            start_only = Server(snapshots, work)  # only its start is measured
            starts.append(start_only.start_seconds)
            start_only.stop()
        # the measured run: start, list, batches, GC pauses
        server = Server(snapshots, work)
        starts.append(server.start_seconds)
        listed = server.get("/v1/jurisdictions")["jurisdictions"]
        try:
            city_bodies = batch_bodies(snapshots / f"chengdu-{args.scale}.grsnap", args.batches, 1)
            small_bodies = batch_bodies(snapshots / "chengdu-wuhou.grsnap", args.batches, 2)
            city_lat = post_batches(
                server.port, f"/v1/jurisdictions/{city_id}/check/batch", city_bodies
            )
            small_lat = post_batches(
                server.port, "/v1/jurisdictions/chengdu_wuhou/check/batch", small_bodies
            )
        finally:
            rss = server.peak_rss_mb()
            pauses = server.stop()
        serving = [p for p in pauses if p[0] >= server.ready_at]
        # the same load on a service that never freezes (what serve did before)
        unfrozen = Server(snapshots, work, freeze=False)
        try:
            unfrozen_lat = post_batches(
                unfrozen.port, f"/v1/jurisdictions/{city_id}/check/batch", city_bodies
            )
        finally:
            unfrozen_pauses = [p for p in unfrozen.stop() if p[0] >= unfrozen.ready_at]
        folder_start = None
        if not args.no_folders:
            from_folders = Server(folders, work)
            folder_start = from_folders.start_seconds
            from_folders.stop()
    out = {
        "jurisdictions": len(listed),
        "start_from_snapshots_s_median": round(statistics.median(starts), 3),
        "start_from_snapshots_s_runs": [round(s, 3) for s in starts],
        "start_from_folders_s": round(folder_start, 3) if folder_start else None,
        "start_ratio_folders_over_snapshots": (
            round(folder_start / statistics.median(starts), 1) if folder_start else None
        ),
        "service_peak_rss_mb": round(rss),
        "city_batch1000_p50_ms": round(pct(city_lat, 0.5) * 1000, 1),
        "city_batch1000_p99_ms": round(pct(city_lat, 0.99) * 1000, 1),
        "district_batch1000_p50_ms": round(pct(small_lat, 0.5) * 1000, 1),
        "district_batch1000_p99_ms": round(pct(small_lat, 0.99) * 1000, 1),
        "batches_timed_per_jurisdiction": len(city_lat),
        "gc_collections_while_serving": len(serving),
        "gc_full_collections_while_serving": sum(1 for p in serving if p[1] == 2),
        "gc_max_pause_while_serving_ms": round(max((p[2] for p in serving), default=0) * 1000, 2),
        "gc_max_full_pause_while_serving_ms": round(
            max((p[2] for p in serving if p[1] == 2), default=0) * 1000, 2
        ),
        "unfrozen_city_batch1000_p99_ms": round(pct(unfrozen_lat, 0.99) * 1000, 1),
        "unfrozen_gc_max_pause_while_serving_ms": round(
            max((p[2] for p in unfrozen_pauses), default=0) * 1000, 2
        ),
        "unfrozen_gc_full_collections_while_serving": sum(1 for p in unfrozen_pauses if p[1] == 2),
        "gc_max_pause_at_startup_ms": round(
            max((p[2] for p in pauses if p[0] < server.ready_at), default=0) * 1000, 2
        ),
    }
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
