"""The rules' words in locale/rules.toml match the rules that ask for them.

tests/test_catalogue.py sees a rule's lookups only through the `rules.` prefix
(`Rule.text` builds `rules.<code>.<part>`); this reads each rule module for the
parts it names (`part="x"`, `RULE.text("x")`, `message_x`/`hint_x`) and the
parameters it passes, so a renamed key or placeholder fails here, not in the
one branch a fixture does not reach.
"""

from __future__ import annotations

import ast
import importlib
import string
from pathlib import Path

import pytest

from gridrules import catalogue
from gridrules.rules import REGISTRY, SEMANTIC_MODULES

RULES = Path(__file__).resolve().parents[1] / "src" / "gridrules" / "rules"
# modules whose helpers fill parameters for the rules that call them
HELPERS = ("common", "timeline", "workload_common", "party_common", "registers_common", "staffing")
# parts named by the data rather than the code: the role a routing entry gives a department
FROM_DATA = {"GR627": {"lead", "assist"}}


def _entries(code: str) -> dict[str, dict[str, str]]:
    return catalogue.section(f"rules.{code}")


def _tree(module: str) -> ast.Module:
    return ast.parse((RULES / f"{module}.py").read_text(encoding="utf-8"))


def _parts(tree: ast.Module) -> set[str]:
    """Parts named literally: `part="x"`, `.text("x")`, `_hint(..., "hint_x")`."""
    named: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        for kw in node.keywords:
            if kw.arg == "part" and isinstance(kw.value, ast.Constant):
                named.add(f"message_{kw.value.value}")
                named.add(f"hint_{kw.value.value}")
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        literal = [
            a.value for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)
        ]
        if name == "text" and literal:
            named.add(literal[0])
        if name in ("_hint", "_problem"):  # a part passed on to the call that looks it up
            named.update(literal)
        for arg in node.args:  # RULE.text("a" if x else "b")
            if name == "text" and isinstance(arg, ast.IfExp):
                named.update(v.value for v in (arg.body, arg.orelse) if isinstance(v, ast.Constant))
    return named


def _part_values(tree: ast.Module) -> set[str]:
    """The literal `part="x"` arguments: each needs its `message_x`."""
    return {
        kw.value.value
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for kw in node.keywords
        if kw.arg == "part" and isinstance(kw.value, ast.Constant) and kw.value.value
    }


def _strings(tree: ast.Module) -> set[str]:
    """Every string constant: parts handed on to a helper or chosen at run time
    (`at_direct(RULE, "within", ...)`, `RULE.text(part)` over "lead"/"assist")."""
    found = {
        n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    }
    full = {s.split(".", 2)[2] for s in found if s.startswith("rules.GR") and s.count(".") >= 2}
    return found | full | {f"{p}_{s}" for s in found for p in ("message", "hint")}


def _given(tree: ast.Module) -> set[str]:
    """Keyword argument names, string dict keys and `d["key"] = …` targets, and the strings
    of tuples (`("matters", "matter", …)` hands "matter" on as a key): what a module fills."""
    given: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            given.update(kw.arg for kw in node.keywords if kw.arg)
        keys: list[ast.expr | None] = []
        if isinstance(node, ast.Dict):
            keys = list(node.keys)
        elif isinstance(node, ast.Subscript) and isinstance(node.ctx, ast.Store):
            keys = [node.slice]
        elif isinstance(node, ast.Tuple):
            keys = list(node.elts)
        given.update(
            k.value for k in keys if isinstance(k, ast.Constant) and isinstance(k.value, str)
        )
    return given | {f"{name}_name" for name in given}


def _placeholders(entry: dict[str, str]) -> set[str]:
    return {n.split(".")[0] for _, n, _, _ in string.Formatter().parse(entry["zh"]) if n}


def _modules() -> list[tuple[str, str]]:
    out = []
    for module in ("builtin", *SEMANTIC_MODULES):
        if module == "builtin":
            out += [
                (r.code, module) for r in importlib.import_module("gridrules.rules.builtin").RULES
            ]
        else:
            out.append((importlib.import_module(f"gridrules.rules.{module}").RULE.code, module))
    return out


def test_every_rule_has_a_title() -> None:
    missing = [code for code in REGISTRY if "title" not in _entries(code)]
    assert not missing


def test_rule_entries_belong_to_rules() -> None:
    codes = {key.split(".")[1] for key in catalogue.entries() if key.startswith("rules.GR")}
    assert codes <= set(REGISTRY), codes - set(REGISTRY)


@pytest.mark.parametrize(("code", "module"), _modules(), ids=lambda x: x)
def test_rule_asks_for_its_own_words(code: str, module: str) -> None:
    entries = _entries(code)
    tree = _tree(module)
    helpers = set().union(*(_strings(_tree(h)) for h in HELPERS))
    named = _parts(tree) | _strings(tree) | helpers | FROM_DATA.get(code, set())
    named |= {"title", "message", "hint"}
    unused = sorted(set(entries) - named)
    assert not unused, f"{code}: entries {module}.py never names: {unused}"
    asked = {p for p in _parts(tree) if not p.startswith(("message_", "hint_"))}
    asked |= {f"message_{p}" for p in _part_values(tree)}
    missing = sorted(p for p in asked if p not in entries)
    assert not missing, f"{code}: {module}.py asks for parts the catalogue lacks: {missing}"
    if module != "builtin" and not any(k.startswith("message") for k in entries):
        pytest.fail(f"{code} has no message")


@pytest.mark.parametrize(("code", "module"), _modules(), ids=lambda x: x)
def test_rule_fills_every_placeholder(code: str, module: str) -> None:
    given = _given(_tree(module)).union(*(_given(_tree(h)) for h in HELPERS))
    unfilled = {
        part: sorted(_placeholders(entry) - given)
        for part, entry in _entries(code).items()
        if _placeholders(entry) - given
    }
    assert not unfilled, f"{code}: placeholders {module}.py passes no value for: {unfilled}"
