"""Reading policy files while keeping positions: every value can be traced to file:line:column.

YAML is composed into nodes (which carry marks) and walked by hand, so that
duplicate keys are refused (PyYAML silently keeps the last), alias expansion
is bounded (no "billion laughs"), and timestamps stay strings for the schema.
CSV is read with the csv module; cell columns are worked out only when a
problem needs them, so a 100,000-row registry costs one list of line numbers.
"""

from __future__ import annotations

import codecs
import csv
import io
from array import array
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from gridrules.catalogue import msg
from gridrules.names import control_offset
from gridrules.paths import SourceError, load_problem, open_regular, read_bounded, too_large
from gridrules.problems import Location, Problem, Text

YAML_MAX_BYTES = 20 * 1024 * 1024  # larger registries belong in CSV
# At the limit a registry CSV validates within 2 GB (1.7 GB measured: bench/csv_memory_bench.py).
CSV_MAX_BYTES = 96 * 1024 * 1024
MAX_ALIAS_VISITS = 100_000  # nodes reached again through aliases: bounds "billion laughs"
MAX_DEPTH = 64
CHUNK_BYTES = 1 << 20

try:  # the C composer is ~10x faster; fall back where libyaml is missing
    _Loader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_SCALARS = yaml.constructor.SafeConstructor()
_KEEP_AS_STRING = {"tag:yaml.org,2002:timestamp", "tag:yaml.org,2002:binary"}


@dataclass
class YamlDocument:
    """One YAML document: plain data plus the position of every node."""

    file: str
    data: Any
    positions: dict[tuple[Any, ...], tuple[int, int]] = field(repr=False)

    def locate(self, path: tuple[Any, ...]) -> Location:
        # Walk up the path until a known position: a missing key points at its parent.
        for cut in range(len(path), -1, -1):
            pos = self.positions.get(path[:cut])
            if pos:
                return Location(self.file, *pos)
        return Location(self.file, 1, 1)


def _not_utf8(display: str, raw: bytes, start: int, line_base: int = 0) -> Problem:
    line = line_base + raw[:start].count(b"\n") + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return load_problem(
        "GR004",
        "not-utf8",
        Location(display, line, column),
        msg("core.sources.not_utf8.message", byte=f"{raw[start]:02x}"),
        msg("core.sources.not_utf8.hint"),
    )


def _control_problem(
    display: str, line: int, column: int, char: str, *, csv_file: bool = False
) -> Problem:
    return load_problem(
        "GR008" if csv_file else "GR001",
        "csv-format" if csv_file else "yaml-syntax",
        Location(display, line, column),
        msg("core.sources.control.message", code=f"{ord(char):04X}"),
        msg("core.sources.control.hint"),
    )


def load_yaml(
    path: Path, display: str, *, root: Path | None = None, where: Location | None = None
) -> list[YamlDocument]:
    """Parse every document of a YAML file, or raise SourceError with a positioned problem."""
    raw = read_bounded(path, display, YAML_MAX_BYTES, root=root, where=where)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(_not_utf8(display, raw, exc.start)) from None
    try:
        nodes = list(yaml.compose_all(io.StringIO(text), Loader=_Loader))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = exc.problem or exc.context or "syntax error"
        raise SourceError(
            load_problem(
                "GR001",
                "yaml-syntax",
                Location(display, line, col),
                msg("core.sources.yaml_syntax.message", error=what),
                msg("core.sources.yaml_syntax.hint"),
            )
        ) from None
    except yaml.reader.ReaderError as exc:  # a character YAML refuses (NUL, other controls)
        # libyaml counts UTF-8 bytes, the pure-Python reader characters
        position = exc.position
        if _Loader is not yaml.SafeLoader:
            position = len(
                text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "replace")
            )
        before = text[:position]
        line = before.count("\n") + 1
        column = position - (before.rfind("\n") + 1) + 1
        char = text[position] if position < len(text) else "\0"
        raise SourceError(_control_problem(display, line, column, char)) from None
    except yaml.YAMLError as exc:
        raise SourceError(
            load_problem(
                "GR001",
                "yaml-syntax",
                Location(display, 1, 1),
                msg("core.sources.yaml_syntax.message", error=exc),
            )
        ) from None
    return [_Walker(display).document(node) for node in nodes if node is not None]


