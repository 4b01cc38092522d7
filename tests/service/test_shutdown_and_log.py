"""SIGTERM exits 0 and removes temporary copies; a decision log that cannot be written (issue 11)."""

from __future__ import annotations

import json
import resource
import signal
from pathlib import Path

import httpx
import pytest

from gridrules.service.store import PolicyStore

from .support import CHECK, READ, serve_process


def _stop(proc: object) -> int:
    import subprocess

    assert isinstance(proc, subprocess.Popen)
    proc.send_signal(signal.SIGTERM)
    return proc.wait(20)


def test_sigterm_exits_0(policy_dir: Path) -> None:
    with serve_process([str(policy_dir), "--no-watch"]) as served:
        assert _stop(served.proc) == 0, served.log
        assert "Traceback" not in served.log


@pytest.mark.parametrize("workers", [1, 2])
def test_sigterm_removes_the_replicas_temporary_copy(
    store_dsn: str, policy_dir: Path, tmp_path: Path, workers: int
) -> None:
    PolicyStore(store_dsn).publish(policy_dir)
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    args = ["--store", store_dsn, "--workers", str(workers)]
    with serve_process(args, env={"TMPDIR": str(tmp)}) as served:
        assert httpx.post(served.url + "/v1/check", json=CHECK, headers=READ).status_code == 200
        assert any(p.name.startswith("gridrules-store-") for p in tmp.iterdir())
        assert _stop(served.proc) == 0, served.log
    assert sorted(p.name for p in tmp.iterdir()) == []  # no policy copy (roster, phones) left


def _log_limit(size: int) -> None:
    # the decision log (padded to `size`) can grow by only ~1.5 kB: then writes fail (EFBIG)
    resource.setrlimit(resource.RLIMIT_FSIZE, (size + 1500, resource.RLIM_INFINITY))


def test_a_full_log_answers_500_and_never_records_what_was_not_answered(
    policy_dir: Path, tmp_path: Path
) -> None:
    log = tmp_path / "decisions.jsonl"
    padding = (json.dumps({"padding": "x" * 200}) + "\n") * 5000
    log.write_text(padding)
    size = log.stat().st_size
    args = [str(policy_dir), "--no-watch", "--decision-log", str(log)]
    with serve_process(args, preexec_fn=lambda: _log_limit(size)) as served:
        answers = []
        with httpx.Client(base_url=served.url, headers=READ, timeout=10) as client:
            for _ in range(12):  # the disk fills up on the way
                r = client.post("/v1/check", json=CHECK)
                answers.append(r.status_code)
                assert r.headers["content-type"] == "application/json"
                if r.status_code != 200:
                    body = r.json()
                    assert r.status_code == 500 and body["allowed"] is False
                    assert body["code"] == "decision_log_failed"
            # space again (the limit lifted, as when the disk is cleaned up)
            os_limit = (resource.RLIM_INFINITY, resource.RLIM_INFINITY)
            resource.prlimit(served.proc.pid, resource.RLIMIT_FSIZE, os_limit)
            for _ in range(3):
                r = client.post("/v1/check", json=CHECK)
                answers.append(r.status_code)
        assert _stop(served.proc) == 0
        server_log = served.log
    assert 500 in answers[:12] and answers[-3:] == [200, 200, 200], answers
    lines = log.read_text(errors="replace").splitlines()[5000:]
    records = []
    for line in lines:
        try:
            records.append(json.loads(line))
        except ValueError:
            continue  # at most the truncated line the full disk cut, never a record
    assert len(lines) - len(records) <= 2
    allowed = [r for r in records if r.get("allowed") is True]
    assert len(allowed) == answers.count(200), (answers, len(allowed))
    assert server_log.count("Traceback") == 0
    assert server_log.count("decision log") == answers.count(500)  # one line per refused answer
