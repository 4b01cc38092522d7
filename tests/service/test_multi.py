"""Many jurisdictions in one service: routing, independent reloads under load, tokens, labels."""

from __future__ import annotations

import contextlib
import gc
import json
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from gridrules.engine import Engine
from gridrules.service.app import AppConfig
from gridrules.service.auth import Scope, Token, TokenAuth, _digest, parse_token_file
from gridrules.service.holder import PolicyHolder
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import Metrics
from gridrules.service.multi import PREFIX, MultiApp, create_multi_app, discover
from gridrules.snapshot.build import write_snapshot

from .support import (
    ADMIN,
    ADMIN_TOKEN,
    EXAMPLE_BASE,
    READ,
    READ_TOKEN,
    free_port,
    make_auth,
    serve_process,
    wait_until,
)
from .test_holder import break_policy, drop_elderly_grant, rename

ELDERLY = {"principal": "W001", "action": "report", "matter": "elderly_visit", "grid": "S01C01G01"}
ALPHA_TOKEN = "alpha-only-token-0123456789"
MAX_REQUESTS_PER_CLIENT = 1500
MAX_SECONDS = 25.0


def jurisdiction(parent: Path, jid: str) -> Path:
    """A copy of the example base whose id is `jid`."""
    target = parent / jid
    shutil.copytree(EXAMPLE_BASE, target)
    doc = target / "jurisdiction.yaml"
    doc.write_text(doc.read_text().replace("id: example", f"id: {jid}", 1))
    return target


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    root = tmp_path / "policies"
    root.mkdir()
    jurisdiction(root, "alpha")
    jurisdiction(root, "beta")
    return root


def loaded(root: Path) -> list[PolicyHolder]:
    sources = discover(root)
    assert sources is not None
    holders = [PolicyHolder(source) for source in sources]
    for holder in holders:
        assert holder.reload("startup").status == "applied"
    return holders


@contextlib.contextmanager
def running(app: MultiApp) -> Iterator[str]:
    import uvicorn

    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, lifespan="on", log_level="warning")
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        assert wait_until(lambda: server.started, 15), "uvicorn did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


class Load:
    """Checks and batches against one jurisdiction's paths until stopped (bounded)."""

    def __init__(self, url: str, jid: str) -> None:
        self.url, self.base = url, f"{PREFIX}/{jid}"
        self.stop = threading.Event()
        self.answers: list[tuple[str, bool]] = []
        self.failures: list[Any] = []
        self.lock = threading.Lock()
        self.thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        deadline = time.monotonic() + MAX_SECONDS
        with httpx.Client(base_url=self.url, headers=READ, timeout=10) as client:
            for n in range(MAX_REQUESTS_PER_CLIENT):
                if self.stop.is_set() or time.monotonic() > deadline:
                    return
                try:
                    if n % 4 == 0:
                        r = client.post(
                            f"{self.base}/check/batch", json={"requests": [ELDERLY] * 5}
                        )
                        body = r.json()
                        got = [(d["policy_version"], d["allowed"]) for d in body["decisions"]]
                    else:
                        r = client.post(f"{self.base}/check", json=ELDERLY)
                        body = r.json()
                        got = [(body["policy_version"], body["allowed"])]
                    with self.lock:
                        self.answers += got
                        if r.status_code != 200 or body.get("error") is True:
                            self.failures.append((r.status_code, body))
                except Exception as exc:  # a dropped connection is a failure too
                    with self.lock:
                        self.failures.append(repr(exc))

    def count(self) -> int:
        with self.lock:
            return len(self.answers)

    def more(self, n: int = 60) -> None:
        target = self.count() + n
        assert wait_until(lambda: self.count() >= target, 10), "load stalled"


