"""Slow clients (issue 11): header and body timeouts, and a connection cap under the fd limit.

Loopback only, a fixed number of connections, each test stops by itself within ~20 s.
"""

from __future__ import annotations

import resource
from pathlib import Path

import httpx

from .slow_clients import Trickler, good_requests, open_slow
from .support import CHECK, READ, serve_process


def test_trickling_headers_and_bodies_are_cut_off(policy_dir: Path) -> None:
    args = [str(policy_dir), "--no-watch", "--header-timeout", "2", "--body-timeout", "3"]
    with serve_process(args) as served:
        slow = open_slow(served.url, 40) + open_slow(served.url, 40, body=True)
        with Trickler(slow, every=2.0) as trickle:
            # 80 connections sending a byte every 2 s; all cut off within the timeouts + a sweep
            for _ in range(40):
                if not trickle.open:
                    break
                trickle._stop.wait(0.25)
                trickle.poll()
            assert not trickle.open, f"{len(trickle.open)} of 80 slow connections still open"
            assert min(trickle.closed_at) >= 1.5  # by the deadline, not at once
            assert max(trickle.closed_at) <= 8.0
        assert httpx.post(served.url + "/v1/check", json=CHECK, headers=READ).status_code == 200


def _nofile_256() -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, (256, 256))


def test_300_slow_connections_at_256_descriptors_do_not_stop_good_requests(
    policy_dir: Path,
) -> None:
    with serve_process([str(policy_dir), "--no-watch"], preexec_fn=_nofile_256) as served:
        slow = open_slow(served.url, 300)
        with Trickler(slow, every=2.0):
            result = good_requests(served.url, CHECK, READ, seconds=6)
        print(f"\n300 slow connections at 256 descriptors: {result.summary()}")
        assert result.sent >= 20
        assert result.success >= 0.95, result.summary()
        assert "Traceback" not in served.log
