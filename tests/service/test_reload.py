"""Hot reload under load: a bounded stream of requests on loopback while the policy changes.

No request may fail, none may be answered by an invalid policy, and each answer
must be the one its stated version gives.
"""

from __future__ import annotations

import http.client
import json
import shutil
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx

from gridrules.service.app import AppConfig
from gridrules.service.holder import FolderSource, PolicyHolder
from gridrules.version import content_hash

from .support import ADMIN, CHECK, EXAMPLE_BASE, READ, running_app, serve_process, wait_until
from .test_holder import break_policy, drop_elderly_grant, rename

ELDERLY = {"principal": "W001", "action": "report", "matter": "elderly_visit", "grid": "S01C01G01"}
MAX_REQUESTS_PER_CLIENT = 2000
MAX_SECONDS = 30.0


def folder_version(folder: Path) -> str:
    return content_hash([str(p) for p in folder.iterdir() if p.suffix == ".yaml"])


class Load:
    """`clients` threads sending checks and batches until stopped (bounded in count and time)."""

    def __init__(self, url: str, clients: int = 3) -> None:
        self.url = url
        self.stop = threading.Event()
        self.answers: list[tuple[str, bool]] = []  # (version, elderly allowed)
        self.failures: list[Any] = []
        self.batches: list[set[str]] = []
        self._lock = threading.Lock()
        self.threads = [threading.Thread(target=self._run, args=(i,)) for i in range(clients)]

    def __enter__(self) -> Load:
        for t in self.threads:
            t.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        for t in self.threads:
            t.join(MAX_SECONDS + 10)

    def _run(self, index: int) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        with httpx.Client(base_url=self.url, headers=READ, timeout=10) as client:
            for n in range(MAX_REQUESTS_PER_CLIENT):
                if self.stop.is_set() or time.monotonic() > deadline:
                    return
                try:
                    if (n + index) % 4 == 0:
                        r = client.post("/v1/check/batch", json={"requests": [CHECK, ELDERLY] * 10})
                        body = r.json()
                        versions = {d["policy_version"] for d in body["decisions"]}
                        with self._lock:
                            self.batches.append(versions | {body["policy_version"]})
                            self.answers += [
                                (d["policy_version"], d["allowed"]) for d in body["decisions"][1::2]
                            ]
                    else:
                        r = client.post("/v1/check", json=ELDERLY)
                        body = r.json()
                        with self._lock:
                            self.answers.append((body["policy_version"], body["allowed"]))
                    if r.status_code != 200 or body.get("error") is True:
                        with self._lock:
                            self.failures.append((r.status_code, body))
                except Exception as exc:  # a dropped connection is a failure too
                    with self._lock:
                        self.failures.append(repr(exc))

    def count(self) -> int:
        with self._lock:
            return len(self.answers)

    def wait_for_more(self, n: int = 50) -> None:
        target = self.count() + n
        assert wait_until(lambda: self.count() >= target, 10), "load stalled"


def test_reload_under_load_never_fails_and_never_serves_an_invalid_policy(policy_dir: Path) -> None:
    holder = PolicyHolder(FolderSource(policy_dir))
    holder.reload("startup")
    version_a = holder.require().version
    config = AppConfig(watch=True, debounce_ms=30)
    with running_app(holder, config=config) as running, Load(running.url) as load:
        load.wait_for_more()

        # 1. a valid edit, picked up by the file watcher
        rename(policy_dir, "Example street B")
        assert wait_until(lambda: holder.require().version != version_a, 10), (
            "watcher did not reload"
        )
        version_b = holder.require().version
        load.wait_for_more()

        # 2. an invalid edit: rejected by the watcher and by the admin call; B keeps serving
        break_policy(policy_dir)
        version_invalid = folder_version(policy_dir)
        assert wait_until(lambda: holder.rejected is not None, 10), "invalid edit not noticed"
        r = running.client.post("/v1/admin/reload", headers=ADMIN)
        assert r.status_code == 422 and r.json()["status"] == "rejected"
        assert r.json()["version"] == version_b
        meta = running.client.get("/v1/policy", headers=READ).json()
        assert meta["policy"]["version"] == version_b
        assert meta["rejected"]["problems"] and meta["rejected"]["errors"] >= 1
        load.wait_for_more()

        # 3. fixed, and a grant removed: applied through the admin call
        shutil.copy(EXAMPLE_BASE / "roles.yaml", policy_dir / "roles.yaml")
        drop_elderly_grant(policy_dir)
        r = running.client.post("/v1/admin/reload", headers=ADMIN)
        assert r.status_code == 200, r.json()
        version_d = holder.require().version
        assert wait_until(lambda: any(v == version_d for v, _ in load.answers[-50:]), 10)
        load.wait_for_more()

    assert not load.failures, load.failures[:5]
    assert load.count() >= 400
    versions = {v for v, _ in load.answers}
    assert version_invalid not in versions
    assert versions <= {version_a, version_b, version_d}
    assert {version_b, version_d} <= versions
    # every answer is the one its version gives: B allows the elderly visit report, D does not
    for version, allowed in load.answers:
        assert allowed is (version != version_d), version
    # a batch is decided on one version, start to end
    assert all(len(v) == 1 for v in load.batches)


def test_sighup_and_admin_reload_reach_every_worker(policy_dir: Path) -> None:
    """`gridrules serve --workers 2`: SIGHUP on the supervisor and an admin call both fan out."""
    with (
        serve_process([str(policy_dir), "--workers", "2", "--no-watch"]) as served,
        httpx.Client(base_url=served.url, headers=READ, timeout=10) as client,
    ):

        def versions(n: int = 40) -> set[str]:
            # a new connection each time, so both workers get asked
            host, port = served.url.removeprefix("http://").split(":")
            out = set()
            for _ in range(n):
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                try:
                    conn.request("POST", "/v1/check", json.dumps(ELDERLY), READ)
                    out.add(json.loads(conn.getresponse().read())["policy_version"])
                finally:
                    conn.close()
            return out

        first = versions()
        assert len(first) == 1
        rename(policy_dir, "After SIGHUP")
        served.proc.send_signal(signal.SIGHUP)
        expected = folder_version(policy_dir)
        assert wait_until(lambda: versions(10) == {expected}, 10), served.log
        rename(policy_dir, "After admin")
        r = client.post("/v1/admin/reload", headers=ADMIN)
        assert r.status_code == 200
        expected = folder_version(policy_dir)
        assert wait_until(lambda: versions(10) == {expected}, 10), served.log
        metrics = client.get("/metrics").text
        assert "gridrules_decisions_total" in metrics
