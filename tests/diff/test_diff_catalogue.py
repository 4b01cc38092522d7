"""The diff report's words come from the catalogue (gridrules/locale/diff.toml): a Chinese
report prints none of its English texts, and every word table has both languages."""

from __future__ import annotations

from gridrules.diff import report_words as w
from gridrules.diff.report import markdown, text
from render_text import catalogue_english

from .support import CASES, run_case


def test_word_tables_are_loaded_from_the_catalogue() -> None:
    assert {"change", "mode", "gain_cause", "loss_cause", "flag_title", "kind"} <= set(w.WORDS)
    assert w.word("change", "gained", "zh") == "获得"
    assert w.word("change", "gained", "en") == "gained"
    assert w.word("change", "no_such_code", "zh") == "no_such_code"


def test_a_chinese_report_prints_no_english_words() -> None:
    english = catalogue_english("diff")
    assert len(english) > 50
    leaks: list[str] = []
    for case in CASES:
        report = run_case(case, pages=False)
        for name, said in (("text", text(report, "zh")), ("markdown", markdown(report, "zh"))):
            leaks += [f"{case.name} {name}: {e!r}" for e in english if e in said]
    assert leaks == [], leaks[:20]


def test_every_change_a_kind_declares_has_words() -> None:
    # A new document kind's `changes` need words in locale/kinds.toml [changes.*],
    # or the report would print the code; and no word is left for a change no kind has.
    from gridrules.diff.model_diff import kinds

    declared = set(kinds())
    worded = set(w.WORDS["kind"])
    assert declared == worded, (sorted(declared - worded), sorted(worded - declared))
