"""Problems are plain, frozen data; formatters (gridrules.report) turn them into text."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Level", "Location", "Problem", "Text", "has_errors", "sorted_problems"]


class Level(enum.StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Text:
    """A user-facing sentence in Chinese and English."""

    zh: str
    en: str

    def __call__(self, lang: str) -> str:
        return self.zh if lang == "zh" else self.en

    def format(self, **params: Any) -> Text:
        return Text(self.zh.format(**params), self.en.format(**params))


@dataclass(frozen=True, slots=True)
class Location:
    """Where something sits: a file and a 1-based line and column (0 when unknown)."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column or 1}"
        return self.file


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # stable, e.g. "GR301"
    rule: str  # readable slug, e.g. "grid-size"
    level: Level
    message: Text
    location: Location
    path: str = ""  # JSON path inside the document, e.g. "$.tiers[2].parent"
    value: Any = None  # the offending value, when there is one
    hint: Text | None = field(default=None)

    def text(self, lang: str) -> str:
        return self.message(lang)

    def sort_key(self) -> tuple[str, int, int, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code)


def json_path(path: tuple[Any, ...]) -> str:
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


def sorted_problems(problems: list[Problem]) -> list[Problem]:
    # Deduplicate: the same finding can be reached from two directions (e.g. parent and child).
    unique = {(p.code, p.location, p.path, p.message.en): p for p in problems}
    return sorted(unique.values(), key=Problem.sort_key)


def has_errors(problems: list[Problem], *, strict: bool = False) -> bool:
    return any(p.level is Level.ERROR or strict for p in problems)
