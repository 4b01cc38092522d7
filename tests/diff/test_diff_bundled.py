"""Each bundled jurisdiction, diffed against a programmatically changed copy, reports exactly that.

Three changes per jurisdiction (those under policies/ that validate):

- a new duty giving a role (grid tiers first) an action (`handle` where its tier allows,
  else `assist` or `report`) on an admitted matter it lacked: exactly one definition (the duty), exactly the permissions the engine's
  own `what_can` says are new, the role's grids and people counted independently
  here, and exactly its duty card, checklist and the manual's roles section;
- a changed time limit of one escalation level: one definition, no permission,
  and a route change for exactly the matters whose chain passes that level;
- every YAML file rewritten by PyYAML (comments and layout gone): no change at all.

Runs at district scale (chengdu-wuhou: ≈2,600 grids, ≈4,000 people); the
city-scale timing is bench/diff_bench.py.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from gridrules.decision import Principal
from gridrules.diff import diff_policies
from gridrules.engine import Engine
from gridrules.model import Mode, Policy, Scope
from gridrules.policy import load_policy
from gridrules.render.context import slug
from gridrules.route import route

from .support import AT
from conftest import POLICIES

JURISDICTIONS = sorted(p.name for p in POLICIES.iterdir() if (p / "jurisdiction.yaml").is_file())
DUTY = "diff_test_duty"


@pytest.fixture(scope="module")
def copies(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    base = tmp_path_factory.mktemp("bundled")
    yield base
    shutil.rmtree(base, ignore_errors=True)


def _fresh(copies: Path, name: str, tag: str) -> Path:
    """A copy of the whole policies/ folder (parents included); the jurisdiction inside it."""
    root = copies / f"{name}-{tag}"
    shutil.copytree(POLICIES, root, ignore=shutil.ignore_patterns("tests", "templates"))
    return root / name


def _load(folder: Path) -> Policy:
    result = load_policy(folder, root=folder.parent)
    if not result.ok or result.policy is None:
        pytest.skip(f"{folder.name} does not validate (being finished elsewhere)")
    return result.policy


def _rewrite(path: Path, edit: Any = None) -> None:
    docs = list(yaml.safe_load_all(path.read_text(encoding="utf-8")))
    if edit is not None:
        edit(docs[0])
    path.write_text(
        yaml.safe_dump_all(docs, allow_unicode=True, sort_keys=False, width=1000), encoding="utf-8"
    )


def _in_copy(original: Path, folder: Path, file: str) -> Path:
    """The copy of a policy file (`file` as the original policy named it)."""
    source = Path(file).resolve()
    return folder.parent / source.relative_to(original.parent.resolve())


def _permissions(policy: Policy) -> set[tuple[str, str, str, str]]:
    """(mode, role, action, matter) allowed, per the engine's own what_can for each role."""
    engine = Engine(policy, version="test", self_check=0)
    home = policy.grids[0].id if policy.grids else "-"
    out = set()
    for role in policy.roles:
        for mode in (Mode.NORMAL, Mode.EMERGENCY):
            for p in engine.what_can(Principal((role.id,), home), at=AT, mode=mode):
                out.add((mode.value, role.id, p.action, p.matter))
    return out


def _candidate(policy: Policy) -> tuple[str, str, str] | None:
    """A role with a responsibility list (grid tiers first), an action and an admitted matter it lacks."""
    allowed = _permissions(policy)
    depth = policy.tier_depth
    listed = {r.role for r in policy.responsibilities}
    held = {role for w in policy.workers for role in w.roles}
    roles = sorted(
        (r for r in policy.roles if r.id in listed),
        key=lambda r: (
            not policy.tier_by_id[r.tier].is_grid,
            r.id not in held,
            r.scope is not Scope.OWN_GRID,
            r.id,
        ),
    )
    granted: dict[str, set[str]] = {}
    for grant in policy.grants(Mode.NORMAL):
        granted.setdefault(grant.role, set()).update(policy.grant_matters(grant))
    for action in ("handle", "assist", "report"):
        for role in roles:
            for matter in policy.matters:
                records = policy.admissions_by_matter.get(matter.id, ())
                if not any(a.in_force(AT) for a in records):
                    continue
                if matter.id in policy.excluded_matters:
                    continue
                if action == "handle" and depth[role.tier] > depth[matter.handling_tier]:
                    continue
                if ("normal", role.id, action, matter.id) in allowed:
                    continue
                if matter.id in granted.get(role.id, set()):
                    continue  # a weaker action may already put it on the role's checklist
                return role.id, action, matter.id
    return None


def _reach(policy: Policy, role_id: str) -> tuple[int, int]:
    """Grids and people a role touches, computed the simple way (parent walks)."""
    role = policy.role_by_id[role_id]
    parent = {g.id: g.parent for g in policy.grids}
    holders: dict[str, str] = {}
    for w in policy.workers:
        if role_id in w.roles:
            holders.setdefault(w.id, w.grid)
    homes = {g for g in holders.values() if g in parent}

    def within(node: str, anchor: str) -> bool:
        seen = set()
        current: str | None = node
        while current is not None and current not in seen:
            if current == anchor:
                return True
            seen.add(current)
            current = parent.get(current)
        return False

    if role.scope is Scope.JURISDICTION:
        grids = len(parent) if homes else 0
    elif role.scope in (Scope.SUBTREE, Scope.OWN_GRID):  # the grid and the cells inside it
        grids = sum(1 for g in parent if any(within(g, h) for h in homes))
    else:  # node
        grids = len(homes)
    return grids, len(holders)


