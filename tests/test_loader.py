"""Reading folders and the extends chain: escapes, cycles, missing parents, singletons."""

from __future__ import annotations

import shutil
from pathlib import Path

from gridrules.loader import read_chain
from gridrules.validate import validate_folder

from conftest import EXAMPLE_BASE


def child_of(tmp_path: Path, extends: str, extra: dict[str, str] | None = None) -> Path:
    shutil.copytree(EXAMPLE_BASE, tmp_path / "parent")
    child = tmp_path / "child"
    child.mkdir()
    (child / "jurisdiction.yaml").write_text(
        "kind: jurisdiction\nversion: 1\nid: child\nname: 子辖区\nlevel: street\n"
        f"character: urban\nextends: {extends}\n",
        encoding="utf-8",
    )
    for name, text in (extra or {}).items():
        (child / name).write_text(text, encoding="utf-8")
    return child


def codes(result) -> list[str]:
    return [p.code for p in result.problems]


def test_chain_is_root_first(tmp_path):
    layers, problems = read_chain(child_of(tmp_path, "../parent"))
    assert problems == []
    assert [layer.folder.name for layer in layers] == ["parent", "child"]


def test_child_inherits_definitions_but_not_the_registry(tmp_path):
    result = validate_folder(child_of(tmp_path, "../parent"))
    assert result.ok, result.problems
    policy = result.policy
    assert policy.jurisdiction.id == "child"
    assert policy.jurisdiction.parents == ("example",)
    assert [t.id for t in policy.tiers] == ["street", "community", "grid"]
    assert policy.grids == () and policy.workers == ()
    assert policy.jurisdiction.settings.supervision_hotline == "12345"  # settings merge key by key


def test_child_override_replaces_in_place_and_is_recorded(tmp_path):
    tighter = (
        "kind: tiers\nversion: 1\ntiers:\n"
        "  - id: grid\n    name: 一般网格\n    parent: community\n    is_grid: true\n"
        "    sizing:\n      urban: {min: 350, max: 450}\n      rural: {min: 100, max: 300}\n"
        "    staffing:\n      roles: [full_time_worker]\n      min_per_grid: 1\n"
    )
    result = validate_folder(child_of(tmp_path, "../parent", {"tiers.yaml": tighter}))
    policy = result.policy
    assert [t.id for t in policy.tiers] == ["street", "community", "grid"]
    grid = policy.tier_by_id["grid"]
    assert (grid.sizing.urban.min, grid.sizing.urban.max) == (350, 450)
    assert grid.origin.location.file.endswith("child/tiers.yaml")
    assert [(p.id, c.id) for p, c in policy.overridden] == [("grid", "grid")]


def test_exclusions_accumulate(tmp_path):
    admission = "kind: admission\nversion: 1\nexcluded:\n  - {matter: elderly_visit, reason: 改由民政部门承担}\n"
    result = validate_folder(
        child_of(tmp_path, "../parent", {"admission.yaml": admission}), run_rules=False
    )
    assert set(result.policy.excluded_matters) == {"investment_promotion", "elderly_visit"}


def test_extends_escaping_the_root_is_refused(tmp_path):
    outside = tmp_path / "outside"
    shutil.copytree(EXAMPLE_BASE, outside)
    root = tmp_path / "root"
    root.mkdir()
    child = child_of(root, "../../outside")
    result = validate_folder(child)
    assert "GR006" in codes(result)
    assert result.policy is None


def test_wider_root_allows_it(tmp_path):
    shutil.copytree(EXAMPLE_BASE, tmp_path / "outside")
    (tmp_path / "root").mkdir()
    child = child_of(tmp_path / "root", "../../outside")
    assert validate_folder(child, root=tmp_path).ok


def test_extends_cycle(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    for me, parent in ((a, "../b"), (b, "../a")):
        me.mkdir()
        (me / "jurisdiction.yaml").write_text(
            f"kind: jurisdiction\nversion: 1\nid: {me.name}\nname: 甲\nlevel: city\ncharacter: urban\n"
            f"extends: {parent}\n",
            encoding="utf-8",
        )
    result = validate_folder(a, root=tmp_path)
    assert "GR204" in codes(result)


def test_missing_parent(tmp_path):
    assert "GR005" in codes(validate_folder(child_of(tmp_path, "../nowhere")))


def test_missing_folder():
    result = validate_folder(Path("/no/such/jurisdiction"))
    assert codes(result) == ["GR005"]


def test_second_singleton_document(make_policy):
    folder = make_policy({"party2.yaml": "kind: party\nversion: 1\n"})
    assert "GR009" in codes(validate_folder(folder))


def test_list_kinds_may_be_split_across_files(make_policy):
    extra = (
        "kind: matters\nversion: 1\nmatters:\n  - {id: noise, name: 噪声扰民, category: public_order, "
        "handling_tier: grid}\n"
    )
    result = validate_folder(make_policy({"matters-extra.yaml": extra}), run_rules=False)
    assert "noise" in result.policy.matter_by_id


def test_csv_registry_with_bad_cells_reports_each(make_policy):
    folder = make_policy(
        {
            "grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n",
            "grids.csv": "id,name,tier,parent,households,area,floating_population\n"
            "S01,街道,street,,,,\nS01C01,社区,community,S01,,,\n"
            "G1,一格,grid,S01C01,many,urban,3\nG2,二格,grid,S01C01,400,town,x\n",
        }
    )
    problems = validate_folder(folder).problems
    found = sorted((p.code, p.location.line, p.location.column) for p in problems)
    assert found == [("GR008", 4, 19), ("GR008", 5, 23), ("GR008", 5, 28)]


def test_csv_registry_builds_attributes(make_policy):
    folder = make_policy(
        {
            "grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n",
            "grids.csv": "id,name,tier,parent,households,rental_units\n"
            "S01,街道,street,,,\nS01C01,社区,community,S01,,\nG1,一格,grid,S01C01,420,12\n",
            "roster.yaml": None,
        }
    )
    result = validate_folder(folder)
    assert result.ok, result.problems
    grid = result.policy.grid_by_id["G1"]
    assert (grid.households, grid.attributes, grid.parent) == (
        420,
        {"rental_units": 12.0},
        "S01C01",
    )
    assert grid.origin.at("households").line == 4


ADD_DUTY = """kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: hazards, name: 隐患排查与处置, actions: [report, handle], matters: [rental_safety]}
      - {id: visits, name: 入户走访, actions: [handle], matters: [elderly_visit]}
"""


def test_child_duties_merge_by_id(tmp_path):
    policy = validate_folder(
        child_of(tmp_path, "../parent", {"responsibilities.yaml": ADD_DUTY}), run_rules=False
    ).policy
    (worker,) = [r for r in policy.responsibilities if r.role == "full_time_worker"]
    assert [d.duty_id for d in worker.duties] == ["patrol", "hazards", "visits"]
    assert worker.duties[1].names.zh == "隐患排查与处置"  # replaced in place
    assert worker.duties[0].origin.location.file.endswith("parent/responsibilities.yaml")
    assert {r.role for r in policy.responsibilities} == {"full_time_worker", "community_leader"}


def test_child_list_with_replace_drops_the_parents_duties(tmp_path):
    text = ADD_DUTY.replace(
        "  - role: full_time_worker\n", "  - role: full_time_worker\n    replace: true\n"
    )
    policy = validate_folder(
        child_of(tmp_path, "../parent", {"responsibilities.yaml": text}), run_rules=False
    ).policy
    (worker,) = [r for r in policy.responsibilities if r.role == "full_time_worker"]
    assert [d.duty_id for d in worker.duties] == ["hazards", "visits"]
