"""gridrules.coverage, rule GR610 and `gridrules coverage`: every leaf grid × every admitted
matter, proven against the engine's own decisions and against the old, node-only reading of
`own_grid` under which the bundled policies left unit cells and micro grids uncovered."""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import shutil
from pathlib import Path

import pytest

from gridrules import load_policy
from gridrules.cli.main import main
from gridrules.coverage import HANDLE, REPORT, coverage
from gridrules.engine import Engine, Principal, Request
from gridrules.model import Mode, Policy

from conftest import POLICIES
from generated_city import generate

DAY = dt.date(2026, 12, 1)


def node_only_copy(name: str, tmp_path: Path) -> Path:
    """A bundled jurisdiction (and its parents) where every `own_grid` role is `node`-scoped:
    the reading of own_grid before it reached the cells inside a grid."""
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root, ignore=shutil.ignore_patterns("tests"))
    for path in root.rglob("roles.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"scope: own_grid\b", "scope: node", text), encoding="utf-8")
    return root / name


def admitted_matters(policy: Policy, mode: Mode) -> set[str]:
    """Matters admitted on DAY in normal mode, or (emergency) admitted only in an emergency."""
    excluded = set(policy.excluded_matters)
    normal = {a.matter for a in policy.admissions if a.mode is Mode.NORMAL and a.in_force(DAY)}
    if mode is Mode.NORMAL:
        return normal - excluded
    emergency = {a.matter for a in policy.admissions if a.in_force(DAY)}
    return emergency - normal - excluded


def brute_force_gaps(policy: Policy, engine: Engine, mode: Mode) -> set[tuple[str, str, str]]:
    """(kind, matter, leaf) for every leaf grid and matter that no holder of any role, assigned
    to the node of the role's tier on the leaf's line (anywhere, for jurisdiction-wide roles),
    may handle (kind handle), or that no such holder of a grid or community role may report or
    handle (kind report), asked of `Engine.check`."""
    parents = {g.parent for g in policy.grids if g.parent}
    by_id = policy.grid_by_id
    out: set[tuple[str, str, str]] = set()
    for leaf in (g for g in by_id.values() if g.id not in parents):
        line: list[str] = []
        node = leaf
        while node is not None and node.id not in line:
            line.append(node.id)
            node = by_id.get(node.parent) if node.parent else None
        homes = {
            role.id: [leaf.id]
            if role.scope.value == "jurisdiction"
            else [n for n in line if by_id[n].tier == role.tier][:1]
            for role in policy.roles
        }
        finders = {r.id for r in policy.roles if r.tier in policy.protected_tiers}
        for matter in admitted_matters(policy, mode):
            for kind in (REPORT, HANDLE):
                actions = ("report", "handle") if kind == REPORT else ("handle",)
                if not any(
                    engine.check(
                        Request(Principal((role,), home), action, matter, leaf.id, DAY, mode)
                    ).allowed
                    for role, found in homes.items()
                    if kind == HANDLE or role in finders
                    for home in found
                    for action in actions
                ):
                    out.add((kind, matter, leaf.id))
    return out


@pytest.mark.parametrize("seed", [3, 11, 2026])
def test_coverage_equals_brute_force_over_every_leaf_of_generated_cities(seed: int) -> None:
    policy = generate(seed, size=1)
    engine = Engine(policy, version="g", self_check=0)
    for mode in (Mode.NORMAL, Mode.EMERGENCY):
        result = coverage(policy, at=DAY, modes=(Mode.NORMAL, Mode.EMERGENCY))
        got = {(g.kind, g.matter, leaf) for g in result.gaps if g.mode is mode for leaf in g.grids}
        assert got == brute_force_gaps(policy, engine, mode), (seed, mode)


def test_generated_cities_have_gaps_and_leaves_to_find_them() -> None:
    # the equality above is not vacuous: generated policies do leave leaves uncovered
    found = [coverage(generate(s, size=1), at=DAY) for s in (3, 11, 2026)]
    assert all(c.leaves > 20 for c in found)
    assert any(not c.ok for c in found)


@pytest.mark.parametrize("name", sorted(p.name for p in POLICIES.iterdir() if p.is_dir()))
def test_every_bundled_jurisdiction_is_covered(name: str) -> None:
    result = load_policy(POLICIES / name)
    assert result.policy is not None, result.problems
    found = Engine(result.policy).coverage(DAY)
    assert found.ok, [g.message("en") for g in found.gaps]
    if result.policy.grids:
        assert found.leaves > 0 and found.figures[0].pairs > 0


def test_node_only_tongjiang_leaves_unit_cells_unable_to_handle_a_neighbour_dispute(
    tmp_path: Path,
) -> None:
    folder = node_only_copy("tongjiang", tmp_path)
    built = load_policy(folder)
    assert {p.code for p in built.problems if p.level.value == "error"} == {"GR610"}
    policy = built.built
    assert policy is not None
    found = coverage(policy, at=DAY)
    gap = next(g for g in found.gaps if g.matter == "neighbour_dispute" and g.kind == HANDLE)
    cells = {g.id for g in policy.grids if g.tier == "unit_cell"}
    assert set(gap.grids) == cells  # every unit cell of the county, none left out
    assert gap.tiers[0] == "unit_cell"
    assert any(f.location.file.endswith("responsibilities.yaml") for f in gap.fixes)
    # more than a dozen admitted matters cannot be handled from a unit cell (FIDELITY §0.1)
    assert len({g.matter for g in found.gaps if g.kind == HANDLE}) > 12
    problem = next(
        p for p in built.problems if p.code == "GR610" and p.value == "neighbour_dispute"
    )
    # it points at the grid worker's `scope: node`, the one edit that closes the gap
    assert problem.location.file.endswith("roles.yaml") and problem.location.line > 0
    assert problem.hint is not None
    assert "grid_worker" in problem.hint.en and "own_grid" in problem.hint.en


def test_node_only_wuhou_micro_grids_are_reported(tmp_path: Path) -> None:
    policy = load_policy(node_only_copy("chengdu-wuhou", tmp_path)).built
    assert policy is not None
    found = coverage(policy, at=DAY)
    micro = [g for g in found.gaps if g.tiers[0] == "micro_grid"]
    assert micro and all(len(g.grids) > 2000 for g in micro)


def test_cli_text_json_html_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["coverage", str(POLICIES / "yanchi"), "--at", "2026-12-01"]) == 0
    assert "✓" in capsys.readouterr().out
    folder = node_only_copy("tongjiang", tmp_path)
    assert main(["coverage", str(folder), "--at", "2026-12-01", "--format", "json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["ok"] is False and data["leaves"] > 300
    assert {"kind", "grids", "fixes", "message_zh"} <= set(data["gaps"][0])
    page = tmp_path / "coverage.html"
    assert main(["coverage", str(folder), "--format", "html", "-o", str(page), "--lang", "zh"]) == 1
    html = page.read_text(encoding="utf-8")
    assert (
        "事项覆盖检查" in html and "邻里纠纷" in html and "unit_cell" not in html.split("<table")[0]
    )
    assert main(["coverage", str(tmp_path / "missing")]) == 2


def test_who_at_a_tongjiang_unit_cell_names_the_grid_worker(
    capsys: pytest.CaptureFixture[str],
) -> None:
    policy = load_policy(POLICIES / "tongjiang").policy
    assert policy is not None
    rng = random.Random(5)
    cells = [g for g in policy.grids if g.tier == "unit_cell"]
    for cell in rng.sample(cells, 5):
        code = main(
            [
                "who",
                str(POLICIES / "tongjiang"),
                "-a",
                "handle",
                "-m",
                "neighbour_dispute",
                "-g",
                cell.id,
            ]
        )
        out = capsys.readouterr().out
        assert code == 0 and "grid_worker" in out, out
