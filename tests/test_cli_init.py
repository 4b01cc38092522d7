from __future__ import annotations

from gridrules.cli.main import main
from gridrules.scaffold import bundled_examples
from gridrules.validate import validate_folder


def test_list(capsys):
    assert main(["init", "--list"]) == 0
    assert "chengdu" in capsys.readouterr().out


def test_init_copies_renames_and_validates(tmp_path, capsys):
    target = tmp_path / "mycity"
    assert (
        main(["init", str(target), "--from", "chengdu", "--id", "mycity", "--name", "我的城市"])
        == 0
    )
    result = validate_folder(target)
    assert result.ok, result.problems
    assert (result.policy.jurisdiction.id, result.policy.jurisdiction.names.zh) == (
        "mycity",
        "我的城市",
    )
    first = (target / "tiers.yaml").read_text(encoding="utf-8").splitlines()[0]
    ref = first.split("$schema=", 1)[1]
    assert "://" not in ref  # a relative path to the shipped schema: resolves offline
    assert (target / ref).resolve().is_file()


def test_init_never_overwrites(tmp_path, capsys):
    target = tmp_path / "x"
    target.mkdir()
    (target / "keep.txt").write_text("mine")
    assert main(["init", str(target)]) == 2
    assert (target / "keep.txt").read_text() == "mine"
    assert "never overwrites" in capsys.readouterr().err


def test_unknown_example(tmp_path, capsys):
    assert main(["init", str(tmp_path / "x"), "--from", "atlantis", "--lang", "en"]) == 2
    assert "atlantis" in capsys.readouterr().err
    assert not (tmp_path / "x").exists()


def test_example_that_extends_copies_its_chain(tmp_path, capsys):
    children = [name for name in bundled_examples() if "-" in name]
    if not children:
        return
    made = tmp_path / "district"
    assert main(["init", str(made), "--from", children[0], "--id", "newdistrict"]) == 0
    # the new jurisdiction is DIRECTORY itself; what it extends sits beside it
    assert (made / "jurisdiction.yaml").is_file()
    assert len([p for p in tmp_path.iterdir() if (p / "jurisdiction.yaml").is_file()]) >= 2
    result = validate_folder(made)
    assert result.ok, result.problems[:3]
    assert result.policy.jurisdiction.id == "newdistrict"
