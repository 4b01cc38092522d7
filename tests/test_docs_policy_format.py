"""docs/policy-format.md cannot drift: every fenced block under a `<!-- file: NAME -->` marker
is exactly that file of the doc-example fixture, every fixture file is shown, and the files
as a reader would copy them — inline, and with the CSV registry variant — validate cleanly,
pass their tests and leave no coverage gap."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from gridrules.cli.main import main

from conftest import FIXTURES, ROOT

DOC = ROOT / "docs" / "policy-format.md"
FIXTURE = FIXTURES / "valid" / "docs_example" / "policy"
BLOCK = re.compile(
    r"^<!-- file: (?P<name>\S+)(?P<variant> \(CSV variant\))? -->\n```(?:yaml|csv)\n(?P<text>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)
GRID = ("-g", "S01C01G01")
TODAY = "2026-11-22"  # the date test_fixtures validates on (the heating admission is temporary)


def blocks() -> tuple[dict[str, str], dict[str, str]]:
    main_set: dict[str, str] = {}
    variant: dict[str, str] = {}
    for m in BLOCK.finditer(DOC.read_text(encoding="utf-8")):
        target = variant if m.group("variant") else main_set
        assert m.group("name") not in target, f"{m.group('name')} shown twice"
        target[m.group("name")] = m.group("text")
    return main_set, variant


REGENERATE = "the fixture is written from the doc: run python scripts/build_docs_example.py"


def test_every_block_is_its_fixture_file_and_every_file_is_shown() -> None:
    shown, _ = blocks()
    files = {p.relative_to(FIXTURE).as_posix() for p in FIXTURE.rglob("*") if p.is_file()}
    assert set(shown) == files, REGENERATE
    for name, text in shown.items():
        assert (FIXTURE / name).read_text(encoding="utf-8") == text, f"{name}: {REGENERATE}"


def test_every_document_kind_has_a_complete_example() -> None:
    from gridrules.vocabulary import DOCUMENT_KINDS_VOCABULARY  # the kinds the loader knows

    shown, variant = blocks()
    kinds = {
        m.group(1) for m in re.finditer(r"^kind: (\w+)", "".join(shown.values()), re.MULTILINE)
    }
    known = set(DOCUMENT_KINDS_VOCABULARY.ids)
    documented = {"jurisdiction", "tiers", "roles", "matters", "responsibilities", "admission"}
    documented |= {"escalation", "party", "emergency", "grids", "roster", "test"}
    assert documented <= kinds
    missing = sorted(known - kinds - {"test"})
    assert not missing, f"kinds without a complete example in docs/policy-format.md: {missing}"
    assert {"grids.csv", "roster.csv"} <= set(variant)


@pytest.mark.parametrize("variant", ["inline", "csv"])
def test_the_example_as_copied_from_the_doc_works(
    variant: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shown, csv_variant = blocks()
    folder = tmp_path / "jinguan"
    files = {**shown, **(csv_variant if variant == "csv" else {})}
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    for command in (
        ["validate", str(folder), "--strict", "--today", TODAY],
        ["test", str(folder)],
        ["coverage", str(folder), "--at", TODAY],
        ["check", str(folder), "-p", "W001", "-a", "handle", "-m", "neighbour_dispute", *GRID],
        ["route", str(folder), "-m", "fire_hazard", "-g", "S01C01G01"],
    ):
        code = main(command)
        out = capsys.readouterr().out
        assert code == 0, (command, out)
    shutil.rmtree(folder)