class _Walker:
    def __init__(self, display: str) -> None:
        self.display = display
        self.alias_budget = MAX_ALIAS_VISITS
        self.seen: set[int] = set()  # plain nodes are bounded by the file size already
        self.positions: dict[tuple[Any, ...], tuple[int, int]] = {}

    def document(self, node: yaml.Node) -> YamlDocument:
        data = self.walk(node, ())
        return YamlDocument(self.display, data, self.positions)

    def fail(self, node: yaml.Node, code: str, rule: str, message: Text, hint: Text) -> SourceError:
        mark = node.start_mark
        loc = Location(self.display, mark.line + 1, mark.column + 1)
        return SourceError(load_problem(code, rule, loc, message, hint))

    def walk(self, node: yaml.Node, path: tuple[Any, ...]) -> Any:
        if id(node) in self.seen:
            self.alias_budget -= 1
        else:
            self.seen.add(id(node))
        if self.alias_budget < 0 or len(path) > MAX_DEPTH:
            raise self.fail(
                node,
                "GR003",
                "file-too-large",
                msg("core.sources.too_deep.message"),
                msg("core.sources.too_deep.hint"),
            )
        self.positions[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, yaml.ScalarNode):
            if node.tag in _KEEP_AS_STRING:
                return node.value
            value = _SCALARS.construct_object(node, deep=True)
            if isinstance(value, str) and control_offset(value) is not None:
                # an escaped "\0" in a quoted scalar: refused at the scalar's line
                mark = node.start_mark
                bad = value[control_offset(value) or 0]
                raise SourceError(
                    _control_problem(self.display, mark.line + 1, mark.column + 1, bad)
                )
            return value
        if isinstance(node, yaml.SequenceNode):
            return [self.walk(child, (*path, i)) for i, child in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path)
        raise self.fail(  # pragma: no cover - composer yields only the three node kinds
            node, "GR001", "yaml-syntax", msg("core.sources.unknown_node"), Text("", "")
        )

    def mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(
                    key_node,
                    "GR001",
                    "yaml-syntax",
                    msg("core.sources.merge_key.message"),
                    msg("core.sources.merge_key.hint"),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node,
                    "GR001",
                    "yaml-syntax",
                    msg("core.sources.complex_key.message"),
                    msg("core.sources.complex_key.hint"),
                )
            key = (
                key_node.value
                if key_node.tag in _KEEP_AS_STRING
                else _SCALARS.construct_object(key_node)
            )
            if key in out:
                first = self.positions.get((*path, key), (0, 0))
                raise self.fail(
                    key_node,
                    "GR002",
                    "duplicate-key",
                    msg("core.sources.duplicate_key.message", key=key, line=first[0]),
                    msg("core.sources.duplicate_key.hint"),
                )
            out[key] = self.walk(value_node, (*path, key))
        return out


@dataclass
class CsvTable:
    """A CSV table read as a stream: header, rows (consumed once) and each row's first line.

    Cells are never all held at once: `rows` yields each record as it is
    parsed, and `row_lines` (a compact array) keeps where each row started, so
    problems can be located later by re-reading only the lines they name.
    """

    file: str
    header: list[str]
    rows: Iterator[list[str]] = field(repr=False)
    row_lines: array[int] = field(repr=False, default_factory=lambda: array("l"))
    path: Path | None = field(repr=False, default=None)
    handle: Any = field(repr=False, default=None)
    _cursor: tuple[int, Iterator[str]] | None = field(repr=False, default=None)

    def _line(self, number: int) -> str:
        # Lines are asked for mostly in increasing order: one forward pass, reopened on a step back.
        if self.path is None:
            return ""
        if self._cursor is None or self._cursor[0] >= number:
            handle = self.path.open(encoding="utf-8-sig", errors="replace", newline="")
            self._cursor = (0, iter(handle))
        at, lines = self._cursor
        text = ""
        while at < number:
            text = next(lines, "")
            at += 1
        self._cursor = (at, lines)
        return text.rstrip("\r\n")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()

    def locate(self, path: tuple[Any, ...]) -> Location:
        """path is (row_index,) or (row_index, column_name)."""
        if not path or not isinstance(path[0], int) or path[0] >= len(self.row_lines):
            return Location(self.file, 1, 1)
        line = self.row_lines[path[0]]
        column = 1
        if len(path) > 1 and path[1] in self.header:
            column = _cell_column(self._line(line), self.header.index(path[1]))
        return Location(self.file, line, column)


