"""Registry and roster CSV cells: one parser per column, and the problem a bad cell makes.

A 100,000-row registry is read cell by cell: each column has one small parser
(an id, a code, a whole number, an area, a flag…) chosen once per table, and a
bad cell becomes a positioned problem saying what was expected.
"""

from __future__ import annotations

from collections.abc import Callable

from gridrules.model import Origin
from gridrules.names import CONTROL_IN_ID, is_code, is_id
from gridrules.problems import Level, Problem, Text

TRUE, FALSE = {"true", "yes", "1", "是", "y"}, {"false", "no", "0", "否", "n", ""}


def cell_problem(origin: Origin, column: str, value: str, want: Text) -> Problem:
    loc = origin.at(column)
    return Problem(
        "GR008",
        "csv-format",
        Level.ERROR,
        Text(
            f"“{column}” 列的值 {value!r} 无效：{want.zh}",
            f"column '{column}' value {value!r} is invalid: {want.en}",
        ),
        loc,
        path=f"$[{origin.path[0]}].{column}",
        value=value,
        hint=want,
    )


class BadCell(Exception):
    def __init__(self, want: Text) -> None:
        self.want = want


SKIP = object()  # an empty optional cell: leave the field out
_EMPTY = Text("不能为空", "must not be empty")


def _required(value: str) -> str:
    if not value:
        raise BadCell(_EMPTY)
    return value


def _optional(value: str) -> object:
    return value or SKIP


_CODE_WANT = Text(
    "编码只能含英文字母、数字、_ . -，以字母或数字开头，最长 64 个字符"
    "（不能有逗号、引号、括号、空格、换行或控制字符）",
    "codes hold only ASCII letters, digits, _ . and -, start with a letter or digit, "
    "at most 64 characters (no comma, quote, parenthesis, space, line break or control character)",
)
_ID_WANT = Text(
    "标识须为小写英文字母开头，只含小写字母、数字和下划线",
    "ids are lower-case ASCII letters, digits and _, starting with a letter",
)


def _code(value: str) -> str:
    """A grid code or worker id: safe in Casbin CSV, file names and URLs as it is."""
    if not value:
        raise BadCell(_EMPTY)
    if not is_code(value):
        raise BadCell(_CODE_WANT)
    return value


def _optional_code(value: str) -> object:
    return _code(value) if value else SKIP


def _ident(value: str) -> str:
    if not value:
        raise BadCell(_EMPTY)
    if not is_id(value):
        raise BadCell(_ID_WANT)
    return value


def _text(value: str) -> str:
    if not value:
        raise BadCell(_EMPTY)
    if CONTROL_IN_ID.search(value.replace("\t", " ")):
        raise BadCell(
            Text("不能含换行或控制字符", "must not hold line breaks or control characters")
        )
    return value


def _whole(value: str) -> object:
    if not value:
        return SKIP
    if not value.isdigit():
        raise BadCell(Text("应为非负整数", "expected a whole number"))
    return int(value)


def _area(value: str) -> object:
    if value and value not in ("urban", "rural"):
        raise BadCell(Text("应为 urban 或 rural", "expected urban or rural"))
    return value or SKIP


def _number(value: str) -> object:
    if not value:
        return SKIP
    try:
        return float(value)
    except ValueError:
        raise BadCell(Text("属性列应为数值", "attribute columns are numbers")) from None


def _roles(value: str) -> list[str]:
    roles = [r.strip() for r in value.split(";") if r.strip()]
    if any(not is_id(r) for r in roles):
        raise BadCell(_ID_WANT)
    if not roles:
        raise BadCell(
            Text("至少一个角色，多个用分号分隔", "at least one role; separate several with ;")
        )
    return roles


def _flag(value: str) -> bool:
    lowered = value.lower()
    if lowered not in TRUE and lowered not in FALSE:
        raise BadCell(Text("应为 true 或 false", "expected true or false"))
    return lowered in TRUE


Parser = Callable[[str], object]
GRID_PARSERS: dict[str, Parser] = {
    "id": _code,
    "name": _text,
    "tier": _ident,
    "parent": _optional_code,
    "households": _whole,
    "area": _area,
    "type": _optional,
    "party_org": _optional,
    "boundary": _optional,
    "party_formation": _optional,  # single, converted, joint (单独建/转化建/联合建)
}
WORKER_PARSERS: dict[str, Parser] = {
    "id": _code,
    "name": _text,
    "roles": _roles,
    "grid": _code,
    "phone": _optional,
    "two_committees": _flag,
    "party_member": _flag,
}
ATTRIBUTE_PARSERS: dict[str, Parser] = {"grids": _number, "roster": _optional}
