"""Registry and roster CSV cells: one parser per column, and the problem a bad cell makes.

A 100,000-row registry is read cell by cell: each column has one small parser
(an id, a code, a whole number, an area, a flag…) chosen once per table, and a
bad cell becomes a positioned problem saying what was expected.
"""

from __future__ import annotations

from collections.abc import Callable

from gridrules.catalogue import msg
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
        msg("core.cells.invalid", column=column, value=repr(value), want=want),
        loc,
        path=f"$[{origin.path[0]}].{column}",
        value=value,
        hint=want,
    )


class BadCell(Exception):
    def __init__(self, want: Text) -> None:
        self.want = want


SKIP = object()  # an empty optional cell: leave the field out
_EMPTY = msg("core.cells.want.empty")
_ID_WANT = msg("core.cells.want.id")


def _optional(value: str) -> object:
    return value or SKIP


def _required(test: Callable[[str], bool], want: Text) -> Callable[[str], str]:
    """A parser for a cell that must not be empty and must pass `test` (else `want`)."""

    def parse(value: str) -> str:
        if not value:
            raise BadCell(_EMPTY)
        if not test(value):
            raise BadCell(want)
        return value

    return parse


# A grid code or worker id: safe in Casbin CSV, file names and URLs as it is.
_code = _required(is_code, msg("core.cells.want.code"))
_ident = _required(is_id, _ID_WANT)
_text = _required(
    lambda value: not CONTROL_IN_ID.search(value.replace("\t", " ")),
    msg("core.cells.want.one_line"),
)


def _optional_code(value: str) -> object:
    return _code(value) if value else SKIP


def _whole(value: str) -> object:
    if not value:
        return SKIP
    if not value.isdigit():
        raise BadCell(msg("core.cells.want.whole"))
    return int(value)


def _area(value: str) -> object:
    if value and value not in ("urban", "rural"):
        raise BadCell(msg("core.cells.want.area"))
    return value or SKIP


def _number(value: str) -> object:
    if not value:
        return SKIP
    try:
        return float(value)
    except ValueError:
        raise BadCell(msg("core.cells.want.number")) from None


def _roles(value: str) -> list[str]:
    roles = [r.strip() for r in value.split(";") if r.strip()]
    if any(not is_id(r) for r in roles):
        raise BadCell(_ID_WANT)
    if not roles:
        raise BadCell(msg("core.cells.want.roles"))
    return roles


def _flag(value: str) -> bool:
    lowered = value.lower()
    if lowered not in TRUE and lowered not in FALSE:
        raise BadCell(msg("core.cells.want.flag"))
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
