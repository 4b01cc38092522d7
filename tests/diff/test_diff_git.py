"""--rev: a side read from a git revision of a temporary repository, the work tree untouched."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from gridrules.cli.main import main

from .support import DIFF_FIXTURES

CASE = "fx/part_time_grant/old"
GIT = ["git", "-c", "user.name=gridrules-test", "-c", "user.email=test@gridrules.invalid"]


def git(repo: Path, *args: str) -> str:
    done = subprocess.run([*GIT, *args], cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A repository whose HEAD holds the fixtures; the work tree then gets the new grant."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    shutil.copytree(DIFF_FIXTURES, root / "fx")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fixtures")
    new = root / "fx/part_time_grant/new/responsibilities.yaml"
    shutil.copy(new, root / CASE / "responsibilities.yaml")
    monkeypatch.chdir(root)
    yield root


def _temp_dirs() -> set[str]:
    return {p.name for p in Path(tempfile.gettempdir()).glob("gridrules-diff-*")}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["diff", *args, "--root", "fx", "--at", "2026-06-01", "--jobs", "1"])
    out, err = capsys.readouterr()
    return code, out, err


def test_rev_against_work_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    status, temps = git(repo, "status", "--porcelain"), _temp_dirs()
    code, out, err = run(capsys, "--rev", "HEAD", CASE, "--format", "json", "--fail-on", "widening")
    assert code == 1, err  # the work tree's new grant widens
    report = json.loads(out)
    assert report["old"]["label"] == f"HEAD:{CASE}"
    assert report["old"]["commit"] == git(repo, "rev-parse", "HEAD")
    assert [(p["role"], p["action"], p["matter"]) for p in report["permissions"]] == [
        ("part_time_worker", "handle", "garbage_overflow")
    ]
    assert (report["permissions"][0]["grids"], report["permissions"][0]["people"]) == (
        7,
        4,
    )  # G01–G03 and the micro grids inside them
    # sources inside the exported revision are shown as REV:path, never as the temp folder
    assert all(not s.startswith(tempfile.gettempdir()) for s in _sources(report))
    assert git(repo, "status", "--porcelain") == status  # nothing touched, nothing staged
    assert _temp_dirs() == temps  # the exported tree is gone


def test_two_revisions(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    git(repo, "commit", "-q", "-am", "part-time workers handle garbage overflow")
    code, out, err = run(capsys, "--rev", "HEAD~1", "--new-rev", "HEAD", CASE)
    assert code == 0, err
    assert "part_time_worker" in out and "HEAD~1:" in out


def test_extends_is_read_at_the_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The parent (_base) changes in the work tree only: the old side must not see it."""
    base = repo / "fx/_base/responsibilities.yaml"
    text = base.read_text(encoding="utf-8")
    base.write_text(
        text.replace(
            "actions: [report], matters: [rental_safety",
            "actions: [report, assist], matters: [rental_safety",
        ),
        encoding="utf-8",
    )
    git(repo, "checkout", "-q", "--", CASE)  # the child itself is unchanged
    code, out, err = run(capsys, "--rev", "HEAD", CASE, "--format", "json")
    assert code == 0, err
    gained = {(p["role"], p["action"], p["matter"]) for p in json.loads(out)["permissions"]}
    assert gained == {
        ("full_time_worker", "assist", "rental_safety"),
        ("full_time_worker", "assist", "street_occupation"),
    }


def test_unknown_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--rev", "no-such-branch", CASE)
    assert code == 2 and out == ""
    assert err.strip() == "unknown git revision 'no-such-branch'"


def test_folder_missing_at_revision(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copytree(repo / CASE, repo / "fx/brand_new")
    code, _, err = run(capsys, "--rev", "HEAD", "fx/brand_new")
    assert code == 2
    assert err.strip() == "folder fx/brand_new does not exist at revision HEAD"


def test_not_a_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(DIFF_FIXTURES, tmp_path / "fx")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    code, _, err = run(capsys, "--rev", "HEAD", CASE)
    assert code == 2
    assert "not inside a git repository" in err and "Traceback" not in err


def _sources(report: dict[str, object]) -> list[str]:
    out = []
    for key in ("permissions", "definitions", "flags"):
        out += [item["source"] for item in report[key]]  # type: ignore[index,union-attr]
    return out
