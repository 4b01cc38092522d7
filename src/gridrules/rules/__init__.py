"""The registry of validation rules: every code, its default level and documentation.

Checks made while reading files (GR0xx) and the schema check (GR100) are
listed in `gridrules.rules.builtin`; semantic rules live one per module.
Add a rule: write the module (RULE with doc and examples, a @RULE.check
function) and list it in SEMANTIC below.
"""

from __future__ import annotations

from gridrules.rules import builtin
from gridrules.rules.base import Context, Examples, Rule

SEMANTIC_MODULES: tuple[str, ...] = ("grid_size",)


def _load_semantic() -> list[Rule]:
    import importlib

    return [importlib.import_module(f"gridrules.rules.{name}").RULE for name in SEMANTIC_MODULES]


SEMANTIC: list[Rule] = _load_semantic()
REGISTRY: dict[str, Rule] = {rule.code: rule for rule in [*builtin.RULES, *SEMANTIC]}

__all__ = ["REGISTRY", "SEMANTIC", "Context", "Examples", "Rule"]
