"""`gridrules publish --format json` matches schemas/output/publish.schema.json (a real store)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from gridrules.cli.main import main

from conftest import ROOT

SCHEMA = json.loads((ROOT / "schemas/output/publish.schema.json").read_text(encoding="utf-8"))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> object:
    capsys.readouterr()
    assert main([*args, "--format", "json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_publish_and_history_match_the_schema(
    store_dsn: str, policy_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    validator = Draft202012Validator(SCHEMA)
    first = run(capsys, "publish", str(policy_dir), "--store", store_dsn, "--note", "first")
    again = run(capsys, "publish", str(policy_dir), "--store", store_dsn)
    history = run(capsys, "publish", "--history", "--store", store_dsn)
    assert [first["status"], again["status"]] == ["published", "current"]  # type: ignore[index]
    for payload in (first, again, history):
        errors = list(validator.iter_errors(payload))
        assert not errors, [e.message for e in errors]
