"""Every user-facing sentence and label, in Chinese and English, read from one table format.

The words live in TOML catalogues under `gridrules/locale/` — one file per area
(`rules.toml`, `service.toml`, …), each entry a table with `zh` and `en` side by
side, so a translator edits both languages in one place:

    [GR623.message]
    zh = "事项 {matter} 办结时限 {close} 超过辖区时限上限 {cap}"
    en = "matter '{matter}' closes within {close}, over the ceiling of {cap}"

Code asks for an entry by key, `<file>.<dotted path>` (`rules.GR623.message`),
and gets a `Text`; placeholders are filled per language, so a parameter that is
itself bilingual (a `Text`, the model's `Names` or a `(zh, en)` pair) prints in
the page's language.
tests/test_catalogue.py proves every key used exists in both languages with the
same placeholders, and that no entry is left unused.
"""

from __future__ import annotations

import string
import tomllib
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any, Protocol, runtime_checkable

from gridrules.problems import Text

__all__ = ["CatalogueError", "entries", "has", "in_lang", "msg", "section", "term"]

LANGS = ("zh", "en")


@runtime_checkable
class Bilingual(Protocol):
    zh: str
    en: str

    def __call__(self, lang: str) -> str: ...


class CatalogueError(LookupError):
    """A key that no catalogue holds, or an entry without both languages (a bug in gridrules)."""


def _flatten(prefix: str, table: Mapping[str, Any], out: dict[str, dict[str, str]]) -> None:
    if "zh" in table or "en" in table:
        missing = [lang for lang in LANGS if not isinstance(table.get(lang), str)]
        if missing:
            raise CatalogueError(f"catalogue entry {prefix!r} has no {'/'.join(missing)} text")
        out[prefix] = {k: v for k, v in table.items() if isinstance(v, str)}
        return
    for key, value in table.items():
        if isinstance(value, Mapping):
            _flatten(f"{prefix}.{key}", value, out)


@cache
def entries() -> dict[str, dict[str, str]]:
    """Every entry of every catalogue: full key → {"zh": …, "en": …, optional help/phrase}."""
    out: dict[str, dict[str, str]] = {}
    folder = resources.files("gridrules") / "locale"
    for item in sorted(folder.iterdir(), key=lambda t: t.name):
        if not item.name.endswith(".toml"):
            continue
        area = item.name.removesuffix(".toml")
        _flatten(area, tomllib.loads(item.read_text(encoding="utf-8")), out)
    return out


def has(key: str) -> bool:
    return key in entries()


def _entry(key: str) -> dict[str, str]:
    found = entries().get(key)
    if found is None:
        raise CatalogueError(f"no catalogue entry {key!r} (add it to gridrules/locale/)")
    return found


def _in(lang: str, value: object) -> object:
    """A bilingual value in `lang`; any other value as it is, for the entry's format spec."""
    if isinstance(value, Text):
        return value(lang)
    if isinstance(value, Bilingual):  # the model's Names: a policy's own words
        return value(lang)
    if isinstance(value, tuple) and len(value) == 2 and all(isinstance(v, str) for v in value):
        return in_lang((str(value[0]), str(value[1])), lang)
    return value


def msg(key: str, /, **params: object) -> Text:
    """The entry `key` with its placeholders filled, each parameter in each language."""
    entry = _entry(key)
    return Text(
        entry["zh"].format_map({k: _in("zh", v) for k, v in params.items()}),
        entry["en"].format_map({k: _in("en", v) for k, v in params.items()}),
    )


def in_lang(words: Mapping[str, str] | tuple[str, str], lang: str) -> str:
    """A catalogue entry (or a (zh, en) pair) in one language: Chinese for "zh", else English."""
    if isinstance(words, tuple):
        return words[0] if lang == "zh" else words[1]
    return words["zh" if lang == "zh" else "en"]


def term(key: str) -> tuple[str, str]:
    """A label without placeholders as a (zh, en) pair."""
    text = msg(key)
    return text.zh, text.en


def section(prefix: str) -> dict[str, dict[str, str]]:
    """The entries directly under `prefix`, in file order: last key segment → entry."""
    return dict(_section(prefix))  # a copy: callers may keep or change it


@cache
def _section(prefix: str) -> tuple[tuple[str, dict[str, str]], ...]:
    head = prefix + "."
    return tuple(
        (key[len(head) :], entry)
        for key, entry in entries().items()
        if key.startswith(head) and "." not in key[len(head) :]
    )


def placeholders(text: str) -> set[str]:
    """The `{name}` fields a catalogue text expects."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}
