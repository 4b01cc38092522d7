"""Identifiers safe everywhere by construction; NUL and controls at their line; injective file
names; registries deeper than Casbin's 10 links; exports that stay one row per line (issue 11, 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridrules.cli.main import main

try:  # the function render names notice sheets with
    from gridrules.render.views import slug
except ImportError:  # the landed layout, for running this suite against it
    from gridrules.render.context import slug  # type: ignore[no-redef]

from .support import policy_root, validate

GRIDS_YAML = """\
kind: grids
version: 1
grids:
  - {{id: "S01", name: 示例街道, tier: street, parent: null}}
  - {{id: "S01C01", name: 锦官驿社区, tier: community, parent: "S01"}}
  - {{id: {bad}, name: 锦官驿社区第一网格, tier: grid, parent: "S01C01", households: 420}}
  - {{id: "S01C01G02", name: 锦官驿社区第二网格, tier: grid, parent: "S01C01", households: 380}}
"""
GRIDS_CSV_DOC = "kind: grids\nversion: 1\ncsv: grids.csv\n"
GRIDS_CSV = (
    "id,name,tier,parent,households\n"
    "S01,示例街道,street,,\n"
    "S01C01,锦官驿社区,community,S01,\n"
    "{bad},锦官驿社区第一网格,grid,S01C01,420\n"
    "S01C01G02,锦官驿社区第二网格,grid,S01C01,380\n"
)


@pytest.mark.parametrize(
    "bad",
    [r'"S01C01G01,05"', r'"S01C01G01\nS01"', r'"S01C01(G01)"', r'"S01 C01"', r'"S01\"G"'],
    ids=["comma", "newline", "parentheses", "space", "quote"],
)
def test_yaml_grid_code_outside_the_safe_set_is_refused(tmp_path: Path, bad: str) -> None:
    _, folder = policy_root(tmp_path, {"grids.yaml": GRIDS_YAML.format(bad=bad)})
    run = validate(folder)  # landed: valid (or a CompileError only at check/export time)
    schema = run.problems("GR100")
    assert any(p["line"] == 6 and p["file"].endswith("grids.yaml") for p in schema), run.out
    assert run.code == 1


def test_yaml_worker_id_and_role_refused(tmp_path: Path) -> None:
    roster = (
        "kind: roster\nversion: 1\nworkers:\n"
        '  - {id: "W,1", name: 张晓燕, roles: [full_time_worker], grid: "S01C01G01"}\n'
    )
    _, folder = policy_root(tmp_path, {"roster.yaml": roster})
    run = validate(folder)
    assert [p["line"] for p in run.problems("GR100")] == [4]


@pytest.mark.parametrize(
    "bad", ['"S01C01G01,05"', "S01C01(G01)", '"S01C01\nG01"', "S01 C01"], ids=repr
)
def test_csv_grid_code_outside_the_safe_set_is_refused(tmp_path: Path, bad: str) -> None:
    files = {"grids.yaml": GRIDS_CSV_DOC, "grids.csv": GRIDS_CSV.format(bad=bad)}
    _, folder = policy_root(tmp_path, files)
    run = validate(folder)  # landed: accepted
    [problem] = run.problems("GR008")
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.csv", 4)


def test_csv_worker_id_and_roles_refused(tmp_path: Path) -> None:
    files = {
        "roster.yaml": "kind: roster\nversion: 1\ncsv: roster.csv\n",
        "roster.csv": "id,name,roles,grid\nW1),张晓燕,full_time_worker,S01C01G01\n"
        "W2,李建国,full time,S01C01G02\n",
    }
    _, folder = policy_root(tmp_path, files)
    run = validate(folder)
    assert sorted(p["line"] for p in run.problems("GR008")) == [2, 3]


def test_nul_in_yaml_is_reported_at_its_line(tmp_path: Path) -> None:
    text = GRIDS_YAML.format(bad='"S01C01G01"').replace("第二网格", "第二\x00网格")
    _, folder = policy_root(tmp_path, {"grids.yaml": text})
    run = validate(folder)  # landed: GR001 at 1:1
    [problem] = run.problems("GR001")
    assert (problem["line"], problem["column"]) == (7, text.splitlines()[6].index("\x00") + 1)


def test_escaped_nul_in_a_yaml_string_is_refused_at_its_line(tmp_path: Path) -> None:
    text = GRIDS_YAML.format(bad='"S01C01G01"').replace("第二网格", '第二网格"x\\0"')
    text = text.replace('name: 锦官驿社区第二网格"x\\0"', 'name: "二\\0"')
    _, folder = policy_root(tmp_path, {"grids.yaml": text})
    run = validate(folder)
    assert [p["line"] for p in run.problems("GR001")] == [7], run.out


def test_nul_in_csv_is_refused_at_its_line(tmp_path: Path) -> None:
    csv = GRIDS_CSV.format(bad="S01C01G01").replace("第二网格", "第二\x00网格")
    _, folder = policy_root(tmp_path, {"grids.yaml": GRIDS_CSV_DOC, "grids.csv": csv})
    run = validate(folder)  # landed: accepted and kept in the data
    [problem] = run.problems("GR008")
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.csv", 5)
    assert problem["column"] == csv.splitlines()[4].index("\x00") + 1
    assert run.code == 1


def test_registry_eleven_levels_deep_is_refused(tmp_path: Path) -> None:
    from gridrules.rules.casbin_depth import _deep_grids, _deep_tiers

    _, folder = policy_root(
        tmp_path, {"tiers.yaml": _deep_tiers(11), "grids.yaml": _deep_grids(11)}
    )
    run = validate(folder)  # landed: valid, and node-casbin denies everything at level 11
    assert run.problems("GR901"), run.out
    _, ten = policy_root(
        tmp_path / "ten", {"tiers.yaml": _deep_tiers(10), "grids.yaml": _deep_grids(10)}
    )
    assert "GR901" not in validate(ten).codes


def test_notice_file_names_never_collide() -> None:
    # The landed slug wrote "x," as "x_-<hash>", a name another grid code could hold itself.
    taken = slug("x,")
    assert slug(taken) != taken
    codes = ["a.b", ".ab", "ab.", "A1", "a1", "x,", "x_", "x-", "x~", "~x", "", ".", ".."]
    names = [slug(c) for c in codes]
    assert len(set(names)) == len(codes)
    for name in names:
        assert name not in ("", ".", "..") and "/" not in name and "\\" not in name


@given(st.text(max_size=12), st.text(max_size=12))
def test_slug_is_injective(a: str, b: str) -> None:
    from gridrules.names import unslug

    assert unslug(slug(a)) == a
    if a != b:
        assert slug(a) != slug(b)


def test_export_comments_stay_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A folder name with a line break used to inject rows through the `# file:line duty` comments.
    _, folder = policy_root(tmp_path)
    evil = folder.parent / "evil\np, intruder, handle, matter:x, normal, jurisdiction, depth:0, -"
    folder.rename(evil)
    out = tmp_path / "casbin"
    assert main(["export", str(evil), "--casbin", str(out)]) == 0
    capsys.readouterr()
    lines = (out / "policy.csv").read_text(encoding="utf-8").splitlines()
    assert not any("intruder" in line for line in lines if not line.startswith("#"))
