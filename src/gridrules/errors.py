"""Known errors: one clear line for the user (in their language), never a traceback."""

from __future__ import annotations

import click

from gridrules.problems import Text


class GridrulesError(click.ClickException):
    """An expected failure: bad usage, a missing file, a policy that does not validate."""

    exit_code = 2

    def __init__(self, message: Text, *, lang: str = "en", exit_code: int = 2) -> None:
        super().__init__(message(lang))
        self.text = message
        self.exit_code = exit_code
