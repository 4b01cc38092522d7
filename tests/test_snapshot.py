"""Compiled snapshots: every answer from a snapshot equals the folder-loaded engine's; bad files
are refused with one line (gridrules.snapshot, `gridrules build`)."""

from __future__ import annotations

import datetime as dt
import json
import random
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from gridrules.cli.main import main
from gridrules.decision import Principal, Request
from gridrules.engine import Engine
from gridrules.snapshot import MAGIC, SnapshotError, unpack
from gridrules.snapshot.build import build_snapshot, write_snapshot
from gridrules.snapshot.load import engine_from_bytes

from generated_city import generate

ROOT = Path(__file__).resolve().parents[1]
POLICIES = sorted(
    p.name
    for p in (ROOT / "policies").iterdir()
    if (p / "jurisdiction.yaml").is_file() and any(p.glob("grids.*"))
)


def outcome(call: Callable[..., Any], *args: Any) -> Any:
    try:
        value = call(*args)
    except Exception as exc:  # the same refusal, in the same words
        return ("raised", type(exc).__name__, str(exc))
    if isinstance(value, list):
        return [v.to_dict() if hasattr(v, "to_dict") else v for v in value]
    return value.to_dict() if hasattr(value, "to_dict") else value


def same_answers(full: Engine, snap: Engine, seed: int, n: int = 600) -> int:
    """Compare check, who_can, what_can and route on generated requests; returns the count."""
    rng = random.Random(seed)
    ix = full._ix
    grids = sorted(ix.span)
    workers = sorted(full._workers)
    roles = sorted(full._roles)
    matters = sorted(ix.matters)
    actions = ["handle", "report", "assist", "escalate", "dispatch", "supervise"]
    days = [dt.date.fromordinal(c) for c in ix.epoch_cuts] + [dt.date(2026, 6, 1)]
    days += [d - dt.timedelta(days=1) for d in days]
    plans: list[str | None] = [None, *sorted(full.plans)]
    compared = 0

    def pick(xs: list[str], unknown: str) -> str:
        return unknown if not xs or rng.random() < 0.03 else rng.choice(xs)

    for _ in range(n):
        mode = rng.choice(["normal", "emergency"])
        plan = rng.choice(plans) if mode == "emergency" else None
        day = rng.choice(days)
        grid, matter, action = pick(grids, "NOWHERE"), pick(matters, "nothing"), rng.choice(actions)
        principal: str | Principal
        if rng.random() < 0.7:
            principal = pick(workers, "W-NOBODY")
        else:
            held = tuple(rng.sample(roles, min(len(roles), rng.randint(1, 2))))
            attrs = {"two_committees": rng.random() < 0.3, "party_member": rng.random() < 0.5}
            principal = Principal(held, pick(grids, "NOWHERE"), attrs)
        request = Request(principal, action, matter, grid, day, mode, plan)  # type: ignore[arg-type]
        assert outcome(full.check, request) == outcome(snap.check, request)
        compared += 1
        if rng.random() < 0.15:
            args = (action, matter, grid, day, mode, plan)
            assert outcome(full.who_can, *args) == outcome(snap.who_can, *args)
            compared += 1
        if rng.random() < 0.15:
            q = (principal, day, mode, plan)
            assert outcome(full.what_can, *q) == outcome(snap.what_can, *q)
            compared += 1
        if rng.random() < 0.15:
            r = (matter, grid if rng.random() < 0.9 else None, mode)
            assert outcome(full.route, *r) == outcome(snap.route, *r)
            compared += 1
    return compared


@pytest.mark.parametrize("name", POLICIES)
def test_snapshot_answers_equal_bundled(name: str) -> None:
    full = Engine.load(ROOT / "policies" / name)
    data, header = build_snapshot(full)
    assert header.jurisdiction == full.policy.jurisdiction.id
    _, snap = engine_from_bytes(Engine, data, name)
    assert snap.version == full.version
    assert same_answers(full, snap, seed=len(name)) >= 600
    assert build_snapshot(full)[0] == data  # content-addressed: the same policy, the same bytes


