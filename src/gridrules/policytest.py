"""Policy tests: YAML suites (kind: test) in a jurisdiction's tests/ folder, run against the engine.

A suite lists cases; each case is either a decision request with the expected
decision, or a route query with the expected chain::

    kind: test
    version: 1
    name: 成都：事项流转
    defaults: {at: "2025-03-01"}
    cases:
      - name: 专职网格员处置本网格邻里纠纷
        request: {principal: W001, action: handle, matter: neighbour_dispute, grid: "510107001001001"}
        expect: {allowed: true, reason: allowed, role: full_time_worker}
      - name: 电动车充电隐患上报路线
        route: {matter: e_bike_charging, grid: "510107001001001"}
        expect: {levels: [general, community, street_centre, district_centre], handling_level: district_centre}

Schema: schemas/test.schema.json (built by scripts/build_schemas.py). Every
failure names the case's file:line:col.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from gridrules.catalogue import msg
from gridrules.decision import PolicyInvalid, QueryError, Request, RequestError
from gridrules.errors import GridrulesError
from gridrules.lang import joined
from gridrules.loader import display_path, yaml_files
from gridrules.problems import Level, Location, Problem, Text, sorted_problems
from gridrules.schema import schema_problems
from gridrules.sources import SourceError, YamlDocument, load_yaml
from gridrules.validate import is_jurisdiction, jurisdiction_folders, no_jurisdiction_problem

TESTS_FOLDER = "tests"


@dataclass(frozen=True, slots=True)
class CaseResult:
    suite: str  # the suite file
    name: str
    location: Location
    passed: bool
    kind: str  # request or route
    failure: Text | None = None  # what differed
    details: tuple[Text, ...] = ()  # the engine's explanation (failed request cases)
    seconds: float = 0.0


@dataclass
class SuiteResult:
    file: str
    name: str
    jurisdiction: str
    cases: list[CaseResult] = field(default_factory=list)

    @property
    def failures(self) -> int:
        return sum(not c.passed for c in self.cases)


@dataclass
class TestReport:
    suites: list[SuiteResult] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # unreadable suites, invalid policies
    untested: list[str] = field(default_factory=list)  # jurisdictions without a tests/ folder

    @property
    def cases(self) -> int:
        return sum(len(s.cases) for s in self.suites)

    @property
    def failures(self) -> int:
        return sum(s.failures for s in self.suites)

    @property
    def exit_code(self) -> int:
        """0 all passed; 1 a case failed; 2 a suite or policy could not be read."""
        if any(p.level is Level.ERROR for p in self.problems):
            return 2
        return 1 if self.failures else 0


def discover(paths: Iterable[str | Path]) -> tuple[list[tuple[Path, list[Path]]], list[Problem]]:
    """(jurisdiction folder, its suite files) for each path: a suite or policy file, a jurisdiction,
    or a folder of them."""
    found: dict[Path, list[Path]] = {}
    problems: list[Problem] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            # pre-commit passes changed files: a suite runs itself, a policy file its
            # jurisdiction's suites, and a file outside any jurisdiction nothing.
            owner = next((p for p in path.parents if is_jurisdiction(p)), None)
            if owner is None:
                continue
            if path.parent.name == TESTS_FOLDER and path.parent.parent == owner:
                found.setdefault(owner, []).append(path)
            else:
                found.setdefault(owner, []).extend(_suites(owner))
        elif path.is_dir() and is_jurisdiction(path):
            found.setdefault(path, []).extend(_suites(path))
        elif path.is_dir():
            children = jurisdiction_folders(path)  # nested ones included
            if not children:
                problems.append(no_jurisdiction_problem(path))
            for child in children:
                found.setdefault(child, []).extend(_suites(child))
        else:
            problems.append(_problem(Location(display_path(path)), msg("core.policytest.no_path")))
    return [(folder, sorted(set(files))) for folder, files in found.items()], problems


def _suites(folder: Path) -> list[Path]:
    tests = folder / TESTS_FOLDER
    return yaml_files(tests) if tests.is_dir() else []


def _problem(
    location: Location, message: Text, code: str = "GR005", rule: str = "missing-file"
) -> Problem:
    return Problem(code, rule, Level.ERROR, message, location)


def run_paths(paths: Iterable[str | Path], *, root: str | Path | None = None) -> TestReport:
    """Run every suite found under `paths`; one engine per jurisdiction."""
    from gridrules.engine import Engine

    report = TestReport()
    groups, report.problems = discover(paths)
    for folder, files in groups:
        if not files:
            report.untested.append(display_path(folder))
            continue
        documents: list[YamlDocument] = []
        for file in files:
            docs, problems = read_suite(file)
            report.problems += problems
            documents += docs
        if not documents:
            continue
        try:
            engine = Engine.load(folder, root=root)
        except PolicyInvalid as exc:
            report.problems += list(exc.problems)
            continue
        except GridrulesError as exc:
            report.problems.append(
                _problem(Location(display_path(folder)), exc.text, "GR900", "engine")
            )
            continue
        for doc in documents:
            report.suites.append(run_suite(engine, doc, display_path(folder)))
    report.problems = sorted_problems(report.problems)
    return report


def read_suite(path: Path) -> tuple[list[YamlDocument], list[Problem]]:
    """The suite documents of a file, schema-checked; problems name file:line:col."""
    display = display_path(path)
    try:
        parsed = load_yaml(path, display)
    except SourceError as exc:
        return [], [exc.problem]
    docs, problems = [], []
    for doc in parsed:
        if not isinstance(doc.data, dict) or doc.data.get("kind") != "test":
            problems.append(
                Problem(
                    "GR007",
                    "unknown-kind",
                    Level.ERROR,
                    msg("core.policytest.not_test"),
                    doc.locate(("kind",)),
                )
            )
            continue
        found = schema_problems(doc, "test")
        problems += found
        if not found:
            docs.append(doc)
    return docs, problems


def run_suite(engine: Any, doc: YamlDocument, jurisdiction: str) -> SuiteResult:
    data = doc.data
    defaults = data.get("defaults") or {}
    suite = SuiteResult(doc.file, data["name"], jurisdiction)
    for i, case in enumerate(data["cases"]):
        start = time.perf_counter()
        kind = "request" if "request" in case else "route"
        run = _run_request if kind == "request" else _run_route
        failure, details = run(engine, case, defaults)
        suite.cases.append(
            CaseResult(
                doc.file,
                case["name"],
                doc.locate(("cases", i)),
                failure is None,
                kind,
                failure,
                details,
                time.perf_counter() - start,
            )
        )
    return suite


def _run_request(
    engine: Any, case: dict[str, Any], defaults: dict[str, Any]
) -> tuple[Text | None, tuple[Text, ...]]:
    raw = {**{k: v for k, v in defaults.items() if k in ("at", "mode")}, **case["request"]}
    try:
        request = Request.from_dict(raw)
        decision = engine.check(request)  # an unknown emergency plan is a request error
    except RequestError as exc:
        return exc.text, ()
    expect = case["expect"]
    wrong = _wrong(
        (key, expect[key], getattr(decision, key))
        for key in ("allowed", "reason", "role")
        if key in expect
    )
    if wrong is None:
        return None, ()
    return (
        msg(
            "core.policytest.wrong_decision",
            wrong=wrong,
            decision=(decision.message_zh, decision.message_en),
        ),
        tuple(
            Text(z, e)
            for z, e in zip(
                engine.explain(request, "zh"), engine.explain(request, "en"), strict=False
            )
        ),
    )


def _run_route(
    engine: Any, case: dict[str, Any], defaults: dict[str, Any]
) -> tuple[Text | None, tuple[Text, ...]]:
    query = case["route"]
    expect = case["expect"]
    try:
        route = engine.route(
            query["matter"], query.get("grid"), query.get("mode", defaults.get("mode", "normal"))
        )
    except QueryError as exc:
        if expect.get("error") == exc.code:
            return None, ()
        return msg("core.policytest.query_failed", error=exc.text), ()
    got: dict[str, Any] = {
        "levels": [s.level for s in route.steps],
        "handling_level": route.handling_level,
        "departments": sorted(d.id for d in route.departments),
        "nodes": [s.node.id if s.node else None for s in route.steps],
        "people": sorted({p.id for s in route.steps for p in s.people}),
        "error": None,
        "stages": [s.stage for s in route.steps],
        "lead": sorted(d.id for d in route.departments if d.part == "lead"),
        "assist": sorted(d.id for d in route.departments if d.part == "assist"),
        "kept": route.kept,
        "skipped": [r.id for r in route.skipped],
        "limits": [s.time_limit.text if s.time_limit else None for s in route.steps],
        "cumulative": [s.cumulative.text if s.cumulative else None for s in route.steps],
        "deadline": route.deadline.text if route.deadline else None,
    }
    unordered = ("departments", "people", "lead", "assist")
    wrong = _wrong(
        (key, sorted(want) if key in unordered else want, got[key]) for key, want in expect.items()
    )
    return wrong, ()


def _wrong(checks: Iterable[tuple[str, Any, Any]]) -> Text | None:
    """'role 应为 a，实为 b；…' for each (key, expected, got) that differs; None when none do."""
    parts = [
        msg("core.policytest.wrong", key=key, want=_show(want), got=_show(got))
        for key, want, got in checks
        if want != got
    ]
    return joined(msg("core.semicolon"), parts) if parts else None


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, list):
        return "[" + ", ".join(_show(v) for v in value) + "]"
    return str(value)


# --- JUnit XML ------------------------------------------------------------------


def junit_xml(report: TestReport, lang: str = "en") -> str:
    root = ET.Element(
        "testsuites",
        tests=str(report.cases),
        failures=str(report.failures),
        errors=str(len(report.problems)),
    )
    for suite in report.suites:
        node = ET.SubElement(
            root,
            "testsuite",
            name=f"{suite.jurisdiction}: {suite.name}",
            file=suite.file,
            tests=str(len(suite.cases)),
            failures=str(suite.failures),
            errors="0",
            time=f"{sum(c.seconds for c in suite.cases):.6f}",
        )
        for case in suite.cases:
            item = ET.SubElement(
                node,
                "testcase",
                classname=suite.jurisdiction,
                name=case.name,
                file=case.location.file,
                line=str(case.location.line),
                time=f"{case.seconds:.6f}",
            )
            if not case.passed and case.failure is not None:
                failure = ET.SubElement(item, "failure", message=case.failure(lang), type=case.kind)
                failure.text = "\n".join(
                    [f"{case.location}: {case.failure(lang)}", *(d(lang) for d in case.details)]
                )
    if report.problems:
        node = ET.SubElement(
            root,
            "testsuite",
            name="gridrules",
            tests=str(len(report.problems)),
            failures="0",
            errors=str(len(report.problems)),
        )
        for problem in report.problems:
            item = ET.SubElement(
                node, "testcase", classname="gridrules", name=str(problem.location)
            )
            error = ET.SubElement(item, "error", message=problem.text(lang), type=problem.code)
            error.text = f"{problem.location}: {problem.code} {problem.text(lang)}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
