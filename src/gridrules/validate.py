"""Validation: files → shapes (JSON Schema) → model → semantic rules, every problem collected."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gridrules.build import build_policy
from gridrules.gcpause import paused_gc
from gridrules.loader import (
    LoadResult,
    check_shapes,
    display_path,
    missing_folder_problem,
    read_chain,
)
from gridrules.problems import Level, Problem, has_errors, sorted_problems

UNREADABLE = frozenset({"GR001", "GR003", "GR004", "GR005"})  # exit 2: the input could not be read


def validate_folder(
    folder: Path, *, root: Path | None = None, run_rules: bool = True, today: dt.date | None = None
) -> LoadResult:
    if not folder.is_dir():
        return LoadResult(None, [missing_folder_problem(folder)])
    with paused_gc():
        return _validate(folder, root, run_rules, today)


def _validate(
    folder: Path, root: Path | None, run_rules: bool, today: dt.date | None
) -> LoadResult:
    layers, problems = read_chain(folder, root)
    problems += check_shapes(layers)
    if has_errors(problems):
        # Semantic rules need well-formed documents; shape errors come first.
        return LoadResult(None, sorted_problems(problems))  # nothing built
    policy = build_policy(layers)
    if run_rules:
        from gridrules.rules import SEMANTIC, Context

        ctx = Context(policy, layers, today or dt.date.today())
        for rule in SEMANTIC:
            problems += rule.run(ctx)
    problems = sorted_problems(problems)
    return LoadResult(None if has_errors(problems) else policy, problems, built=policy)


def jurisdiction_folders(path: Path) -> list[Path]:
    """A jurisdiction folder itself, a file inside one, or a folder of jurisdictions.

    A file outside any jurisdiction (a CI config passed by pre-commit) yields nothing.
    """
    if path.is_file():
        owner = next((p for p in path.resolve().parents if is_jurisdiction(p)), None)
        return [owner] if owner is not None else []
    if path.is_dir() and not is_jurisdiction(path):
        children = sorted(p for p in path.iterdir() if p.is_dir() and is_jurisdiction(p))
        if children:
            return children
    return [path]


def is_jurisdiction(folder: Path) -> bool:
    """A folder holding a jurisdiction document."""
    return (folder / "jurisdiction.yaml").is_file() or (folder / "jurisdiction.yml").is_file()


@dataclass
class ValidationReport:
    folders: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.level is Level.ERROR for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.level is Level.WARNING for p in self.problems)

    def exit_code(self, *, strict: bool = False) -> int:
        if any(p.code in UNREADABLE for p in self.problems):
            return 2
        return 1 if has_errors(self.problems, strict=strict) else 0


def validate_paths(
    paths: Iterable[str | Path], *, root: str | Path | None = None, today: dt.date | None = None
) -> ValidationReport:
    """Validate each jurisdiction named (or found one level below a named folder)."""
    report = ValidationReport()
    found: list[Problem] = []
    seen: set[Path] = set()
    root_path = Path(root) if root else None
    for raw in paths:
        for folder in jurisdiction_folders(Path(raw)):
            resolved = folder.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            report.folders.append(display_path(folder))
            result = validate_folder(folder, root=root_path, today=today)
            found += result.problems
    # A parent validated on its own and again through its child reports each problem once.
    report.problems = sorted_problems(found)
    return report
