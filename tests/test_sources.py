from __future__ import annotations

from pathlib import Path

import pytest

from gridrules.sources import SourceError, load_csv, load_yaml


def write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


def test_positions_are_one_based_line_and_column(tmp_path):
    path = write(tmp_path, "a.yaml", "kind: tiers\ntiers:\n  - id: grid\n    name: 网格\n")
    (doc,) = load_yaml(path, "a.yaml")
    loc = doc.locate(("tiers", 0, "name"))
    assert (loc.file, loc.line, loc.column) == ("a.yaml", 4, 11)


def test_missing_key_points_at_nearest_parent(tmp_path):
    (doc,) = load_yaml(write(tmp_path, "a.yaml", "tiers:\n  - id: grid\n"), "a.yaml")
    assert doc.locate(("tiers", 0, "parent")).line == 2


def test_dates_stay_strings_for_the_schema(tmp_path):
    (doc,) = load_yaml(write(tmp_path, "a.yaml", "effective: 2024-01-01\n"), "a.yaml")
    assert doc.data == {"effective": "2024-01-01"}


def test_duplicate_key_is_refused_with_both_lines(tmp_path):
    path = write(tmp_path, "a.yaml", "kind: tiers\nname: a\nname: b\n")
    with pytest.raises(SourceError) as err:
        load_yaml(path, "a.yaml")
    problem = err.value.problem
    assert problem.code == "GR002"
    assert problem.location.line == 3
    assert "line 2" in problem.message.en


def test_syntax_error_is_positioned(tmp_path):
    with pytest.raises(SourceError) as err:
        load_yaml(write(tmp_path, "a.yaml", "a: [1, 2\nb: 3\n"), "a.yaml")
    assert err.value.problem.code == "GR001"
    assert err.value.problem.location.line >= 2


def test_alias_bomb_is_bounded(tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    with pytest.raises(SourceError) as err:
        load_yaml(write(tmp_path, "a.yaml", "\n".join(lines) + "\n"), "a.yaml")
    assert err.value.problem.code == "GR003"


def test_recursive_alias_is_bounded(tmp_path):
    with pytest.raises(SourceError) as err:
        load_yaml(write(tmp_path, "a.yaml", "a: &a [*a]\n"), "a.yaml")
    assert err.value.problem.code in ("GR001", "GR003")


def test_oversized_file_suggests_csv(tmp_path, monkeypatch):
    monkeypatch.setattr("gridrules.sources.YAML_MAX_BYTES", 10)
    with pytest.raises(SourceError) as err:
        load_yaml(write(tmp_path, "a.yaml", "grids: [1, 2, 3, 4, 5]\n"), "a.yaml")
    assert err.value.problem.code == "GR003"
    assert "CSV" in err.value.problem.hint.en


def test_non_utf8_names_line_and_byte(tmp_path):
    path = write(tmp_path, "a.yaml", b"a: 1\nname: " + "网格".encode("gbk") + b"\n")
    with pytest.raises(SourceError) as err:
        load_yaml(path, "a.yaml")
    problem = err.value.problem
    assert (problem.code, problem.location.line, problem.location.column) == ("GR004", 2, 7)


def test_utf8_bom_is_accepted(tmp_path):
    (doc,) = load_yaml(write(tmp_path, "a.yaml", "\ufeffkind: tiers\n"), "a.yaml")
    assert doc.data == {"kind": "tiers"}


def test_missing_file(tmp_path):
    with pytest.raises(SourceError) as err:
        load_yaml(tmp_path / "nope.yaml", "nope.yaml")
    assert err.value.problem.code == "GR005"


def test_merge_keys_are_refused(tmp_path):
    with pytest.raises(SourceError) as err:
        load_yaml(write(tmp_path, "a.yaml", "base: &b {x: 1}\nc:\n  <<: *b\n"), "a.yaml")
    assert err.value.problem.code == "GR001"


def test_csv_rows_keep_their_lines_and_cell_columns(tmp_path):
    path = write(tmp_path, "g.csv", 'id,name,households\nG1,"一,二",30\n\nG2,三,abc\n')
    table = load_csv(path, "g.csv")
    assert [r[0] for r in table.rows] == ["G1", "G2"]
    assert list(table.row_lines) == [2, 4]  # an array: rows stream, their lines stay
    loc = table.locate((1, "households"))
    assert (loc.line, loc.column) == (4, 6)
    assert table.locate((0, "households")).column == 10  # the quoted comma is not a separator


def test_csv_ragged_row_is_positioned(tmp_path):
    with pytest.raises(SourceError) as err:
        list(load_csv(write(tmp_path, "g.csv", "id,name\nG1,a\nG2,b,c\n"), "g.csv").rows)
    assert (err.value.problem.code, err.value.problem.location.line) == ("GR008", 3)


def test_empty_csv(tmp_path):
    with pytest.raises(SourceError) as err:
        load_csv(write(tmp_path, "g.csv", ""), "g.csv")
    assert err.value.problem.code == "GR008"
