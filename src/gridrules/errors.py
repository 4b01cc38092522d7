"""Known errors: one clear line for the user (in their language), never a traceback.

Every command follows one exit-code contract (docs/cli.md); the codes live here so the
commands, the error handler in `gridrules.cli.main` and the tests name them alike.
"""

from __future__ import annotations

import click

from gridrules.problems import Text

EXIT_OK = 0  # success, allowed, no gap
EXIT_PROBLEMS = 1  # problems found, denied, gaps, failed cases
EXIT_USAGE = 2  # usage error, unreadable input, invalid policy
EXIT_INTERNAL = 3  # an unexpected internal error (a bug): the traceback goes to a log file
EXIT_INTERRUPTED = 130  # Ctrl-C


class GridrulesError(click.ClickException):
    """An expected failure: bad usage, a missing file, a policy that does not validate."""

    exit_code = EXIT_USAGE

    def __init__(self, message: Text, *, lang: str = "en", exit_code: int = EXIT_USAGE) -> None:
        super().__init__(message(lang))
        self.text = message
        self.exit_code = exit_code  # type: ignore[misc]  # click types it a ClassVar; ours is per error


class UsageError(click.UsageError):
    """A usage error whose message exists in both languages (JSON output carries both)."""

    def __init__(self, message: Text, *, lang: str = "en", ctx: click.Context | None = None):
        super().__init__(message(lang), ctx)
        self.text = message
