"""The committed schemas are what scripts/build_schemas.py generates, valid draft-07, and
the bundled policies pass them through check-jsonschema (what editors and CI use)."""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys

import pytest
import yaml
from jsonschema import Draft7Validator

from conftest import POLICIES, ROOT

SCHEMAS = ROOT / "schemas"


def generator():
    spec = importlib.util.spec_from_file_location(
        "build_schemas", ROOT / "scripts" / "build_schemas.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_committed_schemas_match_the_generator():
    gen = generator()
    for kind, schema in gen.SCHEMAS.items():
        path = SCHEMAS / f"{kind}.schema.json"
        assert path.read_text(encoding="utf-8") == gen.render(schema), (
            f"{path.name} is stale: run python scripts/build_schemas.py"
        )
    assert {p.name for p in SCHEMAS.glob("*.schema.json")} == {
        f"{k}.schema.json" for k in gen.SCHEMAS
    }


@pytest.mark.parametrize("path", sorted(SCHEMAS.glob("*.schema.json")), ids=lambda p: p.name)
def test_schema_is_valid_draft7_with_bilingual_descriptions(path):
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    for key, prop in schema["properties"].items():
        if key not in ("kind", "version"):
            assert " / " in prop["description"], f"{path.name}:{key} needs 'Chinese / English'"


def policy_yaml_files():
    return sorted(p for p in POLICIES.glob("*/*.yaml"))


def test_every_bundled_file_names_its_schema():
    for path in policy_yaml_files():
        first = path.read_text(encoding="utf-8").splitlines()[0]
        kind = yaml.safe_load(path.read_text(encoding="utf-8"))["kind"]
        assert re.fullmatch(
            rf"# yaml-language-server: \$schema=\.\./\.\./schemas/{kind}\.schema\.json", first
        ), path


def test_check_jsonschema_accepts_the_bundled_policies():
    by_kind: dict[str, list[str]] = {}
    for path in policy_yaml_files():
        by_kind.setdefault(yaml.safe_load(path.read_text(encoding="utf-8"))["kind"], []).append(
            str(path)
        )
    assert by_kind, "no bundled policies found"
    for kind, files in by_kind.items():
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "check_jsonschema",
                "--schemafile",
                str(SCHEMAS / f"{kind}.schema.json"),
                *files,
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert proc.returncode == 0, proc.stdout + proc.stderr


# The schemas' words live in locale/kinds.toml under [schema]: test_catalogue sees only the
# prefix the lookups share, so these check the entries against what the generator writes.

WORDS = "kinds.schema."


def _schema_words() -> dict[str, str]:
    from gridrules import catalogue
    from gridrules.kinds.schema_parts import both
    from gridrules.problems import Text

    return {
        key: both(Text(entry["zh"], entry["en"]))
        for key, entry in catalogue.entries().items()
        if key.startswith(WORDS)
    }


def _descriptions(node, out):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "description" and isinstance(value, str):
                out.append(value)
            else:
                _descriptions(value, out)
    elif isinstance(node, list):
        for value in node:
            _descriptions(value, out)
    return out


def test_every_schema_word_is_written_into_some_schema():
    written: list[str] = []
    for schema in generator().SCHEMAS.values():
        _descriptions(schema, written)
    left, right = "\N{FULLWIDTH LEFT PARENTHESIS}", "\N{FULLWIDTH RIGHT PARENTHESIS}"

    def uses(description: str, text: str) -> bool:
        # alone, before a closed set's words or a note, or as the note itself
        return (
            description == text
            or description.startswith((f"{text} — ", f"{text}{left}"))
            or description.endswith(f"{left}{text}{right}")
        )

    unused = [
        key
        for key, text in _schema_words().items()
        if not any(uses(description, text) for description in written)
    ]
    assert not unused, f"schema words no schema uses: {unused}"


def test_schema_words_are_not_copied():
    # The same words in two places belong under one key of [schema.common].
    seen: dict[str, str] = {}
    copies = []
    for key, text in _schema_words().items():
        if text in seen:
            copies.append((seen[text], key))
        seen.setdefault(text, key)
    assert not copies, copies


def test_kind_modules_hold_no_chinese():
    # Every description is a catalogue entry; the modules name them by key.
    cjk = re.compile(r"[\u3400-\u9fff]")
    kinds = ROOT / "src" / "gridrules" / "kinds"
    found = [
        f"{path.name}:{n}"
        for path in sorted(kinds.glob("*.py"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if cjk.search(line)
    ]
    assert not found, found
