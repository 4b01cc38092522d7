"""The pieces: scope and mode changes, registry changes, selective notice sheets, definitions."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from gridrules.diff import SideSpec, diff_paths
from gridrules.diff.impact import diff_pages, page_prints
from gridrules.diff.model_diff import catalogue, diff_catalogues, flatten, plain
from gridrules.model import Duration, Names
from gridrules.policy import load_policy

from .support import AT, DIFF_FIXTURES

BASE_CASE = DIFF_FIXTURES / "part_time_grant" / "old"  # the base plus a registry and a roster


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """Two copies of the fixtures (old, new) of the case with a registry and roster."""
    old, new = tmp_path / "old", tmp_path / "new"
    shutil.copytree(DIFF_FIXTURES, old)
    shutil.copytree(DIFF_FIXTURES, new)
    return old, new


def diff(old: Path, new: Path, *, pages: bool = True) -> object:
    case = "part_time_grant/old"
    return diff_paths(
        SideSpec(str(old / case), root=str(old)),
        SideSpec(str(new / case), root=str(new)),
        at=AT,
        pages=pages,
    )


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_scope_widening(pair: tuple[Path, Path]) -> None:
    old, new = pair
    # node → own_grid widens (the cells inside the grid); own_grid → subtree reaches the same
    edit(
        old / "_base/roles.yaml",
        "category: part_time, tier: grid, scope: own_grid",
        "category: part_time, tier: grid, scope: node",
    )
    same = diff(old, old, pages=False)
    assert not same.permissions
    report = diff(old, new, pages=False)
    assert {(c.change, c.cause, c.old_scope, c.new_scope) for c in report.permissions} == {
        ("widened", "scope", "node", "own_grid")
    }
    assert {(c.action, c.matter) for c in report.permissions} == {
        ("report", "garbage_overflow"),
        ("report", "street_occupation"),
    }
    reach = report.reach_for(report.permissions[0])
    assert (reach.grids, reach.people) == (7, 4)  # G01 (+2 micro grids), G02 (+1), G03 (+1)
    assert report.widening


def test_emergency_only_grant(pair: tuple[Path, Path]) -> None:
    old, new = pair
    overlay = new / "_base/emergency.yaml"
    # garbage_overflow: already reported in normal mode, so no change; proxy_service: new
    edit(
        overlay,
        "matters: [street_occupation]",
        "matters: [street_occupation, garbage_overflow, proxy_service]",
    )
    report = diff(old, new, pages=False)
    [change] = report.permissions
    assert (change.role, change.action, change.matter, change.mode, change.change) == (
        "micro_worker",
        "report",
        "proxy_service",
        "emergency",
        "gained",
    )


def test_roster_move_rebuilds_only_the_notice_sheets_it_touches(pair: tuple[Path, Path]) -> None:
    old, new = pair
    case = new / "part_time_grant/old"
    edit(case / "roster.yaml", "grid: S01C01G01M2}", "grid: S01C01G02M1}")  # 罗芳 moves
    edit(case / "grids.yaml", "name: 望江社区,", "name: 望江新区,")  # a community renamed
    report = diff(old, new)
    assert {c.kind: (len(c.added), len(c.removed), len(c.changed)) for c in report.registry} == {
        "grids": (0, 0, 1),
        "workers": (0, 0, 1),
    }
    selective = {p.page for p in report.pages}
    # the same comparison with every notice sheet built on both sides
    before = load_policy(old / "part_time_grant/old", root=old).policy
    after = load_policy(case, root=new).policy
    full = {p.page for p in diff_pages(page_prints(before, AT, None), page_prints(after, AT, None))}
    assert selective == full
    assert "notices/S01C01G01M2.html" in selective and "notices/S01C02G04.html" in selective
    assert "notices/S01C01G02.html" not in selective  # nothing it prints changed


def test_catalogue_ignores_where_things_are_written() -> None:
    policy = load_policy(BASE_CASE, root=DIFF_FIXTURES).policy
    assert policy is not None
    same = diff_catalogues(catalogue(policy), catalogue(policy))
    assert same == ()
    assert "origin" not in str(catalogue(policy)["role"]["part_time_worker"])


def test_flatten_and_plain() -> None:
    assert plain(Duration("3d", 4320)) == "3d"
    assert plain(Names("网格", "grid")) == {"zh": "网格", "en": "grid"}
    assert flatten({"a": {"b": 1, "c": [1, 2]}, "d": [{"x": 1}]}) == {
        "a.b": 1,
        "a.c": [1, 2],
        "d": ['{"x": 1}'],
    }


def test_permission_table_is_what_casbin_decides() -> None:
    """Every (mode, role, action, matter) of the fixture policy, asked of the pycasbin enforcer."""
    from gridrules.decision import Principal, Request
    from gridrules.diff.permissions import ACTIONS, permission_table
    from gridrules.engine import Engine
    from gridrules.model import Mode

    for case in (
        "part_time_grant/new",
        "excluded_still_granted/new",
        "temporary_without_expiry/new",
    ):
        policy = load_policy(DIFF_FIXTURES / case, root=DIFF_FIXTURES, rules=False).policy
        assert policy is not None
        if not policy.grids:  # requests need a registry grid: borrow the fixture registry
            registry = load_policy(BASE_CASE, root=DIFF_FIXTURES).policy
            assert registry is not None
            policy = replace(policy, grids=registry.grids)
        table = permission_table(policy, AT)
        engine = Engine(policy, version="test", self_check=0)
        for role in policy.roles:
            home = next(g.id for g in policy.grids if g.tier == role.tier)
            for mode in (Mode.NORMAL, Mode.EMERGENCY):
                for action in ACTIONS:
                    for matter in policy.matters:
                        request = Request(
                            Principal((role.id,), home), action, matter.id, home, AT, mode
                        )
                        casbin = engine.check_casbin(request).allowed
                        key = (mode.value, role.id, action, matter.id)
                        assert table.allowed(key) == casbin, (case, key)


@pytest.mark.parametrize("seed", range(6))
def test_generated_policies_agree_with_the_engine(seed: int) -> None:
    """Random changes to generated cities (tests/generated_city.py, odd cases included):
    the permission changes are exactly the difference of the engine's what_can per role."""
    import random

    from gridrules.decision import Principal
    from gridrules.diff import diff_policies
    from gridrules.engine import Engine
    from gridrules.model import Action, Exclusion, Grant, Mode, Policy

    from generated_city import generate

    def allowed(policy: Policy) -> set[tuple[str, str, str, str]]:
        engine = Engine(policy, version="test", self_check=0)
        home = policy.grids[0].id
        return {
            (mode.value, role.id, p.action, p.matter)
            for role in policy.roles
            for mode in (Mode.NORMAL, Mode.EMERGENCY)
            for p in engine.what_can(Principal((role.id,), home), at=AT, mode=mode)
        }

    rng = random.Random(seed)
    old = generate(seed)
    responsibilities = list(old.responsibilities)
    i = rng.randrange(len(responsibilities))
    if len(responsibilities[i].duties) > 1:  # drop a duty
        duties = list(responsibilities[i].duties)
        duties.pop(rng.randrange(len(duties)))
        responsibilities[i] = replace(responsibilities[i], duties=tuple(duties))
    j = rng.randrange(len(responsibilities))  # add a grant
    template = responsibilities[j].duties[0]
    extra = Grant(
        role=responsibilities[j].role,
        actions=tuple(rng.sample(list(Action), 2)),
        matters=tuple(m.id for m in rng.sample(list(old.matters), 3)),
        categories=(),
        mode=Mode.NORMAL,
        duty_id="diff_extra",
        names=template.names,
        description="",
        origin=template.origin,
    )
    responsibilities[j] = replace(responsibilities[j], duties=(*responsibilities[j].duties, extra))
    excluded = rng.choice(old.matters).id  # exclude a matter
    exclusions = (*old.exclusions, Exclusion(excluded, "test", "", template.origin))
    roles = list(old.roles)  # move a role to another tier
    k = rng.randrange(len(roles))
    roles[k] = replace(roles[k], tier=rng.choice(old.tiers).id)
    new = replace(
        old,
        responsibilities=tuple(responsibilities),
        exclusions=exclusions,
        roles=tuple(roles),
    )

    report = diff_policies(old, new, at=AT, pages=False)
    gained, lost = set(), set()
    for c in report.permissions:
        modes = ("normal", "emergency") if c.mode == "both" else (c.mode,)
        keys = {(m, c.role, c.action, c.matter) for m in modes}
        if c.change == "gained":
            gained |= keys
        elif c.change == "lost":
            lost |= keys
    before, after = allowed(old), allowed(new)
    assert gained == after - before
    assert lost == before - after
