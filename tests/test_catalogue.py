"""The message catalogues: every key the code asks for exists in Chinese and English,
with the same placeholders; every entry is used; Chinese entries are Chinese."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from gridrules import catalogue

SRC = Path(__file__).resolve().parents[1] / "src" / "gridrules"
LOOKUPS = {"msg", "term", "section"}
CJK = re.compile(r"[\u3400-\u9fff]")


def _lookup_names(tree: ast.Module) -> tuple[dict[str, str], set[str]]:
    """Names bound to catalogue lookups in a module, and names bound to the module itself."""
    functions: dict[str, str] = {}
    modules: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module == "gridrules.catalogue":
            functions.update({a.asname or a.name: a.name for a in node.names if a.name in LOOKUPS})
        elif isinstance(node, ast.ImportFrom) and node.module == "gridrules":
            modules.update(a.asname or a.name for a in node.names if a.name == "catalogue")
        elif isinstance(node, ast.Import):
            modules.update(
                a.asname for a in node.names if a.name == "gridrules.catalogue" and a.asname
            )
    return functions, modules


def _lookup(call: ast.Call, functions: dict[str, str], modules: set[str]) -> str | None:
    func = call.func
    if isinstance(func, ast.Name):
        return functions.get(func.id)
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Name)
        and func.value.id in modules
        and func.attr in LOOKUPS
    ):
        return func.attr
    return None


def _calls() -> tuple[set[str], set[str], list[str]]:
    """Literal keys, static f-string prefixes, and calls whose key is neither."""
    keys: set[str] = set()
    prefixes: set[str] = set()
    opaque: list[str] = []
    for path in sorted(SRC.rglob("*.py")):
        if path.name == "catalogue.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        functions, modules = _lookup_names(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            name = _lookup(node, functions, modules)
            if name is None:
                continue
            first = node.args[0]
            where = f"{path.relative_to(SRC)}:{node.lineno}"
            if isinstance(first, ast.Constant) and isinstance(first.value, str):
                if name == "section":
                    prefixes.add(first.value + ".")
                else:
                    keys.add(first.value)
            elif isinstance(first, ast.JoinedStr) and isinstance(first.values[0], ast.Constant):
                prefixes.add(str(first.values[0].value))
            else:
                opaque.append(where)
    return keys, prefixes, opaque


def test_every_literal_key_exists() -> None:
    keys, prefixes, _ = _calls()
    assert keys or prefixes, "no catalogue lookups found"
    missing = sorted(k for k in keys if not catalogue.has(k))
    assert not missing, f"keys used in src/ but in no catalogue: {missing}"
    for prefix in prefixes:
        assert any(k.startswith(prefix) for k in catalogue.entries()), prefix


def test_every_entry_is_used() -> None:
    keys, prefixes, _ = _calls()
    unused = [
        k
        for k in catalogue.entries()
        if k not in keys and not any(k.startswith(p) for p in prefixes)
    ]
    assert not unused, f"catalogue entries nothing asks for: {unused}"


def test_lookups_name_their_key() -> None:
    # A key built at run time can only be checked through its static prefix.
    _, _, opaque = _calls()
    assert not opaque, f"catalogue lookups without a literal or f-string key: {opaque}"


def test_every_entry_in_both_languages_with_the_same_placeholders() -> None:
    # An English text may be empty on purpose ("项" after a count, " 页" after the page
    # total have no English word): the entry then says why in `blank_en`.
    bad = [
        key
        for key, entry in catalogue.entries().items()
        if not (entry["zh"].strip() and (entry["en"].strip() or entry.get("blank_en", "").strip()))
        or catalogue.placeholders(entry["zh"]) != catalogue.placeholders(entry["en"])
    ]
    assert not bad, bad


def test_blank_english_is_only_where_it_is_explained() -> None:
    stale = [k for k, e in catalogue.entries().items() if "blank_en" in e and e["en"].strip()]
    assert not stale, f"entries with blank_en but an English text: {stale}"


def test_chinese_entries_are_chinese() -> None:
    # An entry whose zh text has no Chinese at all was left untranslated (a name
    # written alike in both languages, such as JSON, is the same text in both).
    untranslated = [
        k
        for k, e in catalogue.entries().items()
        if not CJK.search(e["zh"]) and not _only_symbols(e["zh"]) and e["zh"] != e["en"]
    ]
    assert not untranslated, untranslated


def _only_symbols(text: str) -> bool:
    stripped = re.sub(r"\{[^}]*\}", "", text)
    return not re.search(r"[A-Za-z]{3,}", stripped)


def test_unknown_key_is_a_clear_error() -> None:
    with pytest.raises(catalogue.CatalogueError, match="no catalogue entry"):
        catalogue.msg("nowhere.no_such_key")
