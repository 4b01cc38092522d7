"""One exit-code contract for every command (docs/cli.md), JSON for every outcome with
--format json, and crashes that end in one line and a log file, never a bare traceback."""

from __future__ import annotations

import importlib
import json
from pathlib import Path
from typing import Any

import click
import pytest

from gridrules.cli import outcome
from gridrules.cli.main import COMMANDS, _speaks_json, main

from conftest import EXAMPLE_BASE

BASE = str(EXAMPLE_BASE)
STORE = "postgresql://u:secret-pw@127.0.0.1:1/db"
ROLES = (EXAMPLE_BASE / "roles.yaml").read_text(encoding="utf-8")
BROKEN = {  # a reference to no role: an error-level problem, not unreadable input
    "roles.yaml": ROLES.replace("reports_to: community_leader", "reports_to: nobody"),
    "tests/suite.yaml": "kind: test\nversion: 1\nname: s\ncases:\n"
    "  - name: c\n    request: {principal: W001, action: handle, matter: m, grid: g}\n"
    "    expect: {allowed: false}\n",
}


def arguments(name: str, path: str, tmp_path: Path) -> list[str]:
    """The smallest well-formed command line for each command that answers JSON."""
    return {
        "validate": [path],
        "check": [path, "-p", "W001", "-a", "handle", "-m", "neighbour_dispute", "-g", "S01C01G01"],
        "route": [path, "-m", "neighbour_dispute"],
        "who": [path, "-a", "handle", "-m", "neighbour_dispute", "-g", "S01C01G01"],
        "coverage": [path],
        "can": [path, "-p", "W001"],
        "test": [path],
        "export": [path, "--casbin", str(tmp_path / "casbin")],
        "build": [path, "-o", str(tmp_path / "policy.grsnap")],
        "diff": [path, BASE, "--jobs", "1", "--no-pages"],
        "workload": [path],
        "publish": [path, "--store", STORE],
    }[name]


JSON_COMMANDS = sorted(name for name in COMMANDS if _speaks_json(name))


@pytest.fixture(autouse=True)
def crash_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("GRIDRULES_LANG", "en")
    return tmp_path / "cache" / "gridrules"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def boom(*args: Any, **kwargs: Any) -> Any:
    raise KeyError("forced")


def test_every_json_command_is_covered() -> None:
    # A new command with --format json must be added to `arguments` (and so to these tests).
    expected = (
        "validate check route who coverage can test export build diff publish workload".split()
    )
    assert sorted(expected) == JSON_COMMANDS
    assert not _speaks_json("render") and not _speaks_json("rules") and not _speaks_json("nope")


# --- --format json through bad inputs ---------------------------------------------------


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_missing_path_is_json_and_exit_2(name: str, tmp_path: Path, capsys: Any) -> None:
    args = arguments(name, str(tmp_path / "missing"), tmp_path)
    code, out, err = run(capsys, name, *args, "--format", "json")
    payload = json.loads(out)
    assert code == 2, (out, err)
    assert "Traceback" not in err
    assert any(p["code"] == "GR005" for p in payload["problems"])


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_invalid_policy_is_its_problems_as_json(
    name: str, tmp_path: Path, make_policy: Any, capsys: Any
) -> None:
    folder = make_policy(BROKEN)
    code, out, err = run(capsys, name, *arguments(name, str(folder), tmp_path), "--format", "json")
    payload = json.loads(out)
    # validate judges the policy it is given (1); every other command refuses it as input (2)
    assert code == (1 if name == "validate" else 2), (out, err)
    assert "Traceback" not in err
    assert any(
        p["level"] == "error" and p["file"].endswith("roles.yaml") and p["line"] > 0
        for p in payload["problems"]
    )
    if name not in ("validate", "test"):  # their own reports; every refusal carries an error
        assert payload["error"]["code"] == "invalid_policy"
        assert set(payload) >= {"version", "jurisdictions", "summary", "problems"}
        assert payload["summary"]["errors"] >= 1


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_bad_option_value_is_a_json_usage_error(name: str, tmp_path: Path, capsys: Any) -> None:
    args = arguments(name, BASE, tmp_path)
    code, out, err = run(capsys, name, *args, "--lang", "klingon", "--format", "json")
    error = json.loads(out)["error"]
    assert code == 2 and error["code"] == "usage" and error["exit_code"] == 2
    assert "klingon" in error["message_en"] and error["message_zh"]
    assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("name", JSON_COMMANDS)
