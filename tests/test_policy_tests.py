"""`gridrules test`: policy test suites (kind: test) run against the engine."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from gridrules.cli.main import main
from gridrules.policytest import run_paths

from conftest import EXAMPLE_BASE, POLICIES

SUITE = """# yaml-language-server: $schema=../../../schemas/test.schema.json
kind: test
version: 1
name: 示例
defaults: {at: "2025-01-01"}
cases:
  - name: 专职网格员处置本网格纠纷
    request: {principal: W001, action: handle, matter: neighbour_dispute, grid: "S01C01G01"}
    expect: {allowed: true, reason: allowed, role: full_time_worker}
  - name: 跨网格处置
    request:
      principal: {roles: [full_time_worker], grid: "S01C01G01"}
      action: handle
      matter: neighbour_dispute
      grid: "S01C01G02"
    expect: {allowed: false, reason: out_of_scope}
  - name: 出租房隐患路线
    route: {matter: rental_safety, grid: "S01C01G01"}
    expect:
      levels: [grid, community_centre, street_centre]
      handling_level: community_centre
      nodes: ["S01C01G01", "S01C01", "S01"]
      people: [W003, W001]
      departments: []
  - name: 未知事项
    route: {matter: nothing}
    expect: {error: unknown_matter}
"""

FAILING = """kind: test
version: 1
name: 会失败
cases:
  - name: 错误的期望
    request: {principal: W001, action: handle, matter: neighbour_dispute, grid: "S01C01G02", at: "2025-01-01"}
    expect: {allowed: true}
  - name: 错误的路线
    route: {matter: rental_safety, grid: "S01C01G01"}
    expect: {handling_level: grid}
