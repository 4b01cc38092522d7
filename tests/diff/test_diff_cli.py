"""`gridrules diff`: formats, languages, --fail-on exit codes, invalid sides, two processes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest

from gridrules.cli.main import main

from .support import DIFF_FIXTURES, ROOT, sides

SCHEMA = json.loads((ROOT / "src/gridrules/diff/report.schema.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], case: str, *args: str) -> tuple[int, str, str]:
    old, new = sides(DIFF_FIXTURES / case)
    code = main(
        ["diff", str(old), str(new), "--root", str(DIFF_FIXTURES), "--at", "2026-06-01", *args]
    )
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("case", "fail_on", "code"),
    [
        ("part_time_grant", "widening", 1),
        ("part_time_grant", "none", 0),
        ("part_time_grant", "any", 1),
        ("escalation_time_limit", "widening", 0),  # routes change, nobody gains
        ("escalation_time_limit", "any", 1),
        ("handled_by_nobody", "widening", 0),  # a loss is not a widening…
        ("excluded_still_granted", "widening", 1),  # …but a flag is
        ("grant_moved_to_parent", "any", 0),  # same effect: no change at all
    ],
)
def test_fail_on_gates(
    capsys: pytest.CaptureFixture[str], case: str, fail_on: str, code: int
) -> None:
    got, _, err = run(capsys, case, "--fail-on", fail_on, "--no-pages", "--jobs", "1")
    assert got == code, err


def test_json_matches_schema_and_is_the_same_in_two_processes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, one, _ = run(capsys, "excluded_still_granted", "--format", "json", "--jobs", "1")
    code2, two, _ = run(capsys, "excluded_still_granted", "--format", "json", "--jobs", "2")
    assert code == code2 == 0
    assert json.loads(one) == json.loads(two)
    jsonschema.validate(json.loads(one), SCHEMA)


@pytest.mark.parametrize(
    ("lang", "words"), [("zh", "实际权限变化"), ("en", "Effective permission")]
)
def test_languages(capsys: pytest.CaptureFixture[str], lang: str, words: str) -> None:
    code, out, _ = run(capsys, "part_time_grant", "--lang", lang, "--jobs", "1")
    assert code == 0 and words in out
    code, out, _ = run(
        capsys, "part_time_grant", "--lang", lang, "--format", "markdown", "--jobs", "1"
    )
    assert out.startswith("## gridrules diff") and "⚠️" in out


def test_invalid_side_is_its_problems_one_per_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fx = tmp_path / "fx"
    shutil.copytree(DIFF_FIXTURES, fx)
    broken = fx / "part_time_grant/new"
    (broken / "roles.yaml").write_text("kind: roles\nversion: 1\nroles: [\n", encoding="utf-8")
    (broken / "matters.yaml").write_text(
        "kind: matters\nversion: 1\nmatters:\n  - {id: x, name: X, category: nowhere, handling_tier: grid}\n",
        encoding="utf-8",
    )
    code = main(["diff", str(fx / "part_time_grant/old"), str(broken), "--root", str(fx)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert any(" GR001 " in line and "roles.yaml:" in line for line in lines)
    assert lines[-1].startswith("new policy ") and "does not validate" in lines[-1]
    assert "Traceback" not in err


def test_missing_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code = main(["diff", str(tmp_path / "nowhere"), str(DIFF_FIXTURES / "_base")])
    _, err = capsys.readouterr()
    assert code == 2 and "GR005" in err and "Traceback" not in err


def test_one_path_needs_a_revision(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["diff", str(DIFF_FIXTURES / "_base")])
    _, err = capsys.readouterr()
    assert code == 2 and "--rev" in err


def test_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "diff" in capsys.readouterr().out
