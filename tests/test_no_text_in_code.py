"""Chinese words live in the catalogues (gridrules/locale/), not in code.

A string literal with Chinese characters in src/ is either policy data (the rules'
example policies), a rule of Chinese typesetting or input parsing, or a leak the
catalogue should hold. The first two are listed here with the reason; anything
else fails, naming the file and line.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "gridrules"
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")

ALLOWED = {
    "rules/": "example policies the rules are documented and tested with (policy data)",
    "rules/docs.py": "headings of the generated docs/rules.md, bilingual by design",
    "cells.py": "是/否 are accepted spellings of yes/no in CSV cells (input, not output)",
    "render/environment.py": "Chinese numerals for chapter numbers (一、二、…)",
    "render/svg.py": "CJK line-breaking: characters that may not start or end a line",
    "render/tables.py": "column typesetting splits lists at the Chinese list mark",
    "render/text.py": "the CJK character ranges folded YAML text is joined by",
    "render/typst_pdf.py": "the ideographic space Typst pads a posted sheet's blanks with",
    "render/timing.py": "residents read 日 where the model says 天 (a Chinese-only wording)",
    "service/openapi.py": "the OpenAPI document is English for developers, naming Chinese terms",
    "service/openapi_emergency.py": "the same, for the emergency endpoints",
}


def _docstrings(tree: ast.AST) -> set[int]:
    found: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


def _allowed(relative: str) -> bool:
    return any(
        relative == key or (key.endswith("/") and relative.startswith(key)) for key in ALLOWED
    )


def _chinese_literals(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docs = _docstrings(tree)
    return [
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in docs
        and CJK.search(node.value)
    ]


def test_no_chinese_literal_outside_the_catalogues() -> None:
    leaks = [
        f"{path.relative_to(SRC).as_posix()}:{line}: {value[:40]!r}"
        for path in sorted(SRC.rglob("*.py"))
        if not _allowed(path.relative_to(SRC).as_posix())
        for line, value in _chinese_literals(path)
    ]
    assert not leaks, "move these to gridrules/locale/*.toml:\n" + "\n".join(leaks)


def test_every_allowance_still_applies() -> None:
    # An allowance for a file (or folder) that no longer has Chinese literals is removed.
    for key in ALLOWED:
        paths = sorted((SRC / key).rglob("*.py")) if key.endswith("/") else [SRC / key]
        assert any(_chinese_literals(p) for p in paths), f"{key}: nothing left to allow"
