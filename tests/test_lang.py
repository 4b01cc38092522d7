"""gridrules.lang: language detection and the bilingual helpers read from the catalogue."""

from __future__ import annotations

import pytest

from gridrules.lang import counted, detect_lang, joined
from gridrules.problems import Text


@pytest.mark.parametrize(
    ("n", "zh", "en"),
    [(0, "0 个错误", "0 errors"), (1, "1 个错误", "1 error"), (2, "2 个错误", "2 errors")],
)
def test_counted_picks_the_plural_form(n: int, zh: str, en: str) -> None:
    assert counted("error", n) == Text(zh, en)


def test_joined_uses_each_languages_separator() -> None:
    comma = Text("、", ", ")
    assert joined(comma, ["a", Text("乙", "b")]) == Text("a、乙", "a, b")
    assert joined(comma, []) == Text("", "")


def test_explicit_language_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDRULES_LANG", "zh_CN.UTF-8")
    assert detect_lang("en") == "en"
    assert detect_lang() == "zh"
