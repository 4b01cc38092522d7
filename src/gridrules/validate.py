"""Validation: files → shapes (JSON Schema) → model → semantic rules, every problem collected."""

from __future__ import annotations

import datetime as dt
import os
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from gridrules.build import build_policy
from gridrules.catalogue import msg
from gridrules.gcpause import paused_gc
from gridrules.loader import (
    LoadResult,
    check_shapes,
    display_path,
    missing_folder_problem,
    read_chain,
)
from gridrules.paths import unreadable
from gridrules.problems import Level, Location, Problem, has_errors, sorted_problems

# exit 2: the input could not be read
UNREADABLE = frozenset({"GR001", "GR003", "GR004", "GR005", "GR011", "GR012"})


def validate_folder(
    folder: Path, *, root: Path | None = None, run_rules: bool = True, today: dt.date | None = None
) -> LoadResult:
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return LoadResult(None, [missing_folder_problem(folder)])
    except (OSError, RuntimeError) as exc:  # a folder above it we may not enter, a loop
        return LoadResult(None, [unreadable(display_path(folder), exc)])
    if not stat.S_ISDIR(mode):
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

    Every jurisdiction below a folder is found, nested ones included, so a policy
    laid out deeper than one level (`policies/wuhou/chengdu-wuhou`) is never left out
    of CI. A folder with none yields [] (see `no_jurisdiction_problem`); a file
    outside any jurisdiction (a CI config passed by pre-commit) yields nothing too.
    """
    if path.is_file():
        owner = next((p for p in path.resolve().parents if is_jurisdiction(p)), None)
        return [owner] if owner is not None else []
    if not path.is_dir():
        return [path]  # reported as missing (or unreadable) by validate_folder
    found: list[Path] = []
    unreadable_dirs: list[Path] = []  # never skipped silently: validating them says why

    def refused(error: OSError) -> None:
        # a folder inside a jurisdiction (its data/) is reported by the reference that names it
        if error.filename is not None and not any(f in Path(error.filename).parents for f in found):
            unreadable_dirs.append(Path(error.filename))

    for current, dirs, _files in os.walk(path, onerror=refused, followlinks=False):
        here = Path(current)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d != "node_modules")
        if is_jurisdiction(here):
            found.append(here)
    return sorted(found + unreadable_dirs)


def no_jurisdiction_problem(path: Path) -> Problem:
    shown = display_path(path)
    return Problem(
        "GR010",
        "no-jurisdiction",
        Level.ERROR,
        msg("core.validate.no_jurisdiction.message", folder=shown),
        Location(shown),
        hint=msg("core.validate.no_jurisdiction.hint"),
    )


def one_jurisdiction(path: str | Path) -> Path:
    """The jurisdiction a one-policy command (render) works on: PATH itself, or the only one
    below it. No jurisdiction, or several, is a usage error that says so."""
    from gridrules.errors import GridrulesError

    folder = Path(path)
    if not folder.is_dir() or is_jurisdiction(folder):
        return folder  # missing or unreadable folders are reported by the loader
    found = jurisdiction_folders(folder)
    if len(found) == 1:
        return found[0]
    shown = display_path(folder)
    if not found:
        raise GridrulesError(no_jurisdiction_problem(folder).message)
    names = ", ".join(display_path(f) for f in found)
    raise GridrulesError(msg("core.validate.several", folder=shown, count=len(found), names=names))


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
        folders = jurisdiction_folders(Path(raw))
        if not folders and Path(raw).is_dir():
            report.folders.append(display_path(Path(raw)))
            found.append(no_jurisdiction_problem(Path(raw)))
        for folder in folders:
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
