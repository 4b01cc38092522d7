"""Hostile inputs that already held before issue 11: kept held."""

from __future__ import annotations

from pathlib import Path

from .support import policy_root, validate


def test_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = "kind: matters\nversion: 1\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]\n" for i in range(1, 9)
    )
    _, folder = policy_root(tmp_path, {"bomb.yaml": bomb})
    run = validate(folder)
    assert run.problems("GR003") and "Traceback" not in run.err


def test_duplicate_keys_are_refused(tmp_path: Path) -> None:
    _, folder = policy_root(
        tmp_path, {"extra.yaml": "kind: matters\nversion: 1\nversion: 1\nmatters: []\n"}
    )
    [problem] = validate(folder).problems("GR002")
    assert problem["line"] == 3


def test_gbk_input_is_refused_at_its_byte(tmp_path: Path) -> None:
    _, folder = policy_root(tmp_path)
    (folder / "extra.yaml").write_bytes("kind: matters\n# 网格\n".encode("gbk"))
    [problem] = validate(folder).problems("GR004")
    assert (problem["line"], problem["column"]) == (2, 3)


def test_gbk_csv_is_refused_at_its_line(tmp_path: Path) -> None:
    _, folder = policy_root(tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n"})
    (folder / "grids.csv").write_bytes("id,name,tier\nS01,示例街道,street\n".encode("gbk"))
    [problem] = validate(folder).problems("GR004")
    assert problem["line"] == 2


def test_escaping_extends_and_csv_are_refused(tmp_path: Path) -> None:
    _, folder = policy_root(tmp_path, {"grids.yaml": "kind: grids\nversion: 1\ncsv: ../../x.csv\n"})
    meta = folder / "jurisdiction.yaml"
    meta.write_text(meta.read_text(encoding="utf-8") + "extends: ../../..\n", encoding="utf-8")
    run = validate(folder)
    assert len(run.problems("GR006")) == 2 and "Traceback" not in run.err


def test_oversized_yaml_is_refused_before_parsing(tmp_path: Path) -> None:
    _, folder = policy_root(tmp_path)
    with (folder / "big.yaml").open("w", encoding="utf-8") as out:
        out.write("kind: matters\nversion: 1\n")
        out.write("#" * (21 * 1024 * 1024) + "\n")
    assert validate(folder).problems("GR003")
