"""Choosing the language of user-facing text: zh where the locale is Chinese, else en."""

from __future__ import annotations

import os
from collections.abc import Iterable

from gridrules.catalogue import msg
from gridrules.problems import Text

LANGS = ("zh", "en")


def detect_lang(explicit: str | None = None) -> str:
    if explicit in LANGS:
        return explicit
    for var in ("GRIDRULES_LANG", "LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def separator(lang: str) -> str:
    """What joins the items of a list: "、" in Chinese, ", " in English (core.comma)."""
    return msg("core.comma")(lang)


def joined(sep: Text, parts: Iterable[Text | str]) -> Text:
    """`parts` joined by `sep` in each language (a plain string is the same in both)."""
    texts = [p if isinstance(p, Text) else Text(p, p) for p in parts]
    return Text(sep.zh.join(t.zh for t in texts), sep.en.join(t.en for t in texts))


def counted(noun: str, n: int) -> Text:
    """'3 个错误' / '3 errors': the catalogue's singular or plural form of `noun` (core.count)."""
    return msg(f"core.count.{noun}.{'one' if n == 1 else 'other'}", n=n)
