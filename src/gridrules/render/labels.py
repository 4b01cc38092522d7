"""Every fixed word a handbook prints, in Chinese and English.

The words live in the message catalogue gridrules/locale/render.toml (`[labels.*]`,
`[terms.*]`), where a translator edits both languages side by side. Templates
read them as `L.key`; a misspelt key fails the render (StrictUndefined) instead
of printing an empty heading. Policy text never comes from here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cache
from typing import Final

from gridrules.catalogue import in_lang, section
from gridrules.vocabulary import ACTIONS_VOCABULARY, SCOPES_VOCABULARY


def pairs(entries: Mapping[str, Mapping[str, str]]) -> dict[str, tuple[str, str]]:
    """Catalogue entries as (zh, en) pairs, by key."""
    return {key: (e["zh"], e["en"]) for key, e in entries.items()}


def chapter_words(entries: Mapping[str, Mapping[str, str]], lang: str) -> Callable[[str], str]:
    """A chapter's own words (a catalogue section) in one language, by key."""
    chosen = {key: in_lang(entry, lang) for key, entry in entries.items()}
    return chosen.__getitem__


TERMS: Final[dict[str, dict[str, tuple[str, str]]]] = {
    "action": ACTIONS_VOCABULARY.labels(),
    "scope": SCOPES_VOCABULARY.labels(),
    "role_category": pairs(section("render.terms.role_category")),
    "admin_level": pairs(section("render.terms.admin_level")),
    "character": pairs(section("render.terms.character")),
    "area": pairs(section("render.terms.area")),
    "grid_type": pairs(section("render.terms.grid_type")),
}


@cache
def _labels(lang: str) -> dict[str, str]:
    return {key: in_lang(entry, lang) for key, entry in section("render.labels").items()}


def labels(lang: str) -> dict[str, str]:
    """The label table for one language (a fresh dict: callers may not share one)."""
    return dict(_labels(lang))


def coded(group: str, value: str, lang: str) -> str:
    """A coded value in words (action, scope, …); unknown codes print as written."""
    pair = TERMS[group].get(value)
    if pair is None:
        return value
    return in_lang(pair, lang)
