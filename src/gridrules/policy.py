"""The library's entry point for a jurisdiction: load, validate and build its policy.

Above the loader, the model builder and the semantic rules (gridrules.validate
runs them in order), so every layer below points down.
"""

from __future__ import annotations

import os
from pathlib import Path

from gridrules.loader import LoadResult
from gridrules.validate import validate_folder


def load_policy(
    path: str | os.PathLike[str], *, root: str | os.PathLike[str] | None = None, rules: bool = True
) -> LoadResult:
    """Load, validate and build a jurisdiction's policy (with what it extends).

    `policy` is None when any error-level problem was found: nothing downstream
    should ever act on a policy that did not validate.
    """
    return validate_folder(Path(path), root=Path(root) if root else None, run_rules=rules)


__all__ = ["LoadResult", "load_policy"]