def test_snapshot_answers_equal_generated_city() -> None:
    full = Engine.from_policy(generate(7, size=2), version="generated")
    data, _ = build_snapshot(full)
    _, snap = engine_from_bytes(Engine, data, "city")
    assert same_answers(full, snap, seed=7, n=1500) >= 1500
    # The snapshot engine holds no model rows; Casbin's rows are made again on demand.
    assert snap.policy.grids == () and snap.policy.workers == ()
    assert sorted(snap.artifacts.rows) == sorted(full.artifacts.rows)
    assert snap.verify(300, seed=1) == []


@pytest.fixture(scope="module")
def wuhou_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("snap") / "wuhou.grsnap"
    write_snapshot(Engine.load(ROOT / "policies" / "chengdu-wuhou"), out)
    return out


def _rewrite(data: bytes, change: Callable[[dict[str, Any], dict[str, Any]], None]) -> bytes:
    """A snapshot with its header and payload changed, re-hashed so only `change` differs."""
    import hashlib

    end = data.index(b"\n", len(MAGIC))
    header = json.loads(data[len(MAGIC) : end])
    payload = json.loads(zlib.decompress(data[end + 1 :]))
    change(header, payload)
    body = json.dumps(payload).encode()
    header.update(sha256=hashlib.sha256(body).hexdigest(), bytes=len(body))
    return MAGIC + json.dumps(header).encode() + b"\n" + zlib.compress(body)


def test_snapshot_refuses_corrupt_and_foreign(wuhou_snapshot: Path) -> None:
    data = wuhou_snapshot.read_bytes()
    unpack(data)
    bad = {
        "flipped": data[:-100] + bytes([data[-100] ^ 1]) + data[-99:],
        "truncated": data[: len(data) // 2],
        "not a snapshot": b"PK\x03\x04" + data,
        "format 2": data.replace(b'{"format":1,', b'{"format":2,', 1),
        "index edited": _rewrite(data, lambda h, p: p["index"]["entries"][0].__setitem__(4, 3)),
        "unknown class": _rewrite(
            data, lambda h, p: p["policy"]["jurisdiction"].__setitem__("!c", "os.system")
        ),
    }
    for what, blob in bad.items():
        with pytest.raises(SnapshotError) as caught:
            engine_from_bytes(Engine, blob, what)
        assert "\n" not in str(caught.value), what


def test_cli_build_and_load(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "w.grsnap"
    folder = str(ROOT / "policies" / "chengdu-wuhou")
    assert main(["build", folder, "-o", str(out)]) == 0
    assert "wrote snapshot" in capsys.readouterr().out or out.is_file()
    assert main(["build", folder, "-o", str(out), "--format", "json", "--lang", "en"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["jurisdiction"] == "chengdu_wuhou" and len(report["sha256"]) == 64
    engine = Engine.from_snapshot(out)
    assert engine.check(Request("NOBODY", "handle", "x", "y")).reason == "unknown_principal"
    # a corrupt snapshot: refused with one line, exit 2
    out.write_bytes(out.read_bytes()[:-10])
    assert main(["check", str(out), "-p", "W0001", "-a", "handle", "-m", "x", "-g", "y"]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "snapshot" in err


def test_holder_serves_a_snapshot_and_refuses_a_corrupt_reload(wuhou_snapshot: Path) -> None:
    from gridrules.service.holder import APPLIED, REJECTED, PolicyHolder, SnapshotFileSource

    holder = PolicyHolder(SnapshotFileSource(wuhou_snapshot))
    assert holder.reload("startup").status == APPLIED
    serving = holder.require()
    good = wuhou_snapshot.read_bytes()
    try:
        wuhou_snapshot.write_bytes(good[: len(good) // 3])
        outcome = holder.reload("file")
        assert outcome.status == REJECTED and holder.require() is serving
    finally:
        wuhou_snapshot.write_bytes(good)
