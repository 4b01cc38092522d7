"""Folders CI points at: every jurisdiction below, nested ones included; init lays out what CI
finds, with `$schema` lines that resolve offline (issue 11, 7)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from .support import gridrules, validate
from conftest import EXAMPLE_BASE, POLICIES


def test_nested_jurisdiction_with_a_schema_error_fails_validation(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    shutil.copytree(EXAMPLE_BASE, policies / "good")
    nested = policies / "wuhou" / "broken"
    shutil.copytree(EXAMPLE_BASE, nested)
    (nested / "roles.yaml").write_text("kind: roles\nversion: 1\nroles: 7\n", encoding="utf-8")
    run = validate(policies)  # landed: "✓ 2 jurisdictions valid", exit 0 (broken never read)
    assert run.code == 1
    assert any(p["file"].endswith("broken/roles.yaml") for p in run.problems("GR100")), run.out
    assert len(run.report["jurisdictions"]) == 2


def test_folder_without_a_jurisdiction_says_so(tmp_path: Path) -> None:
    (tmp_path / "empty" / "sub").mkdir(parents=True)
    run = validate(tmp_path / "empty")
    [problem] = run.problems("GR010")
    assert "no jurisdiction in" in problem["message"]
    assert run.code == 1


def test_policy_tests_find_nested_jurisdictions(tmp_path: Path) -> None:
    policies = tmp_path / "policies"
    shutil.copytree(POLICIES / "yanchi", policies / "ningxia" / "yanchi")
    run = gridrules("test", str(policies))
    assert run.code == 0, run.out + run.err
    empty = tmp_path / "none"
    empty.mkdir()
    run = gridrules("test", str(empty))
    assert run.code == 2 and "no jurisdiction in" in run.out + run.err


def test_render_on_a_folder_of_one_nested_jurisdiction_or_none(tmp_path: Path) -> None:
    empty = tmp_path / "none"
    empty.mkdir()
    run = gridrules("render", str(empty), "--out", str(tmp_path / "out"), "--lang", "en")
    assert run.code == 2 and "no jurisdiction in" in run.out + run.err
    assert "Traceback" not in run.err


def test_init_from_a_child_lays_out_what_ci_finds(tmp_path: Path) -> None:
    run = gridrules(
        "init", "policies/wuhou", "--from", "chengdu-wuhou", "--lang", "en", cwd=tmp_path
    )
    assert run.code == 0, run.err
    made = tmp_path / "policies" / "wuhou"
    # DIRECTORY is the new jurisdiction; what it extends sits beside it, inside the root
    assert (made / "jurisdiction.yaml").is_file()
    assert (tmp_path / "policies" / "chengdu" / "jurisdiction.yaml").is_file()
    checked = validate(tmp_path / "policies")
    assert checked.code == 0, checked.out
    assert len(checked.report["jurisdictions"]) == 2
    # break the new jurisdiction: CI must see it
    (made / "roles.yaml").write_text("kind: roles\nversion: 1\nroles: 7\n", encoding="utf-8")
    assert validate(tmp_path / "policies").code == 1


def test_init_writes_schema_lines_that_resolve_offline(tmp_path: Path) -> None:
    assert gridrules("init", str(tmp_path / "p" / "mine"), "--from", "chengdu-wuhou").code == 0
    refs = 0
    for path in (tmp_path / "p").rglob("*.y*ml"):
        for ref in re.findall(r"\$schema=(\S+)", path.read_text(encoding="utf-8")):
            refs += 1
            assert "://" not in ref, (path, ref)
            assert (path.parent / ref).resolve().is_file(), (path, ref)
    assert refs > 10


def test_example_base_schema_lines_resolve_offline() -> None:
    for path in EXAMPLE_BASE.glob("*.yaml"):
        [ref] = re.findall(r"\$schema=(\S+)", path.read_text(encoding="utf-8"))
        assert "://" not in ref and (path.parent / ref).resolve().is_file(), (path, ref)