def test_internal_error_is_json_exit_3_and_a_log(
    name: str, tmp_path: Path, crash_dir: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(f"gridrules.cli.{COMMANDS[name][0]}")
    monkeypatch.setattr(module.command, "callback", boom)
    code, out, err = run(capsys, name, *arguments(name, BASE, tmp_path), "--format", "json")
    error = json.loads(out)["error"]
    assert code == 3 and error["code"] == "internal" and error["exception"] == "KeyError"
    log = Path(error["log"])
    assert log.parent == crash_dir and "Traceback" in log.read_text(encoding="utf-8")
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert "secret-pw" not in log.read_text(encoding="utf-8")  # a store URL's password


# --- text mode ---------------------------------------------------------------------------


def test_forced_crash_in_check_exits_3_with_one_line_and_a_log(
    capsys: Any, crash_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gridrules import Engine

    monkeypatch.setattr(Engine, "check", boom)
    code, out, err = run(
        capsys, "check", *arguments("check", BASE, crash_dir)[:9], "--at", "2025-01-01"
    )
    assert code == 3 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert lines[0].startswith("gridrules: internal error in gridrules check (KeyError: 'forced')")
    logs = list(crash_dir.glob("gridrules-crash-*.log"))
    assert len(logs) == 1 and str(logs[0]) in lines[0]
    text = logs[0].read_text(encoding="utf-8")
    assert "Traceback (most recent call last)" in text and "KeyError: 'forced'" in text
    assert "in boom" in text and "command: gridrules check" in text


def test_crash_line_in_chinese(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from gridrules import Engine

    monkeypatch.setattr(Engine, "check", boom)
    code, _, err = run(capsys, "check", *arguments("check", BASE, Path())[:9], "--lang", "zh")
    assert code == 3 and "内部错误" in err and "请报告" in err and len(err.splitlines()) == 1


def test_unwritable_cache_falls_back_to_the_temp_dir(
    tmp_path: Path, capsys: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # a file: no folder can be made in it
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    monkeypatch.setattr(importlib.import_module("gridrules.cli.rules").command, "callback", boom)
    code, _, err = run(capsys, "rules")
    assert code == 3 and str(tmp_path / "tmp") in err
    assert len(list((tmp_path / "tmp").glob("gridrules-crash-*.log"))) == 1


def test_gridrules_errors_speak_the_users_language(capsys: Any) -> None:
    code, _, err = run(capsys, "route", BASE, "-m", "nope", "--lang", "zh")
    assert code == 2 and err.strip().splitlines() == ["错误：政策中没有事项 “nope”"]


def test_interrupt_exits_130(capsys: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def interrupt(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(
        importlib.import_module("gridrules.cli.rules").command, "callback", interrupt
    )
    code, _, err = run(capsys, "rules")
    assert code == 130 and "Traceback" not in err


def test_unreadable_request_file_is_2(capsys: Any, tmp_path: Path) -> None:
    code, out, _ = run(
        capsys, "check", BASE, "--request", str(tmp_path / "none.json"), "--format", "json"
    )
    assert code == 2 and json.loads(out)["error"]["code"] == "usage"


def test_read_invocation() -> None:
    def speaks(name: str) -> bool:
        return name == "check"

    inv = outcome.read_invocation(["check", "P", "--format=json", "--lang", "zh"], speaks)
    assert inv == outcome.Invocation(
        "check", "zh", True, ("check", "P", "--format=json", "--lang", "zh")
    )
    assert not outcome.read_invocation(["rules", "--format", "json"], speaks).json
    assert not outcome.read_invocation(["check", "--", "--format", "json"], speaks).json
    assert outcome.read_invocation(["--version"], speaks).command is None


def test_code_of_known_errors() -> None:
    from gridrules.decision import QueryError, RequestError
    from gridrules.errors import GridrulesError
    from gridrules.problems import Text

    t = Text("x", "x")
    assert outcome._code_of(RequestError(t)) == "request"
    assert outcome._code_of(QueryError("unknown_grid", t)) == "unknown_grid"
    assert outcome._code_of(GridrulesError(t)) == "error"
    assert outcome._code_of(click.UsageError("u")) == "usage"
    assert outcome._code_of(click.FileError("f")) == "unreadable"
