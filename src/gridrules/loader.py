"""Reading a jurisdiction folder and the folders it extends into typed documents.

A jurisdiction is a folder of YAML files, each declaring its `kind` and format
`version`; registries and rosters may point at CSV files. `extends` names the
parent folder (relative, inside the policy root). The result is a list of
layers, root ancestor first, plus every problem found on the way.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridrules import kinds
from gridrules.catalogue import msg
from gridrules.cells import SKIP, BadCell, cell_problem
from gridrules.model import Origin, Policy
from gridrules.paths import escapes, inside, list_folder, load_problem, unreadable
from gridrules.problems import Level, Location, Problem, has_errors
from gridrules.schema import schema_problems
from gridrules.sources import CsvTable, SourceError, YamlDocument, load_csv, load_yaml


@dataclass
class Row:
    """A registry or roster row: its fields and where it was written."""

    data: dict[str, Any]
    origin: Origin


@dataclass
class Document:
    kind: str
    file: str
    data: dict[str, Any]
    source: YamlDocument
    rows: list[Row] = field(default_factory=list)  # grids/roster, inline or from CSV
    csv_file: str | None = None  # the CSV the rows came from, if any

    def origin(self, *path: Any) -> Origin:
        return Origin(self.source, path)


@dataclass
class Layer:
    """One jurisdiction folder's documents."""

    folder: Path
    display: str
    documents: dict[str, list[Document]]

    def one(self, kind: str) -> Document | None:
        docs = self.documents.get(kind)
        return docs[0] if docs else None

    def all(self, kind: str) -> list[Document]:
        return self.documents.get(kind, [])

    @property
    def files(self) -> list[str]:
        return [
            name
            for docs in self.documents.values()
            for doc in docs
            for name in (doc.file, doc.csv_file)
            if name is not None
        ]


@dataclass
class LoadResult:
    policy: Policy | None  # None whenever there is an error-level problem
    problems: list[Problem]
    # The policy as built even when semantic rules found errors (None on shape errors): only for
    # callers that report those errors themselves, such as `gridrules diff`.
    built: Policy | None = None

    @property
    def ok(self) -> bool:
        return self.policy is not None and not has_errors(self.problems)


def display_path(path: Path) -> str:
    """Relative to the working directory when below it (short, clickable), else absolute."""
    absolute = Path(os.path.abspath(path))
    try:
        return str(absolute.relative_to(Path.cwd()))
    except ValueError:
        return str(absolute)


