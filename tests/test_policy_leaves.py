"""Every leaf grid of every bundled registry can report and handle every admitted matter,
asked of `Engine.who_can` and of `Engine.coverage` — and the two answers agree.

For each bundled jurisdiction, on a fixed date:

- the leaves (registry nodes with no children) and the matters admitted to the grids are
  worked out here from the policy, independently of `gridrules.coverage`;
- `who_can` is asked, for every (line of tiers, matter) — a leaf's answer depends only on
  the tiers of the leaf and of its registry ancestors — whether some role may report or
  handle the matter, and whether some role may handle it; in normal mode for the matters
  admitted in normal times, and in emergency mode (with no plan, and with each plan the
  admission names) for the matters admitted only during an emergency;
- every leaf is also asked of `who_can` itself, PER_LEAF matters per leaf in turn, so no
  leaf is skipped and every matter is asked from many leaves;
- `coverage` must count the same leaves, lines, matters and (leaf × matter) pairs, and its
  gaps must equal the gaps found with `who_can`: none on the bundled policies, and the same
  non-empty set on a copy of Tongjiang whose own_grid roles are read as node-only.

Grouping by line keeps the sweep to a few seconds (who_can on all ≈2,300 Wuhou leaves ×
57 matters would take about a minute); coverage itself visits every leaf.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from gridrules import load_policy
from gridrules.engine import Engine
from gridrules.model import Grid, Mode, Policy

from conftest import POLICIES

DAY = dt.date(2026, 12, 1)
JURISDICTIONS = sorted(p.name for p in POLICIES.iterdir() if (p / "jurisdiction.yaml").is_file())


def leaf_lines(policy: Policy) -> dict[tuple[str, ...], list[Grid]]:
    """Leaf grids grouped by their line of tiers: the leaf's tier, then each ancestor's."""
    by_id = policy.grid_by_id
    parents = {g.parent for g in policy.grids if g.parent}
    out: dict[tuple[str, ...], list[Grid]] = {}
    for grid in policy.grids:
        if grid.id in parents:
            continue
        tiers: list[str] = []
        seen: set[str] = set()
        node: Grid | None = grid
        while node is not None and node.id not in seen:
            seen.add(node.id)
            tiers.append(node.tier)
            node = by_id.get(node.parent) if node.parent else None
        out.setdefault(tuple(tiers), []).append(grid)
    return out


def admitted(policy: Policy) -> dict[Mode, dict[str, tuple[str | None, ...]]]:
    """matter → the plans to ask with, per mode: admitted in normal times on DAY, or (emergency)
    admitted only while an emergency plan is active (asked with no plan and with each named)."""
    excluded = set(policy.excluded_matters)
    normal = {
        a.matter
        for a in policy.admissions
        if a.mode is Mode.NORMAL and a.in_force(DAY) and a.matter not in excluded
    }
    emergency: dict[str, set[str | None]] = {}
    for a in policy.admissions:
        if a.mode is Mode.EMERGENCY and a.in_force(DAY) and a.matter not in excluded | normal:
            emergency.setdefault(a.matter, {None}).add(a.plan)
    order = {m.id: i for i, m in enumerate(policy.matters)}
    return {
        Mode.NORMAL: {m: (None,) for m in sorted(normal, key=order.__getitem__)},
        Mode.EMERGENCY: {
            m: tuple(sorted(plans, key=lambda p: p or ""))
            for m, plans in sorted(emergency.items(), key=lambda kv: order[kv[0]])
        },
    }


def who_gaps(engine: Engine, leaf: str, matter: str, mode: Mode, plan: str | None) -> set[str]:
    """The kinds for which who_can names no role at the leaf: 'report' when no role of the
    grid or community bodies may report or handle it, 'handle' when no role may handle it."""
    handle = engine.who_can("handle", matter, leaf, DAY, mode, plan).roles
    report = engine.who_can("report", matter, leaf, DAY, mode, plan).roles
    protected = engine.policy.protected_tiers  # the finders: grid and community bodies
    gaps = set()
    if not any(r.tier in protected for r in (*handle, *report)):
        gaps.add("report")
    if not handle:
        gaps.add("handle")
    return gaps


PER_LEAF = 4  # matters asked of who_can at each leaf itself, in turn


def sweep(
    engine: Engine,
) -> tuple[set[tuple[str, Mode, str, str]], set[tuple[str, Mode, str, str]]]:
    """(gaps found with who_can, gaps reported by coverage), each as (kind, mode, matter, leaf);
    asserts that coverage counts the same leaves, lines, matters and pairs as who_can was asked."""
    policy = engine.policy
    lines = leaf_lines(policy)
    leaves = [g for group in lines.values() for g in group]
    matters = admitted(policy)

    # who_can over every (line of tiers, matter), in each mode and plan
    found: set[tuple[str, Mode, str, str]] = set()
    for group in lines.values():
        first = group[0].id
        for mode, by_matter in matters.items():
            for matter, plans in by_matter.items():
                for plan in plans:
                    for kind in who_gaps(engine, first, matter, mode, plan):
                        found |= {(kind, mode, matter, g.id) for g in group}

    # who_can at every leaf itself, PER_LEAF matters per leaf in turn
    asked = [(mode, m, p) for mode, by in matters.items() for m, plans in by.items() for p in plans]
    for i, leaf in enumerate(leaves):
        for j in range(min(PER_LEAF, len(asked))):
            mode, matter, plan = asked[(i * PER_LEAF + j) % len(asked)]
            for kind in who_gaps(engine, leaf.id, matter, mode, plan):
                found.add((kind, mode, matter, leaf.id))

    result = engine.coverage(DAY)
    assert result.leaves == len(leaves)
    assert result.lines == len(lines)
    figures = {f.mode: f for f in result.figures}
    for mode, by_matter in matters.items():
        assert figures[mode].matters == len(by_matter), mode
        assert figures[mode].pairs == len(leaves) * len(by_matter), mode
    got = {(g.kind, g.mode, g.matter, leaf) for g in result.gaps for leaf in g.grids}
    for mode, figure in figures.items():
        assert figure.report_gaps == sum(1 for k, m, *_ in got if k == "report" and m is mode)
        assert figure.handle_gaps == sum(1 for k, m, *_ in got if k == "handle" and m is mode)
    return found, got


@pytest.mark.parametrize("name", JURISDICTIONS)
def test_every_leaf_can_report_and_handle_every_admitted_matter(name: str) -> None:
    engine = Engine.load(POLICIES / name)
    policy = engine.policy
    if policy.grids:
        assert admitted(policy)[Mode.NORMAL], "no matter admitted to the grids"
        assert leaf_lines(policy)
    found, got = sweep(engine)
    assert not found, sorted(found)[:5]
    assert not got, sorted(got)[:5]


def test_who_can_and_coverage_find_the_same_gaps_under_node_only_scopes(tmp_path: Path) -> None:
    # not vacuous: with every own_grid role of Tongjiang read as node-only (the reading before
    # own_grid reached the cells inside a grid) both find the same, non-empty, set of gaps
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root, ignore=shutil.ignore_patterns("tests"))
    for path in root.rglob("roles.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"scope: own_grid\b", "scope: node", text), encoding="utf-8")
    built = load_policy(root / "tongjiang")
    assert built.built is not None
    found, got = sweep(Engine(built.built, version="node-only", self_check=0))
    assert got and found == got
    # 小事不出格 fails: no unit cell can have a neighbour dispute handled
    assert any(k == "handle" and m == "neighbour_dispute" for k, _, m, _ in got)


def test_tongjiang_asks_the_epidemic_tasks_in_emergency_mode_only() -> None:
    # the emergency sweep above is not vacuous: Tongjiang's epidemic tasks are emergency-only
    # admissions of the public-health plan, and normal mode does not admit them
    policy = Engine.load(POLICIES / "tongjiang").policy
    matters = admitted(policy)
    epidemic = {
        "mass_testing_mobilisation",
        "returnee_registration",
        "key_building_control",
        "epidemic_info_relay",
    }
    assert epidemic <= set(matters[Mode.EMERGENCY])
    assert not epidemic & set(matters[Mode.NORMAL])
    assert all("public_health" in matters[Mode.EMERGENCY][m] for m in epidemic)
