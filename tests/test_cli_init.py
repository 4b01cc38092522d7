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
    assert "schemas.v1" not in (target / "tiers.yaml").read_text(encoding="utf-8")
    assert "https://gridrules.org/schemas/v1/tiers.schema.json" in (
        target / "tiers.yaml"
    ).read_text(encoding="utf-8")


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
    folders = sorted(p.name for p in made.iterdir())
    assert children[0] in folders and len(folders) >= 2
    result = validate_folder(made / children[0])
    assert result.ok, result.problems[:3]
    assert result.policy.jurisdiction.id == "newdistrict"
