"""Write the doc-example fixture from docs/policy-format.md.

Every fenced block under a `<!-- file: NAME -->` marker becomes
tests/fixtures/valid/docs_example/policy/NAME, so the doc is the one hand-edited
copy of the example; tests/test_docs_policy_format.py fails until this is rerun.
The CSV variants are not written (the test lays them over the inline set).
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "policy-format.md"
FIXTURE = ROOT / "tests" / "fixtures" / "valid" / "docs_example" / "policy"
BLOCK = re.compile(
    r"^<!-- file: (?P<name>\S+)(?P<variant> \(CSV variant\))? -->\n```(?:yaml|csv)\n(?P<text>.*?)^```$",
    re.MULTILINE | re.DOTALL,
)


def blocks(doc: str) -> tuple[dict[str, str], dict[str, str]]:
    """The doc's files: the inline set and the CSV variants, name → text."""
    main_set: dict[str, str] = {}
    variant: dict[str, str] = {}
    for m in BLOCK.finditer(doc):
        target = variant if m.group("variant") else main_set
        name = m.group("name")
        if name in target or Path(name).is_absolute() or ".." in Path(name).parts:
            raise SystemExit(f"{DOC}: file block {name!r} is shown twice or leaves the fixture")
        target[name] = m.group("text")
    return main_set, variant


def main() -> int:
    shown, _ = blocks(DOC.read_text(encoding="utf-8"))
    staging = FIXTURE.with_name(FIXTURE.name + ".new")
    shutil.rmtree(staging, ignore_errors=True)
    for name, text in shown.items():
        path = staging / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    shutil.rmtree(FIXTURE, ignore_errors=True)
    staging.rename(FIXTURE)
    print(f"wrote {len(shown)} files to {FIXTURE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
