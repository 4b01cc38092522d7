"""Slow clients on loopback, bounded in number and time: trickle a request, a byte at a time."""

from __future__ import annotations

import contextlib
import select
import socket
import statistics
import threading
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from .support import READ_TOKEN

HEAD = b"POST /v1/check HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * 4096
BODY_HEAD = (
    b"POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n"
    b"Authorization: Bearer " + READ_TOKEN.encode() + b"\r\n\r\n"
)


def _address(url: str) -> tuple[str, int]:
    parts = urlsplit(url)
    assert parts.hostname is not None and parts.port is not None
    return parts.hostname, parts.port


def open_slow(url: str, count: int, *, body: bool = False) -> list[socket.socket]:
    """`count` connections that sent the first byte of a request (or its headers, `body=True`)."""
    out = []
    for _ in range(count):
        s = socket.create_connection(_address(url), timeout=5)
        s.setblocking(False)
        with contextlib.suppress(OSError):
            s.send(BODY_HEAD if body else HEAD[:1])
        out.append(s)
    return out


def closed_by_peer(s: socket.socket) -> bool:
    readable, _, _ = select.select([s], [], [], 0)
    if not readable:
        return False
    try:
        return s.recv(65536) == b"" or True  # EOF, or an error answer before the close
    except BlockingIOError:
        return False
    except OSError:
        return True


class Trickler:
    """Send one more byte on every open slow connection every `every` seconds, in a thread."""

    def __init__(self, sockets: list[socket.socket], every: float = 2.0) -> None:
        self.open = list(sockets)
        self.sent = {s: 1 for s in sockets}  # header sockets sent HEAD[:1]; body ones, a head
        self.closed_at: list[float] = []
        self.every = every
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.started = time.monotonic()

    def __enter__(self) -> Trickler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(10)
        for s in self.open:
            s.close()

    def _run(self) -> None:
        while not self._stop.is_set() and self.open:
            self.poll()
            for s in list(self.open):
                n = self.sent[s]
                self.sent[s] = n + 1
                try:
                    s.send(HEAD[n : n + 1] or b"a")
                except OSError:
                    self._closed(s)
            self._stop.wait(self.every)

    def poll(self) -> None:
        for s in list(self.open):
            if closed_by_peer(s):
                self._closed(s)

    def _closed(self, s: socket.socket) -> None:
        if s in self.open:
            self.open.remove(s)
            self.closed_at.append(time.monotonic() - self.started)
            s.close()


@dataclass
class GoodRequests:
    sent: int
    ok: int
    latencies_ms: list[float]

    @property
    def success(self) -> float:
        return self.ok / self.sent if self.sent else 0.0

    def summary(self) -> str:
        lat = sorted(self.latencies_ms) or [float("nan")]
        p95 = lat[min(len(lat) - 1, int(len(lat) * 0.95))]
        return (
            f"{self.ok}/{self.sent} good requests answered ({self.success:.0%}); latency "
            f"median {statistics.median(lat):.1f} ms, p95 {p95:.1f} ms, max {lat[-1]:.1f} ms"
        )


def good_requests(
    url: str, body: dict[str, str], headers: dict[str, str], *, seconds: float, every: float = 0.1
) -> GoodRequests:
    """A new connection per request (the costly case), one every `every` s for `seconds` s."""
    sent = ok = 0
    latencies = []
    deadline = time.monotonic() + seconds
    no_keepalive = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(timeout=3, limits=no_keepalive) as client:
        while time.monotonic() < deadline:
            sent += 1
            started = time.perf_counter()
            try:
                r = client.post(url + "/v1/check", json=body, headers=headers)
                if r.status_code == 200 and r.json().get("allowed") is True:
                    ok += 1
                    latencies.append((time.perf_counter() - started) * 1000)
            except httpx.HTTPError:
                pass
            time.sleep(every)
    return GoodRequests(sent, ok, latencies)