"""


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def suite_policy(make_policy):
    return make_policy({"tests/example.yaml": SUITE})


def test_a_passing_suite_exits_0(capsys, suite_policy):
    code, out, _ = run(capsys, "test", str(suite_policy), "--lang", "en", "-v")
    assert code == 0
    assert out.count("PASS") == 4 and "1 suite(s), 4 case(s): 4 passed, 0 failed" in out


def test_failures_name_the_case_file_line_and_exit_1(capsys, make_policy):
    folder = make_policy({"tests/example.yaml": SUITE, "tests/failing.yaml": FAILING})
    code, out, _ = run(capsys, "test", str(folder), "--lang", "en", "--explain")
    assert code == 1
    lines = [line for line in out.splitlines() if "FAIL" in line]
    assert len(lines) == 2
    assert "tests/failing.yaml:5:5: FAIL 错误的期望 — expected allowed true, got false" in lines[0]
    assert "out_of_scope" in out  # the explanation of the failed request
    assert (
        "tests/failing.yaml:8:5: FAIL 错误的路线 — expected handling_level grid, got community_centre"
        in lines[1]
    )
    assert "6 case(s): 4 passed, 2 failed" in out


def test_junit_xml(capsys, make_policy, tmp_path):
    folder = make_policy({"tests/example.yaml": SUITE, "tests/failing.yaml": FAILING})
    report = tmp_path / "out" / "junit.xml"
    code, _, _ = run(capsys, "test", str(folder), "--junit", str(report), "--lang", "en")
    assert code == 1
    root = ET.parse(report).getroot()
    assert (root.tag, root.get("tests"), root.get("failures")) == ("testsuites", "6", "2")
    failures = root.findall(".//failure")
    assert len(failures) == 2 and "expected allowed true" in failures[0].get("message")
    case = root.find(".//testcase[@name='错误的期望']")
    assert case.get("line") == "5" and case.get("file").endswith("failing.yaml")


def test_json_format(capsys, suite_policy):
    code, out, _ = run(capsys, "test", str(suite_policy), "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["summary"] == {"suites": 1, "cases": 4, "failures": 0, "errors": 0}
    assert data["suites"][0]["cases"][0]["location"].endswith("example.yaml:7:5")


def test_a_suite_file_may_be_named_directly(capsys, suite_policy):
    code, out, _ = run(capsys, "test", str(suite_policy / "tests" / "example.yaml"), "--lang", "en")
    assert code == 0 and "4 passed" in out


def test_a_malformed_suite_is_an_error_with_its_position(capsys, make_policy):
    bad = "kind: test\nversion: 1\nname: x\ncases:\n  - name: y\n    expect: {allowed: maybe}\n    request: {principal: W001}\n"
    folder = make_policy({"tests/bad.yaml": bad})
    code, out, _ = run(capsys, "test", str(folder), "--lang", "en")
    assert code == 2
    assert "tests/bad.yaml:6:" in out and "GR100" in out
    assert "tests/bad.yaml:7:" in out  # every problem, not just the first


def test_a_yaml_error_in_a_suite_exits_2(capsys, make_policy):
    folder = make_policy({"tests/broken.yaml": "kind: test\ncases: [\n"})
    code, out, _ = run(capsys, "test", str(folder))
    assert code == 2 and "tests/broken.yaml" in out


def test_a_wrong_kind_in_tests_is_reported(capsys, make_policy):
    folder = make_policy({"tests/other.yaml": "kind: roles\nversion: 1\nroles: []\n"})
    code, out, _ = run(capsys, "test", str(folder), "--lang", "en")
    assert code == 2 and "must declare kind: test" in out


def test_an_invalid_policy_exits_2(capsys, make_policy):
    folder = make_policy(
        {"tests/example.yaml": SUITE, "roles.yaml": "kind: roles\nversion: 1\nroles: [1, 2\n"}
    )
    code, out, _ = run(capsys, "test", str(folder), "--lang", "en")
    assert code == 2 and "roles.yaml" in out


def test_a_jurisdiction_without_tests_is_noted(capsys):
    code, out, _ = run(capsys, "test", str(EXAMPLE_BASE), "--lang", "en")
    assert code == 0 and "no tests/ suites" in out


def test_missing_path_exits_2(capsys, tmp_path):
    code, out, _ = run(capsys, "test", str(tmp_path / "nowhere"), "--lang", "en")
    assert code == 2 and "does not exist" in out


def test_bad_request_field_fails_the_case(make_policy):
    suite = SUITE.replace(
        'grid: "S01C01G01"}\n    expect: {allowed: true',
        'grid: "S01C01G01", at: "someday"}\n    expect: {allowed: true',
        1,
    )
    folder = make_policy({"tests/example.yaml": suite})
    report = run_paths([folder])
    assert report.exit_code in (1, 2)  # the schema or the request reader refuses it


def test_every_bundled_jurisdiction_ships_a_passing_suite():
    report = run_paths([POLICIES])
    assert not report.problems, report.problems
    assert not report.untested, f"jurisdictions without tests/: {report.untested}"
    failed = [
        f"{c.location}: {c.name}: {c.failure.en}"
        for s in report.suites
        for c in s.cases
        if not c.passed
    ]
    assert failed == []
    assert report.cases >= 60


def test_check_jsonschema_accepts_the_bundled_suites():
    import subprocess
    import sys

    from conftest import ROOT

    suites = sorted(str(p) for p in POLICIES.glob("*/tests/*.yaml"))
    assert suites
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--schemafile",
            str(ROOT / "schemas" / "test.schema.json"),
            *suites,
        ],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for path in suites:
        first = Path(path).read_text(encoding="utf-8").splitlines()[0]
        assert first == "# yaml-language-server: $schema=../../../schemas/test.schema.json", path


def test_changed_files_as_pre_commit_passes_them(capsys, suite_policy, tmp_path):
    """A policy file runs its jurisdiction's suites; a file outside any jurisdiction is ignored."""
    stray = tmp_path / "ci.yaml"
    stray.write_text("on: push\n", encoding="utf-8")
    code = main(["test", str(suite_policy / "tiers.yaml"), str(stray), "--lang", "en"])
    out = capsys.readouterr().out
    assert code == 0
    assert "ci.yaml" not in out
    assert "1 suite(s)" in out and "0 failed" in out
