"""The model's building blocks: origins, names, durations; the closed sets (actions, scopes,
areas, modes) are gridrules.vocabulary's, re-exported here."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Protocol

from gridrules.catalogue import msg
from gridrules.problems import Location
from gridrules.vocabulary import Action as Action
from gridrules.vocabulary import Area as Area
from gridrules.vocabulary import Mode as Mode
from gridrules.vocabulary import Scope as Scope


class Locator(Protocol):
    def locate(self, path: tuple[Any, ...]) -> Location: ...


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a definition was written: the document and the path inside it."""

    source: Locator = field(repr=False, compare=False, hash=False)
    path: tuple[Any, ...] = ()

    def at(self, *subpath: Any) -> Location:
        return self.source.locate((*self.path, *subpath))

    @property
    def location(self) -> Location:
        return self.at()


ACTIONS = tuple(a.value for a in Action)  # the action names, in declaration order


@dataclass(frozen=True, slots=True)
class Names:
    zh: str
    en: str = ""

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True, slots=True)
class Duration:
    """A time limit as written ("30m", "2h", "3d"), comparable by minutes."""

    text: str
    minutes: int

    @classmethod
    def of_minutes(cls, minutes: int) -> Duration:
        """A computed total (a route's cumulative deadline) as compound text: "1d12h30m"."""
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        parts = [f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (mins, "m")) if n]
        return cls("".join(parts) or "0m", minutes)

    def describe(self, lang: str) -> str:
        """ "1天12小时" / "1 day 12 hours": each unit in words (Chinese writes them together)."""
        parts = re.findall(r"(\d+)([mhd])", self.text)
        said = (
            msg(f"core.duration.{unit}.{'one' if int(n) == 1 else 'many'}", n=int(n))(lang)
            for n, unit in parts
        )
        return ("" if lang == "zh" else " ").join(said)