def _is_yaml_name(name: str) -> bool:
    return name.endswith((".yaml", ".yml")) and not name.startswith(".#")  # .# : editor locks


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, by name; special files are listed (reading refuses them),
    sub-folders are not."""
    try:
        entries = list_folder(folder, display_path(folder))
    except SourceError:
        return []
    return [
        Path(e.path)
        for e in entries
        if _is_yaml_name(e.name) and not e.is_dir(follow_symlinks=False)
    ]


def read_layer(folder: Path, root: Path | None = None) -> tuple[Layer, list[Problem]]:
    """One folder's documents. Every *.yaml / *.yml entry is read through gridrules.paths: a
    symlink leaving `root` (default: the folder), a FIFO or a device is a problem, never
    silently skipped."""
    problems: list[Problem] = []
    documents: dict[str, list[Document]] = {}
    root = root if root is not None else folder
    try:
        entries = list_folder(folder, display_path(folder))
    except SourceError as exc:
        problems.append(exc.problem)
        return Layer(folder, display_path(folder), documents), problems
    for entry in entries:
        if not _is_yaml_name(entry.name):
            continue
        path = Path(entry.path)
        display = display_path(path)
        try:
            parsed = load_yaml(path, display, root=root)
        except SourceError as exc:
            problems.append(exc.problem)
            continue
        for source in parsed:
            doc = _classify(source, problems)
            if doc is None:
                continue
            kind = kinds.by_name()[doc.kind]
            if kind.singleton and doc.kind in documents:
                first = documents[doc.kind][0].file
                problems.append(
                    Problem(
                        "GR009",
                        "duplicate-document",
                        Level.ERROR,
                        msg("loading.loader.singleton", kind=doc.kind, first=first),
                        source.locate(("kind",)),
                        path="$.kind",
                        value=doc.kind,
                        hint=msg("loading.loader.singleton_hint"),
                    )
                )
                continue
            if kind.rows is not None:
                _read_rows(doc, kind.rows, path.parent, problems)
            documents.setdefault(doc.kind, []).append(doc)
    if "jurisdiction" not in documents and not any(
        p.code in ("GR001", "GR006", "GR011", "GR012") for p in problems
    ):
        problems.append(
            Problem(
                "GR010",
                "no-jurisdiction",
                Level.ERROR,
                msg("loading.loader.no_jurisdiction"),
                Location(display_path(folder)),
                hint=msg("loading.loader.no_jurisdiction_hint"),
            )
        )
    return Layer(folder, display_path(folder), documents), problems


def _classify(source: YamlDocument, problems: list[Problem]) -> Document | None:
    """The document, if it declares one of the kinds a folder holds (gridrules.kinds)."""
    known = kinds.document_names()  # the registry's, in its order
    data = source.data
    if not isinstance(data, dict) or "kind" not in data:
        problems.append(
            load_problem(
                "GR007",
                "unknown-kind",
                source.locate(()),
                msg("loading.loader.no_kind"),
                msg("loading.loader.no_kind_hint", known=", ".join(known)),
            )
        )
        return None
    kind = data["kind"]
    if kind not in known:
        problems.append(
            load_problem(
                "GR007",
                "unknown-kind",
                source.locate(("kind",)),
                msg("loading.loader.unknown_kind", kind=kind),
                msg("loading.loader.unknown_kind_hint", known=", ".join(known)),
            )
        )
        return None
    return Document(kind, source.file, data, source)


# --- registries and rosters -------------------------------------------------


def _read_rows(doc: Document, spec: kinds.Rows, base: Path, problems: list[Problem]) -> None:
    inline_key = spec.inline
    for i, item in enumerate(doc.data.get(inline_key) or []):
        if isinstance(item, dict):
            doc.rows.append(Row(item, doc.origin(inline_key, i)))
    csv_name = doc.data.get("csv")
    if not isinstance(csv_name, str):
        return
    where = doc.source.locate(("csv",))
    csv_path = base / csv_name
    if not inside(Path(os.path.realpath(csv_path)), Path(os.path.realpath(base))):
        problems.append(
            load_problem(
                "GR006",
                "path-escapes-root",
                where,
                msg("loading.loader.csv_outside", csv_name=csv_name),
                msg("loading.loader.csv_outside_hint"),
            )
        )
        return
    try:
        table = load_csv(csv_path, display_path(csv_path), root=base, where=where)
    except SourceError as exc:
        problem = exc.problem
        if problem.code == "GR005":  # say which document asked for the missing file
            problem = load_problem(
                "GR005",
                "missing-file",
                where,
                msg("loading.loader.csv_missing", csv_name=csv_name),
                msg("loading.loader.csv_missing_hint"),
            )
        problems.append(problem)
        return
    doc.csv_file = table.file
    missing = [c for c in spec.required if c not in table.header]
    if missing:
        problems.append(
            load_problem(
                "GR008",
                "csv-format",
                Location(table.file, 1, 1),
                msg("loading.loader.csv_columns", missing=", ".join(missing)),
                msg("loading.loader.csv_columns_hint", required=", ".join(spec.required)),
            )
        )
        table.close()
        return
    try:
        rows = list(_table_rows(spec, table, problems))
    except SourceError as exc:  # a row of the wrong width, a control character, a bad byte
        problems.append(exc.problem)
        return
    doc.rows.extend(rows)


def _table_rows(spec: kinds.Rows, table: CsvTable, problems: list[Problem]) -> Iterator[Row]:
    """Convert cells by column; every bad cell is reported, its row left out."""
    parsers, extra = spec.parsers, spec.attribute
    # One plan per table, not per row: (index, column, parser, is_attribute).
    plan = [(i, c, parsers.get(c, extra), c not in parsers) for i, c in enumerate(table.header)]
    for n, cells in enumerate(table.rows):
        row: dict[str, Any] = {}
        attributes: dict[str, Any] = {}
        ok = True
        for i, column, parse, is_attribute in plan:
            try:
                value = parse(cells[i].strip())
            except BadCell as bad:
                problems.append(cell_problem(Origin(table, (n,)), column, cells[i], bad.want))
                ok = False
                continue
            if value is not SKIP:
                (attributes if is_attribute else row)[column] = value
        if ok:
            row["attributes"] = attributes
            yield Row(row, Origin(table, (n,)))


# --- the extends chain ------------------------------------------------------


def read_chain(folder: Path, root: Path | None = None) -> tuple[list[Layer], list[Problem]]:
    """The jurisdiction and its ancestors, root ancestor first."""
    folder = Path(os.path.realpath(folder))
    root = Path(os.path.realpath(root or folder.parent))
    layers: list[Layer] = []
    problems: list[Problem] = []
    current: Path | None = folder
    visited: list[Path] = []
    while current is not None:
        visited.append(current)
        layer, found = read_layer(current, root)
        problems += found
        layers.append(layer)
        current = _parent_folder(layer, root, visited, problems)
    layers.reverse()
    return layers, problems


def _parent_folder(
    layer: Layer, root: Path, visited: list[Path], problems: list[Problem]
) -> Path | None:
    doc = layer.one("jurisdiction")
    if doc is None or not isinstance(doc.data.get("extends"), str):
        return None
    extends: str = doc.data["extends"]
    where = doc.source.locate(("extends",))
    spelled = layer.folder / extends
    if not inside(Path(os.path.realpath(spelled)), root):
        problems.append(
            load_problem(
                "GR006",
                "path-escapes-root",
                where,
                msg("loading.loader.extends_outside", extends=extends, root=display_path(root)),
                msg("loading.loader.extends_outside_hint"),
            )
        )
        return None
    try:
        target = spelled.resolve(strict=True)
    except FileNotFoundError:
        target = Path(os.path.realpath(spelled))  # reported as missing below
    except (OSError, RuntimeError) as exc:  # a symlink loop, a folder we may not enter
        problems.append(unreadable(f"extends: {extends}", exc, where))
        return None
    if not inside(target, root):  # pragma: no cover - realpath and resolve agree
        problems.append(escapes(extends, root, where))
        return None
    if target in visited:
        chain = " → ".join(display_path(p) for p in [*visited, target])
        problems.append(
            load_problem(
                "GR204",
                "extends-cycle",
                where,
                msg("loading.loader.extends_cycle", chain=chain),
                msg("loading.loader.extends_cycle_hint"),
            )
        )
        return None
    if not target.is_dir():
        problems.append(
            load_problem(
                "GR005",
                "missing-file",
                where,
                msg("loading.loader.extends_missing", extends=extends),
                msg("loading.loader.extends_missing_hint"),
            )
        )
        return None
    return target


def check_shapes(layers: list[Layer]) -> list[Problem]:
    problems: list[Problem] = []
    for layer in layers:
        for kind, docs in layer.documents.items():
            for doc in docs:
                problems += schema_problems(doc.source, kind)
    return problems


def missing_folder_problem(path: Path) -> Problem:
    return load_problem(
        "GR005",
        "missing-file",
        Location(display_path(path)),
        msg("loading.loader.no_folder"),
        msg("loading.loader.no_folder_hint"),
    )


__all__ = [
    "Document",
    "Layer",
    "LoadResult",
    "Row",
    "check_shapes",
    "read_chain",
]
