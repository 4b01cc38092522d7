"""Differential: stock node-casbin enforcing `gridrules export` output agrees with Engine.check.

For every bundled policy under policies/, `gridrules export --casbin DIR --format json`
writes model.conf, policy.csv and runtime.json; a small committed Node script
(tests/node/enforce.js) loads the first two in an untuned node-casbin (installed by
`scripts/setup --test` into .cache/node-casbin from tests/node/package-lock.json) and
answers generated requests read as JSON lines. The app side of the checklist in
runtime.json (epoch from the cut dates, names, per-role questions) is done here from
runtime.json alone, as a downstream app would. The requests cover known and unknown
roles, actions, matters, grids and assigned grids; dates in every admission epoch and
at its edges; both modes; no plan, each plan. Expected: 0 disagreements with
Engine.check asked for one role at a time (the role's constraints met, since the app
applies them before asking).
"""

from __future__ import annotations

import bisect
import datetime as dt
import json
import os
import random
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from gridrules.cli.main import main
from gridrules.decision import Principal, Request
from gridrules.engine import Engine

ROOT = Path(__file__).resolve().parents[2]
POLICIES = sorted(p for p in (ROOT / "policies").iterdir() if (p / "jurisdiction.yaml").is_file())
SCRIPT = ROOT / "tests" / "node" / "enforce.js"
NODE_MODULES = ROOT / ".cache" / "node-casbin" / "node_modules"
SYSTEMATIC = 1200  # role × matter combinations per policy (all of them when fewer)
UNKNOWNS = 400  # requests with an unknown role, action, matter, grid or assigned grid
RANDOM = 1400  # further random requests over known ids
UNKNOWN = "ZZ_UNKNOWN_9"


def _node() -> str:
    node = shutil.which("node")
    if node is None or not (NODE_MODULES / "casbin").is_dir():
        pytest.skip("node-casbin is not installed: run scripts/setup --test")
    return node


def _dates(cuts: list[dt.date]) -> list[dt.date]:
    days = {dt.date(2000, 1, 1), dt.date(2099, 12, 31)}
    for cut in cuts:
        days |= {cut - dt.timedelta(days=1), cut, cut + dt.timedelta(days=1)}
    return sorted(days)


def _requests(engine: Engine, runtime: dict, rng: random.Random) -> list[tuple]:
    policy = engine.policy
    roles, actions, matters = list(runtime["roles"]), runtime["actions"], runtime["matters"]
    grids = [g.id for g in policy.grids]
    dates = _dates([dt.date.fromisoformat(d) for d in runtime["epochs"]["cuts"]])
    modes = [("normal", None), ("emergency", None)] + [("emergency", p) for p in runtime["plans"]]
    homes = sorted({w.grid for w in policy.workers} & set(grids)) or grids or [UNKNOWN]

    def pair() -> tuple[str, str]:
        """A target grid and an assigned grid: mostly related (same line), some not."""
        if not grids:
            return UNKNOWN, UNKNOWN
        home = rng.choice(homes)
        below = [g for g in grids if g.startswith(home)] if rng.random() < 0.5 else []
        return (rng.choice(below) if below else rng.choice(grids)), home

    def known() -> tuple:
        grid, home = pair()
        mode, plan = rng.choice(modes)
        return (rng.choice(roles), rng.choice(actions), rng.choice(matters), grid, home,
                rng.choice(dates), mode, plan)  # fmt: skip

    out: set[tuple] = set()
    # every role × matter at least once where the role could reach (when the table is small)
    combos = [(r, m) for r in roles for m in matters]
    for role, matter in rng.sample(combos, min(len(combos), SYSTEMATIC)):
        out.add((role, *known()[1:2], matter, *known()[3:]))
    # unknown ids, one field at a time, and the unknown pairs that failed open before
    for _ in range(UNKNOWNS):
        base = list(known())
        which = rng.randrange(6)
        if which == 0:
            base[0] = "no_such_role"
        elif which == 1:
            base[1] = "fly"
        elif which == 2:
            base[2] = "no_such_matter"
        elif which == 3:
            base[3] = UNKNOWN
        elif which == 4:
            base[4] = UNKNOWN
        else:
            base[3] = base[4] = UNKNOWN  # r.grid == r.home, both unknown
        out.add(tuple(base))
    while len(out) < SYSTEMATIC + UNKNOWNS + RANDOM:
        out.add(known())
    return sorted(out, key=repr)


def _casbin_fields(req: tuple, runtime: dict, cuts: list[dt.date]) -> list[str]:
    """The app side of runtime.json's checklist: names, epoch, mode (no gridrules code)."""
    role, action, matter, grid, home, day, mode, plan = req
    epoch = bisect.bisect_right(cuts, day)
    names = runtime["epochs"]["name"]
    if mode == "normal":
        name = names["normal"].format(i=epoch)
    else:
        name = names["emergency"].format(
            i=epoch, plan=plan or runtime["epochs"]["name"]["any_plan"]
        )
    return [role, action, f"matter:{matter}", f"grid:{grid}", f"grid:{home}", mode, name]


def _engine_answer(engine: Engine, req: tuple, runtime: dict) -> bool:
    role, action, matter, grid, home, day, mode, plan = req
    spec = runtime["roles"].get(role, {"constraints": []})
    attributes = {c["attribute"]: c["must_be"] for c in spec["constraints"]}
    principal = Principal((role,), home, attributes)
    request = Request(principal, action, matter, grid, at=day, mode=mode, plan=plan)
    return engine.check(request).allowed


@pytest.mark.parametrize("policy", POLICIES, ids=lambda p: p.name)
def test_node_casbin_agrees_with_engine(
    policy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    node = _node()
    out = tmp_path / "casbin"
    assert main(["export", str(policy), "--casbin", str(out), "--format", "json"]) == 0
    capsys.readouterr()
    runtime = json.loads((out / "runtime.json").read_text(encoding="utf-8"))
    assert runtime["casbin"]["fits_default"], runtime["casbin"]
    engine = Engine.load(policy)
    rng = random.Random(f"node-casbin:{policy.name}")
    requests = _requests(engine, runtime, rng)
    cuts = [dt.date.fromisoformat(d) for d in runtime["epochs"]["cuts"]]
    lines = "".join(json.dumps(_casbin_fields(r, runtime, cuts)) + "\n" for r in requests)
    started = time.monotonic()
    env = {**os.environ, "GRIDRULES_NODE_MODULES": str(NODE_MODULES)}
    done = subprocess.run(
        [node, str(SCRIPT), str(out / "model.conf"), str(out / "policy.csv")],
        input=lines,
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    answers = done.stdout.split()
    assert len(answers) == len(requests)
    expected = [_engine_answer(engine, r, runtime) for r in requests]
    disagreements = [
        (r, e, a) for r, e, a in zip(requests, expected, answers, strict=True) if (a == "true") != e
    ]
    allowed = sum(expected)
    with capsys.disabled():
        print(
            f"{policy.name}: {len(requests)} requests, {allowed} allowed, "
            f"{len(disagreements)} disagreements, node {time.monotonic() - started:.1f}s"
        )
    assert allowed > 0 or not engine.policy.grids  # grants reached, where there is a registry
    assert disagreements == [], disagreements[:5]
