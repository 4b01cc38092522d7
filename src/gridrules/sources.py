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


def read_text(
    path: Path,
    display: str,
    max_bytes: int,
    *,
    root: Path | None = None,
    where: Location | None = None,
) -> str:
    """A regular file inside `root`, at most `max_bytes`, decoded as UTF-8 (gridrules.paths)."""
    raw = read_bounded(path, display, max_bytes, root=root, where=where)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise SourceError(_not_utf8(display, raw, exc.start)) from None


def _not_utf8(display: str, raw: bytes, start: int, line_base: int = 0) -> Problem:
    line = line_base + raw[:start].count(b"\n") + 1
    column = start - (raw.rfind(b"\n", 0, start) + 1) + 1
    return load_problem(
        "GR004",
        "not-utf8",
        Location(display, line, column),
        Text(
            f"文件不是 UTF-8 编码（字节 0x{raw[start]:02x}）",
            f"file is not UTF-8 (byte 0x{raw[start]:02x})",
        ),
        Text(
            "用 UTF-8 另存该文件（GBK/GB18030 文件可用 iconv -f GB18030 -t UTF-8 转换）",
            "save the file as UTF-8 (convert GBK with iconv -f GB18030 -t UTF-8)",
        ),
    )


def _control_problem(
    display: str, line: int, column: int, char: str, *, csv_file: bool = False
) -> Problem:
    return load_problem(
        "GR008" if csv_file else "GR001",
        "csv-format" if csv_file else "yaml-syntax",
        Location(display, line, column),
        Text(
            f"含控制字符 U+{ord(char):04X}（如 NUL），不能写入政策",
            f"holds control character U+{ord(char):04X} (such as NUL): not allowed in a policy",
        ),
        Text(
            "删除该字符（常见于从其他系统导出的文件）",
            "remove the character (often left by exports from other systems)",
        ),
    )


def load_yaml(
    path: Path, display: str, *, root: Path | None = None, where: Location | None = None
) -> list[YamlDocument]:
    """Parse every document of a YAML file, or raise SourceError with a positioned problem."""
    text = read_text(path, display, YAML_MAX_BYTES, root=root, where=where)
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
                Text(f"YAML 语法错误：{what}", f"YAML syntax error: {what}"),
                Text(
                    "检查该行的缩进、冒号和引号",
                    "check indentation, colons and quotes on that line",
                ),
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
                Text(f"YAML 语法错误：{exc}", f"YAML syntax error: {exc}"),
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
                Text(
                    "文档过深或别名展开过多（可能是“别名炸弹”）",
                    "document nests too deep or expands too many aliases (alias bomb?)",
                ),
                Text(
                    "去掉多层嵌套的锚点与别名（&/*）", "remove nested anchors and aliases (& and *)"
                ),
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
            node, "GR001", "yaml-syntax", Text("无法识别的节点", "unrecognised node"), Text("", "")
        )

    def mapping(self, node: yaml.MappingNode, path: tuple[Any, ...]) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self.fail(
                    key_node,
                    "GR001",
                    "yaml-syntax",
                    Text("不支持 YAML 合并键 <<", "YAML merge keys (<<) are not supported"),
                    Text(
                        "把共同字段逐项写出，或用 extends 继承上级政策",
                        "write the shared fields out, or inherit them with extends",
                    ),
                )
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(
                    key_node,
                    "GR001",
                    "yaml-syntax",
                    Text("映射的键必须是简单值", "mapping keys must be plain scalars"),
                    Text("把复杂键改成字符串", "use a string key"),
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
                    Text(
                        f"重复的键 “{key}”（第 {first[0]} 行已出现）",
                        f"duplicate key '{key}' (first at line {first[0]})",
                    ),
                    Text(
                        "删除或合并重复的键：YAML 只会保留最后一个，前面的内容会悄悄丢失",
                        "remove or merge the duplicate: YAML would silently drop the first one",
                    ),
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
                    Text("CSV 文件为空，缺少表头", "CSV file is empty: no header row"),
                    Text(
                        "第一行写列名，例如 id,name,tier,parent",
                        "start with a header, e.g. id,name,tier,parent",
                    ),
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
                        Text(
                            f"该行有 {len(record)} 列，表头有 {width} 列",
                            f"row has {len(record)} cells, the header has {width}",
                        ),
                        Text(
                            "检查多余或缺少的逗号；含逗号的值要加双引号",
                            "check for extra or missing commas; quote values that contain commas",
                        ),
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
        Text(f"CSV 格式错误：{exc}", f"CSV format error: {exc}"),
        Text("检查引号是否成对", "check that quotes are balanced"),
    )


__all__ = [
    "CsvTable",
    "SourceError",
    "YamlDocument",
    "load_csv",
    "load_yaml",
]
