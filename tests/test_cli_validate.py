"""`gridrules validate` end to end: exit codes, formats, languages, locales."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from gridrules.cli.main import main

from conftest import EXAMPLE_BASE

BAD_GRID = (
    "grids.yaml",
    (EXAMPLE_BASE / "grids.yaml")
    .read_text(encoding="utf-8")
    .replace("households: 420", "households: 720"),
)


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_clean_policy_exits_0(capsys):
    code, out, _ = run(capsys, "validate", str(EXAMPLE_BASE), "--lang", "en")
    assert code == 0
    assert "1 jurisdiction valid" in out


def test_error_exits_1_with_file_line_column(capsys, make_policy):
    folder = make_policy(dict([BAD_GRID]))
    code, out, _ = run(capsys, "validate", str(folder), "--lang", "en")
    assert code == 1
    assert "grids.yaml:7:82:" in out and "GR301 grid-size" in out and "720" in out
    assert "hint:" in out


def test_chinese_output(capsys, make_policy):
    code, out, _ = run(capsys, "validate", str(make_policy(dict([BAD_GRID]))), "--lang", "zh")
    assert code == 1
    assert "错误 GR301" in out and "提示" in out and "1 个错误" in out


def test_language_follows_locale(capsys, make_policy, monkeypatch):
    monkeypatch.delenv("GRIDRULES_LANG", raising=False)
    monkeypatch.setenv("LC_ALL", "zh_CN.UTF-8")
    _, out, _ = run(capsys, "validate", str(make_policy(dict([BAD_GRID]))))
    assert "错误" in out


def test_json_format(capsys, make_policy):
    code, out, _ = run(capsys, "validate", str(make_policy(dict([BAD_GRID]))), "--format", "json")
    data = json.loads(out)
    assert code == 1
    assert data["summary"] == {"errors": 1, "warnings": 0}
    (problem,) = data["problems"]
    assert problem["code"] == "GR301" and problem["line"] == 7 and problem["value"] == 720
    assert problem["message_zh"] and problem["message_en"]


def test_github_annotations(capsys, make_policy):
    _, out, _ = run(
        capsys, "validate", str(make_policy(dict([BAD_GRID]))), "--format", "github", "--lang", "en"
    )
    line = out.splitlines()[0]
    assert (
        line.startswith("::error file=")
        and ",line=7,col=82," in line
        and "title=GR301 grid-size::" in line
    )


def test_unreadable_input_exits_2(capsys, make_policy):
    folder = make_policy({"tiers.yaml": "tiers: [\n"})
    code, out, _ = run(capsys, "validate", str(folder))
    assert code == 2
    assert "GR001" in out


def test_missing_path_exits_2(capsys, tmp_path):
    code, out, _ = run(capsys, "validate", str(tmp_path / "nowhere"))
    assert code == 2 and "GR005" in out


def test_usage_error_exits_2(capsys):
    code, _, err = run(capsys, "validate", "--format", "xml")
    assert code == 2 and "Invalid value" in err


def test_strict_fails_on_warnings(capsys, make_policy):
    admission = (
        (EXAMPLE_BASE / "admission.yaml")
        .read_text(encoding="utf-8")
        .replace(
            '    effective: "2024-01-01"\nexcluded',
            '    effective: "2024-01-01"\n    expires: "2024-06-30"\n    temporary: true\nexcluded',
            1,
        )
    )
    folder = make_policy({"admission.yaml": admission})
    code, out, _ = run(capsys, "validate", str(folder), "--today", "2026-11-22")
    assert "GR503" in out  # the expired admission is a warning, not an error
    assert code == 0
    code, _, _ = run(capsys, "validate", str(folder), "--today", "2026-11-22", "--strict")
    assert code == 1


def test_folder_of_jurisdictions_and_files(capsys, tmp_path, make_policy):
    folder = make_policy()
    code, out, _ = run(capsys, "validate", str(folder.parent), "--lang", "en")
    assert code == 0 and "1 jurisdiction valid" in out
    code, out, _ = run(
        capsys, "validate", str(folder / "tiers.yaml"), str(folder / "grids.yaml"), "--lang", "en"
    )
    assert code == 0 and "1 jurisdiction valid" in out


def test_every_problem_is_reported_not_the_first(capsys, make_policy):
    folder = make_policy(
        {
            "roles.yaml": (EXAMPLE_BASE / "roles.yaml")
            .read_text(encoding="utf-8")
            .replace("scope: subtree", "scope: all"),
            "matters.yaml": (EXAMPLE_BASE / "matters.yaml")
            .read_text(encoding="utf-8")
            .replace("2h", "2 hours"),
        }
    )
    _, out, _ = run(capsys, "validate", str(folder), "--format", "json")
    files = {p["file"].rsplit("/", 1)[-1] for p in json.loads(out)["problems"]}
    assert files == {"roles.yaml", "matters.yaml"}


def test_c_locale_does_not_crash(make_policy):
    """Chinese output on an ASCII-only locale is replaced, never a UnicodeEncodeError."""
    env = {
        **os.environ,
        "LC_ALL": "C",
        "LANG": "C",
        "PYTHONIOENCODING": "ascii",
        "GRIDRULES_LANG": "zh",
    }
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "gridrules.cli.main",
            "validate",
            str(make_policy(dict([BAD_GRID]))),
        ],
        capture_output=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 1, proc.stderr
    assert b"Traceback" not in proc.stderr
    assert b"GR301" in proc.stdout


def test_validate_writes_nothing(make_policy, capsys):
    folder = make_policy(dict([BAD_GRID]))
    before = sorted((p, p.stat().st_mtime_ns) for p in folder.rglob("*"))
    run(capsys, "validate", str(folder))
    assert sorted((p, p.stat().st_mtime_ns) for p in folder.rglob("*")) == before


def test_rules_lists_every_code(capsys):
    code, out, _ = run(capsys, "rules", "--lang", "en")
    assert code == 0
    assert "GR001" in out and "GR301" in out and "grid-size" in out


def test_rules_shows_one_with_examples(capsys):
    code, out, _ = run(capsys, "rules", "GR301")
    assert code == 0 and "Failing example" in out and "households: 720" in out
    code, _, err = run(capsys, "rules", "GR999")
    assert code == 2 and "GR999" in err