def _cell_column(line: str, index: int) -> int:
    # Re-parse the one line a problem points at; quoted commas make plain split() wrong.
    column, in_quotes, cell = 1, False, 0
    for offset, char in enumerate(line, start=1):
        if cell == index:
            return column
        if char == '"':
            in_quotes = not in_quotes
        elif char == "," and not in_quotes:
            cell += 1
            column = offset + 1
    return column if cell == index else 1


def _text_lines(handle: Any, display: str, max_bytes: int) -> Iterator[str]:
    """Decoded lines of a bounded binary stream; a bad byte or a control character is refused
    at its line and column. (UTF-8 never uses the byte 0x0A inside a character, so lines can
    be decoded one by one.)"""
    total = 0
    for number, raw in enumerate(io.BufferedReader(handle, CHUNK_BYTES), start=1):
        total += len(raw)
        if total > max_bytes:
            raise SourceError(too_large(display, total, max_bytes))
        if number == 1:
            raw = raw.removeprefix(codecs.BOM_UTF8)
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SourceError(_not_utf8(display, raw, exc.start, number - 1)) from None
        bad = control_offset(line)
        if bad is not None:
            raise SourceError(_control_problem(display, number, bad + 1, line[bad], csv_file=True))
        yield line


def load_csv(
    path: Path,
    display: str,
    *,
    root: Path | None = None,
    where: Location | None = None,
    max_bytes: int | None = None,
) -> CsvTable:
    """Open a CSV (a regular file inside `root`) and read its header; rows stream from `rows`."""
    limit = CSV_MAX_BYTES if max_bytes is None else max_bytes
    handle, _ = open_regular(path, display, limit, root=root, where=where)
    lines = _text_lines(handle, display, limit)
    reader = csv.reader(lines)
    try:
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            raise SourceError(
                load_problem(
                    "GR008",
                    "csv-format",
                    Location(display, 1, 1),
                    msg("core.sources.csv_empty.message"),
                    msg("core.sources.csv_empty.hint"),
                )
            ) from None
        except csv.Error as exc:
            raise SourceError(_csv_error(display, 1, exc)) from None
    except BaseException:
        handle.close()
        raise
    table = CsvTable(display, header, iter(()), path=Path(path), handle=handle)
    table.rows = _records(table, reader, handle)
    return table


def _records(table: CsvTable, reader: Any, handle: Any) -> Iterator[list[str]]:
    display, width = table.file, len(table.header)
    row_lines = table.row_lines
    previous = reader.line_num
    try:
        for record in reader:
            start = previous + 1
            previous = reader.line_num
            if not record or (len(record) == 1 and not record[0].strip()):
                continue
            if len(record) != width:
                raise SourceError(
                    load_problem(
                        "GR008",
                        "csv-format",
                        Location(display, start, 1),
                        msg("core.sources.csv_width.message", cells=len(record), width=width),
                        msg("core.sources.csv_width.hint"),
                    )
                )
            row_lines.append(start)
            yield record
    except csv.Error as exc:
        raise SourceError(_csv_error(display, reader.line_num, exc)) from None
    finally:
        handle.close()


def _csv_error(display: str, line: int, exc: csv.Error) -> Problem:
    return load_problem(
        "GR008",
        "csv-format",
        Location(display, line, 1),
        msg("core.sources.csv_error.message", error=exc),
        msg("core.sources.csv_error.hint"),
    )


__all__ = [
    "CsvTable",
    "SourceError",
    "YamlDocument",
    "load_csv",
    "load_yaml",
]
