"""Every rule's documented examples are tested: the passing one yields no problem of that
rule, the failing one yields at least one — so the reference cannot drift from the code."""

from __future__ import annotations

import datetime as dt

import pytest

from gridrules.rules import REGISTRY
from gridrules.validate import validate_folder

TODAY = dt.date(2026, 11, 22)
WITH_EXAMPLES = [r for r in REGISTRY.values() if r.examples is not None]


def codes(folder) -> list[str]:
    return [p.code for p in validate_folder(folder, today=TODAY).problems]


def test_example_base_is_clean(make_policy):
    assert validate_folder(make_policy(), today=TODAY).problems == []


def test_semantic_rules_all_have_examples():
    from gridrules.rules import SEMANTIC

    missing = [
        r.code
        for r in SEMANTIC
        if r.examples is None or not r.examples.passing or not r.examples.failing
    ]
    assert missing == []


@pytest.mark.parametrize("rule", WITH_EXAMPLES, ids=lambda r: f"{r.code}-{r.name}")
def test_failing_example_fails(rule, make_policy):
    assert rule.code in codes(make_policy(rule.examples.failing))


@pytest.mark.parametrize(
    "rule", [r for r in WITH_EXAMPLES if r.examples.passing], ids=lambda r: f"{r.code}-{r.name}"
)
def test_passing_example_passes(rule, make_policy):
    found = codes(make_policy(rule.examples.passing))
    assert rule.code not in found
    assert found == [], f"passing example of {rule.code} should be clean, got {found}"


def test_every_rule_has_a_doc_and_unique_name():
    names = [r.name for r in REGISTRY.values()]
    assert len(names) == len(set(names))
    for rule in REGISTRY.values():
        assert rule.description, rule.code
        assert rule.summary.zh and rule.summary.en


def test_rules_reference_is_up_to_date():
    """docs/rules.md is generated: regenerate with  gridrules rules --format markdown > docs/rules.md"""
    from gridrules.rules.docs import reference

    from conftest import ROOT

    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == reference()
