"""What a rule is: a stable code, a default level, a doc with examples, and a check."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Protocol, runtime_checkable

from gridrules.catalogue import has, msg
from gridrules.loader import Layer
from gridrules.model import Duration, Grid, Names, Policy, Worker
from gridrules.problems import Level, Location, Problem, Text


@runtime_checkable
class Named(Protocol):
    """A tier, matter, warning level, register entry…: an id and names in both languages."""

    id: str
    names: Names


def spelt(params: dict[str, object]) -> dict[str, object]:
    """Catalogue parameters with durations, grids and workers put into words."""
    out: dict[str, object] = {}
    for key, value in params.items():
        if isinstance(value, Duration):
            out[key] = (value.describe("zh"), value.describe("en"))
        elif isinstance(value, Grid | Worker):
            out[key], out[f"{key}_name"] = value.id, value.name
        elif isinstance(value, Named):
            out[key], out[f"{key}_name"] = value.id, (value.names("zh"), value.names("en"))
        else:
            out[key] = value
    return out


@dataclass(frozen=True)
class Examples:
    """Files laid over the example base jurisdiction (gridrules/rules/example_base/).

    `passing` must produce no problem of the rule; `failing` must produce at
    least one. Both are shown in `gridrules rules CODE` and tested.
    Keys are file names; a value of None removes the base file.
    """

    passing: dict[str, str | None]
    failing: dict[str, str | None]

    @classmethod
    def of(
        cls,
        name: str,
        passing: str | None,
        failing: str | None,
        beside: dict[str, str | None] | None = None,
    ) -> Examples:
        """One file as it passes and as it fails, after the files `beside` that stay the same."""
        same = beside or {}
        return cls(passing={**same, name: passing}, failing={**same, name: failing})


@dataclass(frozen=True)
class Context:
    policy: Policy
    layers: list[Layer]  # the raw documents, root ancestor first: for checks the merge hides
    today: dt.date


Check = Callable[[Context], Iterable[Problem]]


@dataclass
class Rule:
    """A rule; its words live in locale/rules.toml under its code (`[GR623.title]`, …)."""

    code: str
    name: str
    level: Level
    doc: str | None = ""
    examples: Examples | None = None
    checker: Check | None = field(default=None, repr=False)

    def check(self, fn: Check) -> Check:
        self.checker = fn
        return fn

    def run(self, ctx: Context) -> Iterator[Problem]:
        if self.checker is not None:
            yield from self.checker(ctx)

    @property
    def summary(self) -> Text:
        """The rule's title, `rules.<code>.title`."""
        return self.text("title")

    def text(self, part: str, /, **params: object) -> Text:
        """The rule's catalogue entry `rules.<code>.<part>`, its placeholders filled.

        A Duration parameter prints as it reads in each language; a grid, worker or
        anything else named (a tier, matter, warning level, register entry…) `x`
        fills `{x}` with its id and `{x_name}` with its name.
        """
        return msg(f"rules.{self.code}.{part}", **spelt(params))

    def has(self, part: str) -> bool:
        """Whether the catalogue holds `rules.<code>.<part>`."""
        return has(f"rules.{self.code}.{part}")

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
