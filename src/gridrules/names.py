"""Identifier character sets, and file names derived from ids, in one place.

Every id a policy defines ends up in a Casbin `policy.csv` row, a file name
(a notice sheet per grid code), a URL path (`/v1/...`) and a JSON log line.
The schemas (scripts/build_schemas.py) and the CSV loader restrict ids to
characters all of these carry unchanged, so nothing needs quoting anywhere:

- `ID`: role, matter, tier, plan… ids — lower-case ASCII letter first, then
  lower-case letters, digits and `_`;
- `CODE`: grid codes and worker ids — an ASCII letter or digit first, then
  letters, digits, `_`, `.` and `-`, at most 64 characters. No comma, quote,
  parenthesis, colon, slash, whitespace or control character.

`slug` turns any string into a file-name-safe name, injectively: two
different ids never share a file.
"""

from __future__ import annotations

import re

ID_PATTERN = r"^[a-z][a-z0-9_]*$"
CODE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"
ID = re.compile(ID_PATTERN)
CODE = re.compile(CODE_PATTERN)
# C0 controls but tab, line feed and carriage return; DEL; C1 controls; lone surrogates
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
CONTROL_IN_ID = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")

_SAFE = re.compile(r"[A-Za-z0-9_-][A-Za-z0-9_.-]*")
_ESCAPE = "~"  # never produced by a plain name: it marks an escaped one


def is_id(value: object) -> bool:
    return isinstance(value, str) and ID.fullmatch(value) is not None


def is_code(value: object) -> bool:
    return isinstance(value, str) and CODE.fullmatch(value) is not None


def control_offset(value: str, *, in_id: bool = False) -> int | None:
    """Index of the first control character in `value` (tab and line breaks allowed outside
    ids), or None."""
    found = (CONTROL_IN_ID if in_id else CONTROL).search(value)
    return found.start() if found is not None else None


def slug(value: str) -> str:
    """A file-name- and URL-safe name for `value`; injective (distinct values, distinct names).

    A value made of letters, digits, `_`, `.` and `-` (not starting with `.`)
    is its own name. Any other value is written as `~` followed by the value
    with each other character replaced by `~<hex code point>~`; plain names
    never contain `~`, so the two forms never meet, and the escaped form can
    be read back unambiguously.
    """
    if _SAFE.fullmatch(value):
        return value
    out = [_ESCAPE]
    for char in value:
        if (char.isascii() and (char.isalnum() or char in "_-")) or (char == "." and len(out) > 1):
            out.append(char)
        else:
            out.append(f"{_ESCAPE}{ord(char):x}{_ESCAPE}")
    return "".join(out)


def unslug(name: str) -> str:
    """The value `slug` made `name` from (for tests and tools)."""
    if not name.startswith(_ESCAPE):
        return name
    out: list[str] = []
    rest = name[1:]
    while rest:
        if rest[0] == _ESCAPE:
            end = rest.index(_ESCAPE, 1)
            out.append(chr(int(rest[1:end], 16)))
            rest = rest[end + 1 :]
        else:
            out.append(rest[0])
            rest = rest[1:]
    return "".join(out)


__all__ = [
    "CODE",
    "CODE_PATTERN",
    "ID",
    "ID_PATTERN",
    "control_offset",
    "is_code",
    "is_id",
    "slug",
    "unslug",
]