@pytest.mark.parametrize("name", JURISDICTIONS)
def test_new_grant_reports_exactly_its_effect(name: str, copies: Path) -> None:
    original = POLICIES / name
    old = _load(original)
    found = _candidate(old)
    if found is None:
        pytest.skip(f"{name}: every grid role already holds every permission it may")
    role, action, matter = found
    folder = _fresh(copies, name, "grant")
    [responsibility] = [r for r in old.responsibilities if r.role == role]
    target = _in_copy(original, folder, responsibility.origin.location.file)

    def add_duty(doc: dict[str, Any]) -> None:
        entry = next(e for e in doc["responsibilities"] if e["role"] == role)
        entry["duties"].append(
            {"id": DUTY, "name": "差异测试职责", "actions": [action], "matters": [matter]}
        )

    _rewrite(target, add_duty)
    new = _load(folder)
    report = diff_policies(old, new, at=AT)

    assert [(d.kind, d.key, d.change) for d in report.definitions] == [
        ("duty", f"{role}/{DUTY}", "added")
    ]
    engine_says = _permissions(new) - _permissions(old)
    assert engine_says, "the engine should see a new permission"
    assert not _permissions(old) - _permissions(new)
    reported = set()
    for c in report.permissions:
        assert (c.change, c.cause, c.duty) == ("gained", "no_grant", DUTY)
        modes = ("normal", "emergency") if c.mode == "both" else (c.mode,)
        reported |= {(m, c.role, c.action, c.matter) for m in modes}
    assert reported == engine_says == {(m, role, action, matter) for m, *_ in engine_says}
    grids, people = _reach(new, role)
    reach = report.reach_for(report.permissions[0])
    if new.workers:
        assert (reach.grids, reach.people) == (grids, people)
    assert not report.routes and not report.unhandled and not report.flags
    assert report.pages is not None
    expected_pages = {"manual.html", f"cards/{slug(role)}.html"}
    emergency_only = all(a.mode.value == "emergency" for a in new.admissions_by_matter[matter])
    # checklists are for grid-tier roles, and list what is admitted in normal times
    if new.tier_by_id[new.role_by_id[role].tier].is_grid and not emergency_only:
        expected_pages.add(f"checklists/{slug(role)}.html")
    assert {p.page for p in report.pages} == expected_pages
    [manual] = [p for p in report.pages if p.kind == "manual"]
    assert manual.sections == ("roles",)
    assert report.widening and report.exit_code("widening") == 1


@pytest.mark.parametrize("name", JURISDICTIONS)
def test_time_limit_change_reports_exactly_its_routes(name: str, copies: Path) -> None:
    original = POLICIES / name
    old = _load(original)
    levels = [lv for lv in old.escalation.levels if lv.time_limit is not None]
    if not levels:
        pytest.skip(f"{name} has no escalation time limits")
    level = levels[-1]
    # under a ceiling (Chengdu: 15d) a level may not exceed it (GR624): stay below
    limit = "14d" if old.jurisdiction.settings.time_limit_ceiling else "29d"
    limit = limit if level.time_limit.text != limit else "13d"
    folder = _fresh(copies, name, "limit")
    target = _in_copy(original, folder, level.origin.location.file)

    def change(doc: dict[str, Any]) -> None:
        next(lv for lv in doc["levels"] if lv["id"] == level.id)["time_limit"] = limit

    _rewrite(target, change)
    new = _load(folder)
    report = diff_policies(old, new, at=AT, pages=False)

    assert [(d.kind, d.key, d.change) for d in report.definitions] == [
        ("escalation_level", level.id, "changed")
    ]
    assert [(f.field, f.old, f.new) for f in report.definitions[0].fields] == [
        ("time_limit", level.time_limit.text, limit)
    ]
    assert not report.permissions and not report.flags and not report.widening

    # a step at the level takes the level's limit unless the matter sets its own there
    # (time_limits.level_limits) or only passes the matter on (report_within)
    def limits(policy: Any, matter: str) -> list[Any]:
        return [s.time_limit for s in route(policy, matter, None).steps]

    passing = {m.id for m in new.matters if limits(old, m.id) != limits(new, m.id)}
    assert {r.matter for r in report.routes} == passing
    for r in report.routes:
        fields = dict((f.field, f.new) for f in r.fields)
        assert fields.pop(f"{level.id}.time_limit") == limit
        assert set(fields) <= {"deadline"}  # without close_within the deadline is the route's sum


@pytest.mark.parametrize("name", JURISDICTIONS)
def test_reformatted_files_are_no_change(name: str, copies: Path) -> None:
    original = POLICIES / name
    old = _load(original)
    folder = _fresh(copies, name, "reformat")
    for file in {f for f in old.files if f.endswith((".yaml", ".yml"))}:
        _rewrite(_in_copy(original, folder, file))
    new = _load(folder)
    report = diff_policies(old, new, at=AT)
    assert not report.changed, [d.key for d in report.definitions]
    assert report.pages == ()
