"""Known render failures: one clear line, exit 2 (bad input or a missing system package)."""

from __future__ import annotations

from gridrules.errors import GridrulesError
from gridrules.problems import Text


class RenderError(GridrulesError):
    """A handbook could not be rendered for a reason the user can fix."""

    def __init__(self, message: Text, *, lang: str = "en") -> None:
        super().__init__(message, lang=lang, exit_code=2)
