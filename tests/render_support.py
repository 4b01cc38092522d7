"""Shared helpers for the handbook rendering tests."""

from __future__ import annotations

import datetime as dt
import os
from functools import cache
from pathlib import Path

from gridrules.model import Policy
from gridrules.policy import load_policy
from gridrules.render import RenderOptions
from gridrules.version import PolicyVersion

from conftest import EXAMPLE_BASE, POLICIES

FIXED_VERSION = PolicyVersion("0123456789ab", "fedcba9876543210fedcba9876543210fedcba98", False)
FIXED_DATE = dt.date(2025, 1, 15)
GOLDEN = Path(__file__).resolve().parent / "golden" / "render"
UPDATE_GOLDEN = os.environ.get("GRIDRULES_UPDATE_GOLDEN") == "1"
CHROMIUM = Path("/usr/bin/chromium")


def options(**overrides: object) -> RenderOptions:
    values: dict[str, object] = {"version": FIXED_VERSION, "generated": FIXED_DATE}
    values.update(overrides)
    return RenderOptions(**values)  # type: ignore[arg-type]


def load(folder: Path) -> Policy:
    result = load_policy(folder)
    assert result.policy is not None, [
        str(p.location) + " " + p.message.en for p in result.problems
    ]
    return result.policy


@cache
def bundled() -> list[Path]:
    """Bundled jurisdictions that exist and validate (others are still being written)."""
    if not POLICIES.is_dir():
        return []
    return [
        folder
        for folder in sorted(POLICIES.iterdir())
        if (folder / "jurisdiction.yaml").is_file() and load_policy(folder).ok
    ]


def flagged_as_example(folder: Path) -> str:
    """The folder's jurisdiction.yaml with `settings: {example: true}` added."""
    text = (folder / "jurisdiction.yaml").read_text(encoding="utf-8")
    assert "\nsettings:\n" in text, folder
    return text.replace("\nsettings:\n", "\nsettings:\n  example: true\n", 1)


def first_leaf_grid(policy: Policy) -> str | None:
    """A grid-tier grid with no children: caps notice sheets to one page."""
    grid_tiers = {t.id for t in policy.tiers if t.is_grid}
    parents = {g.parent for g in policy.grids}
    return next((g.id for g in policy.grids if g.tier in grid_tiers and g.id not in parents), None)


__all__ = ["EXAMPLE_BASE", "POLICIES"]
