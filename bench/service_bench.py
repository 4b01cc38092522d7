"""The decision service on loopback: single and batch checks, requests/s and p50/p99 latency.

    .venv/bin/python bench/service_bench.py [--seconds 8] [--connections 16] [--batch 1000]
                                            [--workers 1 2] [--policy DIR]

Starts `gridrules serve` (uvloop + httptools) on a free loopback port for each
worker count, and drives it with a bounded closed-loop load generator in this
process: raw HTTP/1.1 keep-alive connections on uvloop, each sending its next
request when the previous answer is complete (so latency is measured without
queueing in the client). Every answer's status is checked. Bounded: at most
`--seconds` per run and `--max-requests` requests.

Baseline, in the same run on the same machine: the in-process `Engine.check`
and `Engine.check_many` over the same requests; the service figures are shown
as ratios of it. The client shares the 2 cores with the server, so the service
figures are a lower bound of what a separate client machine would see.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from gridrules.decision import Request  # noqa: E402
from gridrules.engine import Engine  # noqa: E402

TOKEN = "bench-token-0123456789abcdef"
REQUESTS = [  # allowed, denied (no grant), allowed (subtree), excluded, unknown principal
    {"principal": "W001", "action": "handle", "matter": "neighbour_dispute", "grid": "S01C01G01"},
    {"principal": "W001", "action": "handle", "matter": "rental_safety", "grid": "S01C01G02"},
    {"principal": "W003", "action": "dispatch", "matter": "rental_safety", "grid": "S01C01G02"},
    {
        "principal": "W002",
        "action": "report",
        "matter": "investment_promotion",
        "grid": "S01C01G02",
    },
    {"principal": "W009", "action": "report", "matter": "elderly_visit", "grid": "S01C01G01"},
]


def percentile(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# --- in-process baseline ------------------------------------------------------


def engine_baseline(policy: Path, seconds: float) -> dict[str, float]:
    engine = Engine.load(policy)
    requests = [Request.from_dict(r) for r in REQUESTS]
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds / 2
    n = 0
    while time.perf_counter() < deadline and n < 2_000_000:
        request = requests[n % len(requests)]
        t = time.perf_counter()
        engine.check(request)
        latencies.append(time.perf_counter() - t)
        n += 1
    single_rate = n / sum(latencies)
    batch = requests * 2000
    start = time.perf_counter()
    rounds = 0
    while time.perf_counter() - start < seconds / 2 and rounds < 1000:
        engine.check_many(batch)
        rounds += 1
    batch_rate = rounds * len(batch) / (time.perf_counter() - start)
    return {
        "single_rate": single_rate,
        "p50": percentile(latencies, 50),
        "p99": percentile(latencies, 99),
        "batch_rate": batch_rate,
    }


# --- load generator -----------------------------------------------------------


@dataclass
class RunResult:
    requests: int
    seconds: float
    latencies: list[float]
    errors: int
    wrk: dict[str, float] | None = None

    def p(self, q: int) -> float:
        if self.wrk is not None:
            return self.wrk[f"{q}%"]
        return percentile(self.latencies, q)

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


class _Conn(asyncio.Protocol):
    """One keep-alive connection: send, wait for the whole answer, record, send the next."""

    def __init__(self, payloads: list[bytes], state: dict, done: asyncio.Future) -> None:
        self.payloads = payloads
        self.state = state
        self.done = done
        self.buffer = bytearray()
        self.i = 0
        self.sent_at = 0.0

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self._send()

    def _send(self) -> None:
        st = self.state
        if st["sent"] >= st["max"] or time.perf_counter() >= st["deadline"]:
            self.transport.close()
            if not self.done.done():
                self.done.set_result(None)
            return
        st["sent"] += 1
        payload = self.payloads[self.i % len(self.payloads)]
        self.i += 1
        self.sent_at = time.perf_counter()
        self.transport.write(payload)  # type: ignore[attr-defined]

    def data_received(self, data: bytes) -> None:
        self.buffer += data
        head_end = self.buffer.find(b"\r\n\r\n")
        if head_end < 0:
            return
        head = bytes(self.buffer[:head_end]).lower()
        start = head.find(b"content-length:")
        length = int(
            head[start + 15 : head.find(b"\r\n", start) if head.find(b"\r\n", start) > 0 else None]
        )
        if len(self.buffer) < head_end + 4 + length:
            return
        st = self.state
        st["latencies"].append(time.perf_counter() - self.sent_at)
        if not head.startswith(b"http/1.1 200"):
            st["errors"] += 1
        del self.buffer[: head_end + 4 + length]
        self._send()

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.done.done():
            self.done.set_result(None)


def _payload(path: str, body: bytes, port: int) -> bytes:
    return (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {TOKEN}\r\n"
        f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    ).encode() + body


async def _drive(
    port: int, payloads: list[bytes], connections: int, seconds: float, max_requests: int
) -> RunResult:
    loop = asyncio.get_running_loop()
    state = {
        "sent": 0,
        "max": max_requests,
        "deadline": time.perf_counter() + seconds,
        "latencies": [],
        "errors": 0,
    }
    done = [loop.create_future() for _ in range(connections)]
    start = time.perf_counter()
    for i in range(connections):
        rotated = payloads[i % len(payloads) :] + payloads[: i % len(payloads)]
        await loop.create_connection(
            lambda f=done[i], p=rotated: _Conn(p, state, f), "127.0.0.1", port
        )
    await asyncio.wait_for(asyncio.gather(*done), seconds + 30)
    elapsed = time.perf_counter() - start
    return RunResult(len(state["latencies"]), elapsed, state["latencies"], state["errors"])


def drive(
    port: int, payloads: list[bytes], connections: int, seconds: float, max_requests: int
) -> RunResult:
    try:
        import uvloop

        runner = uvloop.run
    except ImportError:  # pragma: no cover
        runner = asyncio.run
    return runner(_drive(port, payloads, connections, seconds, max_requests))


def drive_wrk(
    port: int, path: str, bodies: list[bytes], connections: int, seconds: float
) -> RunResult:
    """The same load with wrk (Debian's `wrk`, C): a client that barely competes for the CPU.

    Each connection cycles through `bodies`, like the built-in generator.
    """
    lua_bodies = ", ".join(json.dumps(b.decode()) for b in bodies)
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            f"local bodies = {{{lua_bodies}}}\n"
            "local i = 0\n"
            "local headers = {}\n"
            'headers["Content-Type"] = "application/json"\n'
            f'headers["Authorization"] = "Bearer {TOKEN}"\n'
            "request = function()\n"
            "  i = i % #bodies + 1\n"
            '  return wrk.format("POST", nil, headers, bodies[i])\n'
            "end\n"
        )
    try:
        out = subprocess.run(
            [
                "wrk",
                "-t1",
                f"-c{connections}",
                f"-d{max(1, round(seconds))}s",
                "--latency",
                "-s",
                script.name,
                f"http://127.0.0.1:{port}{path}",
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        os.unlink(script.name)
    figures = {}
    errors = 0
    for line in out.splitlines():
        parts = line.split()
        if line.strip().startswith(("50%", "99%")):
            figures[parts[0]] = _wrk_seconds(parts[1])
        elif line.startswith("Requests/sec:"):
            figures["rate"] = float(parts[1])
        elif "Non-2xx" in line or line.strip().startswith("Socket errors"):
            errors += sum(int(x.strip(",")) for x in parts if x.strip(",").isdigit())
    seconds_run = max(1, round(seconds))
    count = int(figures["rate"] * seconds_run)
    # wrk reports percentiles, not samples: keep them as a two-point distribution
    return RunResult(count, seconds_run, [figures["50%"], figures["99%"]], errors, wrk=figures)


def _wrk_seconds(text: str) -> float:
    for unit, factor in (("us", 1e-6), ("ms", 1e-3), ("s", 1.0)):
        if text.endswith(unit):
            return float(text[: -len(unit)]) * factor
    return float(text)


# --- the server -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, policy: Path, workers: int, max_batch: int) -> None:
        self.port = free_port()
        gridrules = str(Path(sys.executable).with_name("gridrules"))
        env = {**os.environ, "GRIDRULES_TOKENS": TOKEN}
        self.proc = subprocess.Popen(
            [
                gridrules,
                "serve",
                str(policy),
                "--port",
                str(self.port),
                "--workers",
                str(workers),
                "--no-watch",
                "--log-level",
                "warning",
                "--max-batch",
                str(max_batch),
                "--max-body",
                str(64 * 1024 * 1024),
            ],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise SystemExit(f"gridrules serve exited: {self.proc.stderr.read().decode()}")  # type: ignore[union-attr]
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
                    s.sendall(b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
                    if b" 200 " in s.recv(1024):
                        break
            except OSError:
                pass
            time.sleep(0.1)
        time.sleep(0.5 * workers)  # let every worker finish starting

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait(5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=8.0, help="per run (bounded)")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--batch", type=int, default=1000, help="checks per batch request")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--max-requests", type=int, default=500_000)
    parser.add_argument("--policy", type=Path, default=ROOT / "src/gridrules/rules/example_base")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON too")
    parser.add_argument(
        "--client",
        choices=["auto", "wrk", "python"],
        default="auto",
        help="load generator: wrk if installed (apt-get install wrk), else the built-in one",
    )
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="gridrules-bench-"))
    policy = work / "policy"
    shutil.copytree(args.policy, policy)
    try:
        base = engine_baseline(policy, min(args.seconds, 6))
        print(
            f"in-process Engine.check       {base['single_rate']:>10,.0f} checks/s   "
            f"p50 {base['p50'] * 1e6:6.1f} µs  p99 {base['p99'] * 1e6:6.1f} µs"
        )
        print(f"in-process Engine.check_many  {base['batch_rate']:>10,.0f} decisions/s")
        client = args.client
        if client == "auto":
            client = "wrk" if shutil.which("wrk") else "python"
        print(
            f"load generator: {client}, {args.connections} connections, {args.seconds:g} s per run"
        )
        rows = []
        for workers in args.workers:
            server = Server(policy, workers, max(args.batch, 10_000))
            try:
                single = [
                    _payload("/v1/check", json.dumps(r).encode(), server.port) for r in REQUESTS
                ]
                batch_body = json.dumps(
                    {"requests": (REQUESTS * (args.batch // len(REQUESTS) + 1))[: args.batch]}
                ).encode()
                batch = [_payload("/v1/check/batch", batch_body, server.port)]
                drive(server.port, single, 4, 1.0, 5000)  # warm up
                if client == "wrk":
                    s = drive_wrk(
                        server.port,
                        "/v1/check",
                        [json.dumps(r).encode() for r in REQUESTS],
                        args.connections,
                        args.seconds,
                    )
                    b = drive_wrk(
                        server.port,
                        "/v1/check/batch",
                        [batch_body],
                        max(2, workers * 2),
                        args.seconds,
                    )
                else:
                    s = drive(
                        server.port, single, args.connections, args.seconds, args.max_requests
                    )
                    b = drive(
                        server.port, batch, max(2, workers * 2), args.seconds, args.max_requests
                    )
            finally:
                server.stop()
            rows.append((workers, s, b))
            print(
                f"service, {workers} worker{'s' if workers > 1 else ' '}   single  {s.rate:>10,.0f} checks/s   "
                f"({s.rate / workers:,.0f}/worker)  p50 {s.p(50) * 1e3:5.2f} ms  "
                f"p99 {s.p(99) * 1e3:5.2f} ms  errors {s.errors}  "
                f"= {s.rate / base['single_rate']:.3f} × in-process"
            )
            print(
                f"service, {workers} worker{'s' if workers > 1 else ' '}   batch   {b.rate * args.batch:>10,.0f} decisions/s "
                f"({b.rate:,.1f} batches of {args.batch}/s)  p50 {b.p(50) * 1e3:6.1f} ms  "
                f"p99 {b.p(99) * 1e3:6.1f} ms  errors {b.errors}  "
                f"= {b.rate * args.batch / base['batch_rate']:.3f} × in-process"
            )
        if args.json:
            print(
                json.dumps(
                    {
                        "engine": base,
                        "service": [
                            {
                                "workers": w,
                                "single_rate": s.rate,
                                "single_p50": s.p(50),
                                "single_p99": s.p(99),
                                "batch_decisions_rate": b.rate * args.batch,
                                "batch_p50": b.p(50),
                                "batch_p99": b.p(99),
                                "errors": s.errors + b.errors,
                                "client": client,
                            }
                            for w, s, b in rows
                        ],
                    },
                    indent=2,
                )
            )
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
