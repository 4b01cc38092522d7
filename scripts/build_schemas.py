"""Generate schemas/*.schema.json (JSON Schema draft-07) for every document kind.

Each kind's schema is written by its module in gridrules.kinds (`KIND.schema`), from the
pieces in gridrules.kinds.schema_parts, its descriptions from [schema] in
gridrules/locale/kinds.toml; this script only writes them out, one file per kind of the
registry. Draft-07 because the YAML language server that editors use does
not support 2020-12. Run after changing the format:  python scripts/build_schemas.py
tests/test_schemas.py fails when the committed files differ from this output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # the kinds and their schemas live in the package
    sys.path.insert(0, str(ROOT / "src"))

from gridrules.kinds import registry  # noqa: E402

OUT = ROOT / "schemas"

SCHEMAS: dict[str, dict[str, Any]] = {kind.name: kind.schema() for kind in registry()}


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for kind, schema in SCHEMAS.items():
        (OUT / f"{kind}.schema.json").write_text(render(schema), encoding="utf-8")
    print(f"wrote {len(SCHEMAS)} schemas to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
