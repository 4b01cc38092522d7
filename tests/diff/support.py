"""Helpers for the diff tests: fixture cases, normalised JSON, golden files."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from dataclasses import replace
from pathlib import Path
from typing import Any

from gridrules.diff import DiffReport, SideSpec, diff_paths
from gridrules.diff.report import as_dict
from gridrules.diff.side import SideInfo

from conftest import FIXTURES, ROOT

DIFF_FIXTURES = FIXTURES / "diff"
AT = dt.date(2026, 6, 1)  # admissions are judged on a fixed day, whatever day the tests run
UPDATE = os.environ.get("GRIDRULES_UPDATE_GOLDEN") == "1"
CASES = sorted(p for p in DIFF_FIXTURES.iterdir() if p.is_dir() and not p.name.startswith("_"))
VOLATILE = frozenset({"source", "location"})  # paths depend on the working directory


def sides(case: Path) -> tuple[Path, Path]:
    spec = {"old": "old", "new": "new"}
    if (case / "case.json").is_file():
        spec.update(json.loads((case / "case.json").read_text()))
    return case / spec["old"], case / spec["new"]


def run_case(case: Path, *, pages: bool = True) -> DiffReport:
    """Diff a fixture pair from the repository root (so that sources read tests/fixtures/…)."""
    old, new = sides(case)
    root = str(DIFF_FIXTURES)
    with contextlib.chdir(ROOT):
        return diff_paths(
            SideSpec(str(old), root=root), SideSpec(str(new), root=root), at=AT, pages=pages
        )


def normalised(report: DiffReport) -> dict[str, Any]:
    """The report's JSON without what depends on where and when it ran."""
    data = as_dict(report)
    for side in ("old", "new"):
        data.pop(side)
    data.pop("names")
    # the validation rules' wording belongs to the rules: keep which rule, not its sentence
    data["validation"] = [{"code": v["code"], "rule": v["rule"]} for v in data["validation"]]
    return _strip(data)


def _strip(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip(v) for k, v in value.items() if k not in VOLATILE}
    if isinstance(value, list):
        return [_strip(v) for v in value]
    return value


def stable_sides(report: DiffReport) -> DiffReport:
    """The same report with fixed side labels and versions (for golden text)."""

    def fixed(info: SideInfo, label: str) -> SideInfo:
        return replace(info, label=label, path=label, version="<version>", commit=None)

    return replace(report, old=fixed(report.old, "old"), new=fixed(report.new, "new"))


def check_golden(path: Path, actual: str) -> None:
    if UPDATE:
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"{path} missing: run with GRIDRULES_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{path} differs (GRIDRULES_UPDATE_GOLDEN=1)"


__all__ = [
    "AT",
    "CASES",
    "DIFF_FIXTURES",
    "ROOT",
    "check_golden",
    "normalised",
    "run_case",
    "sides",
]
