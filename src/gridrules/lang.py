"""Choosing the language of user-facing text: zh where the locale is Chinese, else en."""

from __future__ import annotations

import os

LANGS = ("zh", "en")


def detect_lang(explicit: str | None = None) -> str:
    if explicit in LANGS:
        return explicit
    for var in ("GRIDRULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"
