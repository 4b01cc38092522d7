"""`gridrules render` as a user runs it: exit codes, one-line errors, atomic output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from gridrules.cli.main import main

from render_support import EXAMPLE_BASE


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["render", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


def test_renders_html_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handbook"
    code, stdout, _ = run(
        capsys, str(EXAMPLE_BASE), "--out", str(out), "--format", "html", "--lang", "zh"
    )
    assert code == 0
    assert "手册已生成" in stdout and "HTML 11 页" in stdout
    assert (out / "index.html").is_file() and not (out / "pdf").exists()


def test_role_and_grid_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handbook"
    code, _, _ = run(
        capsys,
        str(EXAMPLE_BASE),
        "--out",
        str(out),
        "--format",
        "html",
        "--role",
        "full_time_worker",
        "--grid",
        "S01C01G02",
    )
    assert code == 0
    assert [p.name for p in (out / "cards").iterdir()] == ["full_time_worker.html"]
    assert [p.name for p in (out / "notices").iterdir()] == ["S01C01G02.html"]


def test_english_handbook(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "handbook"
    code, stdout, _ = run(
        capsys, str(EXAMPLE_BASE), "-o", str(out), "--format", "html", "--lang", "en"
    )
    assert code == 0 and "handbook written" in stdout
    manual = (out / "manual.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in manual and "Operating manual" in manual


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--format", "docx"], "unknown format"),
        (["--format", "html", "--role", "mayor"], "no role 'mayor'"),
        (["--format", "html", "--grid", "X99"], "no grid 'X99'"),
    ],
)
def test_bad_options_exit_2_in_one_line(
    args: list[str], needle: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "handbook"
    code, _, err = run(capsys, str(EXAMPLE_BASE), "--out", str(out), "--lang", "en", *args)
    assert code == 2
    assert needle in one_line_error(err)
    assert not out.exists()


def test_missing_folder_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(
        capsys, str(tmp_path / "nowhere"), "--out", str(tmp_path / "o"), "--lang", "en"
    )
    assert code == 2 and "does not exist" in err and "Traceback" not in err


def test_invalid_policy_exits_2_with_its_problems(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], make_policy: Callable[..., Path]
) -> None:
    roles = (EXAMPLE_BASE / "roles.yaml").read_text(encoding="utf-8")
    folder = make_policy(
        {"roles.yaml": roles.replace("reports_to: community_leader", "reports_to: nobody")}
    )
    code, _, err = run(capsys, str(folder), "--out", str(tmp_path / "o"), "--lang", "en")
    assert code == 2 and "roles.yaml:" in err and "Traceback" not in err  # refused input
    assert not (tmp_path / "o").exists()


def test_never_overwrites_a_folder_it_did_not_write(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    code, _, err = run(
        capsys, str(EXAMPLE_BASE), "--out", str(out), "--format", "html", "--lang", "en"
    )
    assert code == 2 and "not empty" in one_line_error(err)
    assert [p.name for p in out.iterdir()] == ["notes.txt"]


def test_replaces_an_earlier_handbook_atomically(
    tmp_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    out = tmp_path / "handbook"
    assert run(capsys, str(EXAMPLE_BASE), "--out", str(out), "--format", "html")[0] == 0
    before = (out / "gridrules-handbook.json").read_text(encoding="utf-8")

    # a failure half-way leaves the earlier handbook untouched and no partial folder behind
    from gridrules.render import html

    def broken(*args: object, **kwargs: object) -> None:
        (args[2] / "index.html").write_text("half")  # type: ignore[operator]
        raise OSError("disk full")

    monkeypatch.setattr(html, "write_site", broken)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))
    # an unexpected exception: exit 3 and one line naming the crash log (docs/cli.md)
    code, _, err = run(capsys, str(EXAMPLE_BASE), "--out", str(out), "--format", "html")
    assert code == 3 and "OSError: disk full" in one_line_error(err)
    assert (out / "gridrules-handbook.json").read_text(encoding="utf-8") == before
    assert "half" not in (out / "index.html").read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook"]

    monkeypatch.undo()
    assert (
        run(
            capsys,
            str(EXAMPLE_BASE),
            "--out",
            str(out),
            "--format",
            "html",
            "--role",
            "full_time_worker",
        )[0]
        == 0
    )
    manifest = json.loads((out / "gridrules-handbook.json").read_text(encoding="utf-8"))
    assert "cards/community_leader.html" not in manifest["files"]
    assert not (out / "cards" / "community_leader.html").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["handbook"]


def test_listed_in_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--help"]) == 0
    assert "render" in capsys.readouterr().out
