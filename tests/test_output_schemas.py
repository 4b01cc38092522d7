"""Every command's --format json output matches its schema under schemas/output/
(docs/json-output.md), on a bundled policy and on the policy docs/policy-format.md builds;
the committed schemas are what scripts/build_output_schemas.py writes."""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from gridrules.cli.main import main

from conftest import FIXTURES, POLICIES, ROOT

OUTPUT = ROOT / "schemas" / "output"
WUHOU = str(POLICIES / "chengdu-wuhou")
DOCS = str(FIXTURES / "valid" / "docs_example" / "policy")


def _builder() -> Any:
    spec = importlib.util.spec_from_file_location(
        "build_output_schemas", ROOT / "scripts" / "build_output_schemas.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((OUTPUT / f"{name}.schema.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, Any]:
    capsys.readouterr()
    code = main([*args, "--format", "json"])
    out, err = capsys.readouterr()
    try:
        return code, json.loads(out)
    except json.JSONDecodeError:  # pragma: no cover - the failure message
        pytest.fail(f"not JSON (exit {code}): {out!r} {err!r}")


def assert_valid(name: str, payload: Any) -> None:
    errors = sorted(validator(name).iter_errors(payload), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GRIDRULES_LANG", "en")


def test_committed_schemas_are_generated() -> None:
    expected = _builder().outputs()
    stale = [
        name
        for name, text in expected.items()
        if not (OUTPUT / name).exists() or (OUTPUT / name).read_text(encoding="utf-8") != text
    ]
    diff_source = ROOT / "src/gridrules/diff/report.schema.json"
    if diff_source.read_text(encoding="utf-8") != expected["diff.schema.json"]:
        stale.append(str(diff_source.relative_to(ROOT)))
    extra = sorted({p.name for p in OUTPUT.glob("*.json")} - set(expected))
    assert not stale and not extra, (
        f"run: python scripts/build_output_schemas.py (stale {stale}, extra {extra})"
    )


def test_every_json_command_has_a_schema_and_a_section() -> None:
    from gridrules.cli.main import COMMANDS, _speaks_json

    doc = (ROOT / "docs" / "json-output.md").read_text(encoding="utf-8")
    described = [
        name
        for name in [n for n in COMMANDS if _speaks_json(n)] + ["error"]
        if (OUTPUT / f"{name}.schema.json").exists() and f"schemas/output/{name}.schema.json" in doc
    ]
    assert set(described) >= set(CASES) | {"error", "export", "diff", "publish"}
    missing = sorted({n for n in COMMANDS if _speaks_json(n)} - set(described))
    assert not missing, f"commands with --format json but no schemas/output/ schema: {missing}"


# --- each command on a bundled policy (Chengdu Wuhou: CSV registry and roster, tests/) ---

HANDLE_DISPUTE = ("-a", "handle", "-m", "neighbour_dispute", "-g", "510107001001001")
CASES: dict[str, list[list[str]]] = {
    "validate": [[WUHOU], [str(POLICIES)]],
    "check": [
        [WUHOU, "-p", "W0020", *HANDLE_DISPUTE],
        [WUHOU, "-p", "W0001", *HANDLE_DISPUTE, "--explain"],
    ],
    "route": [
        [WUHOU, "-m", "neighbour_dispute", "-g", "510107001001001"],
        [WUHOU, "-m", "neighbour_dispute", "--mode", "emergency"],
    ],
    "who": [[WUHOU, "-a", "handle", "-m", "neighbour_dispute", "-g", "510107001001001"]],
    "can": [[WUHOU, "-p", "W0020"], [WUHOU, "-p", "W0020", "--mode", "emergency"]],
    "coverage": [[WUHOU]],
    "test": [[WUHOU], [WUHOU, "--explain"]],
    "workload": [[WUHOU]],
    "build": [
        [
            str(POLICIES / "yanchi"),
            "-o",
            str(Path(tempfile.gettempdir()) / "gridrules-build-schema-test.grsnap"),
        ]
    ],
}


@pytest.mark.parametrize(
    ("name", "args"),
    [(name, args) for name, runs in CASES.items() for args in runs],
    ids=lambda v: v if isinstance(v, str) else " ".join(Path(a).name for a in v[:1] + v[1:]),
)
def test_command_output_matches_its_schema(
    name: str, args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, payload = run(capsys, name, *args)
    assert code in (0, 1), payload
    assert_valid(name, payload)


def test_check_many_is_a_list_of_decisions(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    request = {"action": "handle", "matter": "neighbour_dispute", "grid": "510107001001001"}
    requests = tmp_path / "requests.json"
    requests.write_text(
        json.dumps([{**request, "principal": "W0020"}, {**request, "principal": "W0001"}]),
        encoding="utf-8",
    )
    code, payload = run(capsys, "check", WUHOU, "--request", str(requests))
    assert code == 1 and [d["allowed"] for d in payload] == [True, False]
    assert_valid("check", payload)


def test_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = run(capsys, "export", WUHOU, "--casbin", str(tmp_path / "casbin"))
    assert code == 0
    assert_valid("export", payload)
    assert Path(payload["runtime"]).is_file()


def test_diff(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = run(
        capsys, "diff", str(POLICIES / "chengdu"), WUHOU, "--no-pages", "--jobs", "1"
    )
    assert code == 0
    assert_valid("diff", payload)
    own = json.loads((ROOT / "src/gridrules/diff/report.schema.json").read_text(encoding="utf-8"))
    assert not list(Draft202012Validator(own).iter_errors(payload))


def test_coverage_with_gaps(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Tongjiang with every own_grid role node-scoped: its unit cells lose their finders
    root = tmp_path / "policies"
    shutil.copytree(POLICIES, root, ignore=shutil.ignore_patterns("tests"))
    for path in root.rglob("roles.yaml"):
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"scope: own_grid\b", "scope: node", text), encoding="utf-8")
    code, payload = run(capsys, "coverage", str(root / "tongjiang"), "--at", "2026-12-01")
    assert code == 1 and payload["gaps"], payload
    assert_valid("coverage", payload)


# --- the doc example: every command answers on it ---------------------------------------

DOC_CASES: dict[str, list[str]] = {
    "validate": [DOCS, "--strict"],
    "check": [DOCS, "-p", "W001", "-a", "handle", "-m", "neighbour_dispute", "-g", "S01C01G01"],
    "route": [DOCS, "-m", "rental_safety", "-g", "S01C01G01"],
    "who": [DOCS, "-a", "report", "-m", "neighbour_dispute", "-g", "S01C01G01"],
    "can": [DOCS, "-p", "W001"],
    "coverage": [DOCS],
    "test": [DOCS],
}


@pytest.mark.parametrize("name", sorted(DOC_CASES))
def test_doc_example_answers_every_command(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, payload = run(capsys, name, *DOC_CASES[name])
    assert code == 0, payload
    assert_valid(name, payload)


# --- the error object, from each kind of failure ----------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["route", WUHOU, "-m", "no_such_matter"],  # a query error
        ["check", WUHOU, "-p", "W0020", "-a", "handle", "-m", "x", "-g", "x", "--mode", "war"],
        ["who", WUHOU, "-a", "handle", "-m", "neighbour_dispute", "-g", "nowhere"],
        ["can", WUHOU, "-p", "W9999"],
        ["check", WUHOU, "--request", "/nonexistent/requests.json"],  # unreadable
    ],
    ids=["unknown_matter", "usage", "unknown_grid", "unknown_principal", "unreadable"],
)
def test_error_outcomes_match_the_error_schema(
    args: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, payload = run(capsys, *args)
    assert code == 2 and payload["error"]["exit_code"] == 2
    assert_valid("error", payload)


def test_refused_invalid_policy_matches_the_error_schema(
    make_policy: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = make_policy({"roles.yaml": "kind: roles\nversion: 1\nroles: []\n"})
    code, payload = run(capsys, "route", str(folder), "-m", "neighbour_dispute")
    assert code == 2 and payload["error"]["code"] == "invalid_policy"
    assert_valid("error", payload)
    code, payload = run(capsys, "validate", str(folder))
    assert code == 1
    assert_valid("validate", payload)


def test_internal_error_matches_the_error_schema(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import gridrules.cli.route as route

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def boom(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("forced")

    monkeypatch.setattr(route, "load_engine", boom)
    code, payload = run(capsys, "route", WUHOU, "-m", "neighbour_dispute")
    assert code == 3 and payload["error"]["code"] == "internal"
    assert payload["error"]["exception"] == "KeyError"
    assert_valid("error", payload)
