"""What a rule is: a stable code, a default level, a doc with examples, and a check."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from gridrules.loader import Layer
from gridrules.model import Policy
from gridrules.problems import Level, Location, Problem, Text


@dataclass(frozen=True)
class Examples:
    """Files laid over the example base jurisdiction (gridrules/rules/example_base/).

    `passing` must produce no problem of the rule; `failing` must produce at
    least one. Both are shown in `gridrules rules CODE` and tested.
    Keys are file names; a value of None removes the base file.
    """

    passing: dict[str, str | None]
    failing: dict[str, str | None]


@dataclass(frozen=True)
class Context:
    policy: Policy
    layers: list[Layer]  # the raw documents, root ancestor first: for checks the merge hides
    today: dt.date


Check = Callable[[Context], Iterable[Problem]]


@dataclass
class Rule:
    code: str
    name: str
    level: Level
    summary: Text
    doc: str = ""
    examples: Examples | None = None
    checker: Check | None = field(default=None, repr=False)

    def check(self, fn: Check) -> Check:
        self.checker = fn
        return fn

    def run(self, ctx: Context) -> Iterator[Problem]:
        if self.checker is not None:
            yield from self.checker(ctx)

    def problem(
        self,
        location: Location,
        message: Text,
        *,
        value: Any = None,
        hint: Text | None = None,
        path: str = "",
    ) -> Problem:
        return Problem(
            self.code, self.name, self.level, message, location, path=path, value=value, hint=hint
        )

    @property
    def description(self) -> str:
        return inspect.cleandoc(self.doc) if self.doc else ""