def test_a_bad_reload_of_one_jurisdiction_never_affects_the_other(policies: Path) -> None:
    alpha, beta = loaded(policies)
    a0, b0 = alpha.require().version, beta.require().version
    app = create_multi_app(
        [alpha, beta], auth=make_auth(), config=AppConfig(watch=True, debounce_ms=30)
    )
    with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
        loads = {jid: Load(url, jid) for jid in ("alpha", "beta")}
        for load in loads.values():
            load.thread.start()
        try:
            for load in loads.values():
                load.more()
            # alpha made invalid mid-load: the watcher and the admin call both refuse it
            break_policy(policies / "alpha")
            assert wait_until(lambda: alpha.rejected is not None, 10), "invalid edit not noticed"
            r = client.post(f"{PREFIX}/alpha/admin/reload", headers=ADMIN)
            assert r.status_code == 422 and r.json()["version"] == a0
            # meanwhile beta changes validly and is applied on its own
            rename(policies / "beta", "Beta renamed")
            assert wait_until(lambda: beta.require().version != b0, 10), "beta not reloaded"
            b1 = beta.require().version
            listed = {j["id"]: j for j in client.get(PREFIX, headers=READ).json()["jurisdictions"]}
            assert listed["alpha"]["version"] == a0 and listed["alpha"]["rejected"]
            assert listed["alpha"]["rejected_reloads"] >= 2
            assert listed["beta"]["version"] == b1 and listed["beta"]["rejected"] is None
            assert listed["beta"]["rejected_reloads"] == 0
            for load in loads.values():
                load.more()
            # alpha fixed, with a grant removed: applied; beta untouched
            shutil.copy(EXAMPLE_BASE / "roles.yaml", policies / "alpha" / "roles.yaml")
            drop_elderly_grant(policies / "alpha")
            r = client.post(f"{PREFIX}/alpha/admin/reload", headers=ADMIN)
            assert r.status_code == 200, r.json()
            a1 = alpha.require().version
            assert beta.require().version == b1
            for load in loads.values():
                load.more()
        finally:
            for load in loads.values():
                load.stop.set()
                load.thread.join(MAX_SECONDS + 10)
    for load in loads.values():
        assert not load.failures, load.failures[:5]
        assert load.count() >= 200, load.count()
    assert {v for v, _ in loads["alpha"].answers} <= {a0, a1}
    assert {v for v, _ in loads["beta"].answers} == {b0, b1}
    assert all(allowed is (v != a1) for v, allowed in loads["alpha"].answers)
    assert all(allowed for _, allowed in loads["beta"].answers)


def test_paths_tokens_metrics_and_log_per_jurisdiction(policies: Path, tmp_path: Path) -> None:
    auth = TokenAuth(
        [
            Token("app", Scope.READ, _digest(READ_TOKEN)),
            Token("ops", Scope.ADMIN, _digest(ADMIN_TOKEN)),
            Token("alpha-app", Scope.READ, _digest(ALPHA_TOKEN), frozenset({"alpha"})),
        ]
    )
    metrics = Metrics()
    log = DecisionLog(tmp_path / "decisions.jsonl")
    only_alpha = {"Authorization": f"Bearer {ALPHA_TOKEN}"}
    try:
        app = create_multi_app(loaded(policies), auth=auth, metrics=metrics, decision_log=log)
        with running(app) as url, httpx.Client(base_url=url, timeout=10) as client:
            ok = client.post(f"{PREFIX}/beta/check", json=ELDERLY, headers=READ)
            assert ok.status_code == 200 and ok.json()["allowed"] is True
            assert client.post(f"{PREFIX}/alpha/check", json=ELDERLY, headers=only_alpha).json()[
                "allowed"
            ]
            for path in (f"{PREFIX}/beta/check", f"{PREFIX}/beta/check/batch"):
                denied = client.post(path, json=ELDERLY, headers=only_alpha)
                assert denied.status_code == 403 and denied.json()["allowed"] is False
            assert client.get(f"{PREFIX}/beta/policy", headers=only_alpha).status_code == 403
            shown = client.get(PREFIX, headers=only_alpha).json()["jurisdictions"]
            assert [j["id"] for j in shown] == ["alpha"]
            # today's paths answer 404 naming /v1/jurisdictions; an unknown id is a 404 too
            for path in ("/v1/check", "/v1/policy"):
                gone = client.post(path, json=ELDERLY, headers=READ)
                assert gone.status_code == 404 and PREFIX in gone.json()["message_en"]
            unknown = client.post(f"{PREFIX}/gamma/check", json=ELDERLY, headers=READ)
            assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_jurisdiction"
            assert client.get(f"{PREFIX}/alpha/readyz").json()["ready"] is True
            assert client.get("/readyz").json()["ready"] is True
            text = client.get("/metrics", headers=READ).text
    finally:
        log.close()
    assert 'gridrules_decisions_total{jurisdiction="beta",reason="allowed",result="allow"}' in text
    for jid in ("alpha", "beta"):
        startup = f'{{jurisdiction="{jid}",outcome="applied",trigger="startup"}} 1.0'
        assert f"gridrules_policy_reloads_total{startup}" in text
    lines = [json.loads(line) for line in (tmp_path / "decisions.jsonl").read_text().splitlines()]
    assert [line["jurisdiction"] for line in lines] == ["beta", "alpha"]


