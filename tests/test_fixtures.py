"""Policy folders with known faults, validated through the CLI as a user would.

Each case is tests/fixtures/{invalid,valid}/<case>/: the jurisdiction to
validate is `policy/` (a case about `extends` also holds the `parent/` it
extends), and an invalid case lists the problems it must report in
`expected.yaml` as `- {code: GR301, file: grids.yaml, line: 5}`: exactly those,
each as many times as listed, nothing else.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from gridrules.cli.main import main
from gridrules.problems import Level
from gridrules.rules import REGISTRY

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TODAY = "2026-11-22"  # admission expiry (GR503) is judged as of this date

INVALID = sorted(p for p in (FIXTURES / "invalid").iterdir() if p.is_dir())
VALID = sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())

Key = tuple[str, str, int]


def run(case: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(
        [
            "validate",
            str(case / "policy"),
            "--format",
            "json",
            "--root",
            str(case),
            "--today",
            TODAY,
            *extra,
        ]
    )
    return code, json.loads(capsys.readouterr().out)


def found(report: dict[str, Any]) -> Counter[Key]:
    return Counter((p["code"], Path(p["file"]).name, p["line"]) for p in report["problems"])


def expected(case: Path) -> Counter[Key]:
    items = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    return Counter((item["code"], item["file"], item["line"]) for item in items)


@pytest.mark.parametrize("case", INVALID, ids=lambda p: p.name)
def test_invalid_fixture_reports_exactly_the_expected_problems(
    case: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    want = expected(case)
    assert want, f"{case.name}/expected.yaml lists no problem"
    code, report = run(case, capsys)
    assert found(report) == want
    errors = any(REGISTRY[c].level is Level.ERROR for c, _, _ in want)
    assert code == (1 if errors else 0)
    if not errors:  # warnings only: they fail under --strict
        code, _ = run(case, capsys, "--strict")
        assert code == 1


@pytest.mark.parametrize("case", VALID, ids=lambda p: p.name)
def test_valid_fixture_is_clean(case: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, report = run(case, capsys, "--strict")
    assert report["problems"] == []
    assert code == 0


def test_every_semantic_rule_has_an_invalid_fixture() -> None:
    from gridrules.rules import SEMANTIC

    covered = {code for case in INVALID for code, _, _ in expected(case)}
    assert {r.code for r in SEMANTIC} - covered == set()
