"""Progress for long renders: a bar on stderr when it is a terminal, silence otherwise.

The renderer reports units of work (one HTML page, one laid-out PDF page);
the bar's length is an estimate, and the bar never runs past its end.
"""

from __future__ import annotations

import sys
from typing import Any, Protocol

import click


class Progress(Protocol):
    def start(self, total: int) -> None: ...

    def advance(self, units: int = 1, label: str | None = None) -> None: ...

    def finish(self) -> None: ...


class NullProgress:
    def start(self, total: int) -> None:
        pass

    def advance(self, units: int = 1, label: str | None = None) -> None:
        pass

    def finish(self) -> None:
        pass


class BarProgress:
    """click.progressbar on stderr; shown only when stderr is a terminal."""

    def __init__(self, label: str = "") -> None:
        self.label = label
        self._bar: Any = None
        self._done = 0
        self._total = 0

    def start(self, total: int) -> None:
        self._total = max(total, 1)
        self._bar = click.progressbar(
            length=self._total,
            label=self.label,
            file=sys.stderr,
            show_eta=True,
            show_percent=True,
            width=28,
        )
        self._bar.__enter__()

    def advance(self, units: int = 1, label: str | None = None) -> None:
        if self._bar is None:
            return
        if label is not None:
            self._bar.label = label
        step = min(units, self._total - self._done)
        self._done += units
        if step > 0:
            self._bar.update(step)
        elif label is not None:
            self._bar.render_progress()

    def finish(self) -> None:
        if self._bar is not None:
            if self._done < self._total:
                self._bar.update(self._total - self._done)
            self._bar.__exit__(None, None, None)
            self._bar = None
