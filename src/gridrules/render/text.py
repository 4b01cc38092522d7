"""Chinese text in one place: the one function every printed string goes through.

YAML folds a long scalar over lines by joining them with a space, so text
written as

    description: >
      网格员每月走访 85 户；
      增列独居老人

reads "85 户； 增列". Between two CJK characters (or CJK punctuation) that
space is a typesetting error; between Latin words it is a word break and
stays. `tidy()` applies `join_folded()` to every string of the view data
(Handbook and everything inside it) after it is built, so no template and no
builder can forget it.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from typing import Any, TypeVar

# Han ideographs, CJK symbols and punctuation (、。「」〔〕《》…), kana, bopomofo,
# enclosed/compatibility CJK, vertical forms and full-width forms (，；：（）！？).
CJK = (
    "\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u3200-\u33ff"
    "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe10-\ufe1f\ufe30-\ufe4f\uff00-\uffef"
)
_GAP = re.compile(rf"(?<=[{CJK}])[ \t\r\n]+(?=[{CJK}])")
_LINES = re.compile(r"[ \t]*\r?\n[ \t]*")
# What tests look for in printed text: a space between two CJK characters/punctuation.
STRAY_SPACE = re.compile(rf"[{CJK}][ \t]+[{CJK}]")

# Fields that hold ids, links or file names, never printed text.
_KEYS = frozenset({"id", "href", "anchor", "group_id", "pdf", "url", "jurisdiction_id"})

T = TypeVar("T")


def join_folded(text: str) -> str:
    """Folded or wrapped text as one would print it: no space between CJK characters,
    one space between Latin words where a line was broken, no outer whitespace."""
    if not text:
        return text
    out = _GAP.sub("", text.strip())
    if "\n" in out:
        out = _LINES.sub(" ", out)
    return out


class Tidy:
    """`join_folded()` on every string in a tree of frozen view records and tuples, and
    internal ids written into policy text ("见排除清单 work_safety_supervision")
    replaced by the display names in `names` (id → name)."""

    def __init__(self, names: Mapping[str, str] | None = None, *, words: bool = True) -> None:
        # words=False (English): an id that is an ordinary word ("community") stays a word
        wanted = {
            k: v
            for k, v in (names or {}).items()
            if k and v and k != v and _ID.fullmatch(k) and (words or re.search(r"[_-]", k))
        }
        self.names = wanted
        self.pattern = (
            re.compile(
                r"(?<![A-Za-z0-9_./#-])("
                + "|".join(map(re.escape, sorted(wanted, key=len, reverse=True)))
                + r")(?![A-Za-z0-9_-])"
            )
            if wanted
            else None
        )

    def text(self, value: str) -> str:
        out = join_folded(value)
        if self.pattern is not None and _LATIN.search(out):
            out = join_folded(self.pattern.sub(lambda m: self.names[m.group(1)], out))
        return out

    def __call__(self, value: T) -> T:
        return self._walk(value)  # type: ignore[no-any-return]

    def _walk(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value)
        if isinstance(value, tuple):
            items = tuple(self._walk(v) for v in value)
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            changes: dict[str, Any] = {}
            for f in dataclasses.fields(value):
                if f.name in _KEYS or not f.init:
                    continue
                old = getattr(value, f.name)
                new = self._walk(old)
                if new is not old and new != old:
                    changes[f.name] = new
            return dataclasses.replace(value, **changes) if changes else value
        return value


_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
_LATIN = re.compile(r"[A-Za-z]")


def tidy(value: T) -> T:
    """`join_folded()` on every string in a tree of view records (no id lookup)."""
    return Tidy()(value)