def test_token_file_limits_and_freeze(tmp_path: Path, policies: Path) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text(f"read {ALPHA_TOKEN} a jurisdictions=alpha,beta\nread {READ_TOKEN}\n")
    limited, everyone = parse_token_file(tokens)
    assert limited.jurisdictions == {"alpha", "beta"} and everyone.jurisdictions is None
    assert limited.may_see("alpha") and not limited.may_see("gamma")
    # the holder freezes what it loaded from the cyclic collector, after the swap
    gc.unfreeze()
    try:
        holder = PolicyHolder(discover(policies)[0], freeze_gc=True)  # type: ignore[index]
        assert holder.reload("startup").status == "applied"
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


def test_cli_serves_folders_and_snapshot_files(policies: Path, tmp_path: Path) -> None:
    gamma = jurisdiction(tmp_path, "gamma")
    write_snapshot(Engine.load(gamma), policies / "gamma.grsnap")
    with (
        serve_process([str(policies)]) as served,
        httpx.Client(base_url=served.url, headers=READ, timeout=10) as client,
    ):
        listed = client.get(PREFIX).json()["jurisdictions"]
        assert [j["id"] for j in listed] == ["alpha", "beta", "gamma"]
        assert listed[2]["source"].endswith("gamma.grsnap")
        r = client.post(f"{PREFIX}/gamma/check", json=ELDERLY)
        assert r.status_code == 200 and r.json()["allowed"] is True
        break_policy(policies / "beta")
        r = client.post(f"{PREFIX}/beta/admin/reload", headers=ADMIN)
        assert r.status_code == 422
        assert client.post(f"{PREFIX}/gamma/check", json=ELDERLY).json()["allowed"] is True
        # a snapshot replaced in place is reloaded by its own watch; its neighbours are not
        drop_elderly_grant(gamma)
        write_snapshot(Engine.load(gamma), policies / "gamma.grsnap")

        def states() -> dict[str, Any]:
            return {j["id"]: j for j in client.get(PREFIX).json()["jurisdictions"]}

        assert wait_until(lambda: states()["gamma"]["version"] != listed[2]["version"], 15)
        assert client.post(f"{PREFIX}/gamma/check", json=ELDERLY).json()["allowed"] is False
        assert states()["alpha"]["last_reload"]["trigger"] == "startup"
        assert states()["beta"]["version"] == listed[1]["version"]


def test_cli_refuses_one_jurisdiction_served_twice(policies: Path, tmp_path: Path) -> None:
    import subprocess

    from .support import GRIDRULES

    write_snapshot(Engine.load(policies / "alpha"), policies / "alpha.grsnap")
    done = subprocess.run(
        [GRIDRULES, "serve", str(policies), "--no-auth", "--port", str(free_port())],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2 and "alpha" in done.stderr, done.stderr


def test_store_serves_a_set_of_jurisdictions(store_dsn: str, policies: Path) -> None:
    from gridrules.service.store import PolicyStore

    store = PolicyStore(store_dsn)
    store.publish(policies / "alpha")
    args = ["--store", store_dsn, "--jurisdiction", "alpha,beta"]
    with (
        serve_process(args) as served,
        httpx.Client(base_url=served.url, headers=READ, timeout=10) as client,
    ):
        listed = {j["id"]: j for j in client.get(PREFIX).json()["jurisdictions"]}
        assert listed["alpha"]["ready"] and not listed["beta"]["ready"]
        assert client.get("/readyz").status_code == 503  # beta not published yet
        assert client.post(f"{PREFIX}/alpha/check", json=ELDERLY).json()["allowed"] is True
        assert client.post(f"{PREFIX}/beta/check", json=ELDERLY).status_code == 503
        store.publish(policies / "beta")
        assert wait_until(lambda: client.get("/readyz").status_code == 200, 15), served.log
        assert client.post(f"{PREFIX}/beta/check", json=ELDERLY).json()["allowed"] is True
