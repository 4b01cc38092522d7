"""One path policy: symlinks leaving the root, special files, loops, permissions (issue 11, 1)."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from .support import policy_root, validate

OUTSIDE_ROLES = """\
kind: roles
version: 1
roles:
  - id: intruder
    name: 外来角色
    category: full_time
    tier: grid
    scope: jurisdiction
"""


def _no_traceback(run) -> None:
    assert "Traceback" not in run.err, run.err


def test_symlinked_yaml_from_outside_the_root_is_refused(tmp_path: Path) -> None:
    _root, folder = policy_root(tmp_path)
    outside = tmp_path / "elsewhere" / "roles.yaml"
    outside.parent.mkdir()
    outside.write_text(OUTSIDE_ROLES, encoding="utf-8")
    (folder / "extra_roles.yaml").symlink_to(outside)
    run = validate(folder)
    _no_traceback(run)
    escapes = run.problems("GR006")
    assert escapes and escapes[0]["file"].endswith("extra_roles.yaml"), run.out
    assert run.code != 0


def test_symlinked_csv_from_outside_the_root_is_refused_at_the_csv_line(tmp_path: Path) -> None:
    _root, folder = policy_root(
        tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n"}
    )
    outside = tmp_path / "host.csv"
    outside.write_text("id,name,tier\nS01,示例街道,street\n", encoding="utf-8")
    (folder / "grids.csv").symlink_to(outside)
    run = validate(folder)
    _no_traceback(run)
    [problem] = run.problems("GR006")
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.yaml", 3)


def test_fifo_as_policy_file_is_refused_not_skipped_and_never_hangs(tmp_path: Path) -> None:
    _root, folder = policy_root(tmp_path)
    os.mkfifo(folder / "extra.yaml")
    run = validate(folder)  # the landed code skipped it silently: "valid", exit 0
    _no_traceback(run)
    [problem] = run.problems("GR012")
    assert problem["file"].endswith("extra.yaml") and "FIFO" in problem["message"]
    assert run.code == 2


def test_fifo_as_registry_csv_never_hangs(tmp_path: Path) -> None:
    _root, folder = policy_root(
        tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n"}
    )
    os.mkfifo(folder / "grids.csv")
    run = validate(folder)  # the landed code blocked in open() until the timeout
    _no_traceback(run)
    [problem] = run.problems("GR012")
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.yaml", 3)


def test_dev_zero_symlink_is_refused(tmp_path: Path) -> None:
    _root, folder = policy_root(tmp_path)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    run = validate(folder)  # landed: skipped silently, exit 0
    _no_traceback(run)
    assert {"GR006", "GR012"} & set(run.codes), run.out
    assert run.code != 0


def test_character_device_inside_the_root_is_refused(tmp_path: Path) -> None:
    # With the root at /, /dev/zero is inside it: only "regular files only" can refuse it.
    _root, folder = policy_root(tmp_path)
    (folder / "zero.yaml").symlink_to("/dev/zero")
    run = validate(folder, "--root", "/")
    _no_traceback(run)
    [problem] = run.problems("GR012")
    assert "character device" in problem["message"]


def test_dev_zero_read_is_bounded_by_the_path_policy(tmp_path: Path) -> None:
    from gridrules.paths import SourceError, read_bounded

    with pytest.raises(SourceError) as refused:
        read_bounded(Path("/dev/zero"), "/dev/zero", 1024)
    assert refused.value.problem.code == "GR012"


def test_symlink_loop_in_extends_is_reported(tmp_path: Path) -> None:
    root, folder = policy_root(tmp_path)
    (root / "loop_a").symlink_to(root / "loop_b")
    (root / "loop_b").symlink_to(root / "loop_a")
    meta = folder / "jurisdiction.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "extends: ../loop_a\n", encoding="utf-8")
    run = validate(folder)  # landed: RuntimeError traceback
    _no_traceback(run)
    [problem] = run.problems("GR011")
    assert Path(problem["file"]).name == "jurisdiction.yaml" and problem["line"] > 1
    assert "symlink loop" in problem["message"]


def test_unreadable_csv_says_permission_denied(tmp_path: Path) -> None:
    _root, folder = policy_root(
        tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n"}
    )
    csv = folder / "grids.csv"
    csv.write_text("id,name,tier\nS01,示例街道,street\n", encoding="utf-8")
    csv.chmod(0)
    run = validate(folder, unprivileged=True)  # landed: "CSV file 'grids.csv' not found"
    _no_traceback(run)
    [problem] = run.problems("GR011")
    assert "permission denied" in problem["message"] and "not found" not in problem["message"]
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.yaml", 3)


def test_unreadable_yaml_says_permission_denied(tmp_path: Path) -> None:
    _root, folder = policy_root(tmp_path)
    (folder / "matters.yaml").chmod(0)
    run = validate(folder, unprivileged=True)
    _no_traceback(run)
    [problem] = run.problems("GR011")
    assert problem["file"].endswith("matters.yaml") and "permission denied" in problem["message"]
    assert run.code == 2


def test_unreadable_jurisdiction_folder_is_a_problem_not_a_traceback(tmp_path: Path) -> None:
    root, folder = policy_root(tmp_path)
    folder.chmod(stat.S_IWUSR | stat.S_IXUSR)  # may enter, may not list
    try:
        run = validate(root, unprivileged=True)  # landed: PermissionError traceback
    finally:
        folder.chmod(0o755)
    _no_traceback(run)
    [problem] = run.problems("GR011")
    assert "permission denied" in problem["message"]
    assert run.code == 2


def test_unreadable_parent_folder_of_a_csv(tmp_path: Path) -> None:
    _root, folder = policy_root(
        tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: data/grids.csv\n"}
    )
    data = folder / "data"
    data.mkdir()
    (data / "grids.csv").write_text("id,name,tier\nS01,示例街道,street\n", encoding="utf-8")
    data.chmod(0)
    try:
        run = validate(folder, unprivileged=True)
    finally:
        data.chmod(0o755)
    _no_traceback(run)
    [problem] = run.problems("GR011")
    assert (Path(problem["file"]).name, problem["line"]) == ("grids.yaml", 3)


def test_store_folders_use_the_same_policy(tmp_path: Path) -> None:
    from gridrules.paths import SourceError, check_folder

    store = tmp_path / "store"
    store.mkdir()
    (store / "v1").mkdir()
    (store / "away").symlink_to(tmp_path)
    assert check_folder(store / "v1", store, "v1") == (store / "v1").resolve()
    with pytest.raises(SourceError) as refused:
        check_folder(store / "away", store, "away")
    assert refused.value.problem.code == "GR006"
    with pytest.raises(SourceError) as refused:
        check_folder(Path("/etc"), store, "/etc")
    assert refused.value.problem.code == "GR006"
