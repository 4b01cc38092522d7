"""Fixture pairs (tests/fixtures/diff/<case>/{old,new}/) against their expected reports.

Every case has expected.json (the report's JSON minus paths and side details;
regenerate with GRIDRULES_UPDATE_GOLDEN=1 and review the diff). The explicit
tests below state each case's point in words, independently of the golden files.
"""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from gridrules.diff.report import as_dict, markdown, text

from .support import AT, CASES, DIFF_FIXTURES, check_golden, normalised, run_case, stable_sides

SCHEMA = json.loads(
    (Path(__file__).resolve().parents[2] / "src/gridrules/diff/report.schema.json").read_text()
)


@pytest.fixture(scope="module")
def reports() -> dict[str, object]:
    return {case.name: run_case(case) for case in CASES}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_expected_report(case: Path, reports: dict[str, object]) -> None:
    report = reports[case.name]
    actual = json.dumps(normalised(report), ensure_ascii=False, indent=2) + "\n"
    check_golden(case / "expected.json", actual)
    jsonschema.validate(as_dict(report), SCHEMA)


def test_part_time_grant_widens_with_counts(reports: dict[str, object]) -> None:
    r = reports["part_time_grant"]
    assert r.widening and r.exit_code("widening") == 1 and r.exit_code("none") == 0
    [change] = r.permissions  # rental_safety is handled at community tier: no gain there
    assert (
        change.role,
        change.action,
        change.matter,
        change.mode,
        change.change,
        change.cause,
    ) == (
        "part_time_worker",
        "handle",
        "garbage_overflow",
        "both",
        "gained",
        "no_grant",
    )
    reach = r.reach_for(change)
    assert (reach.grids, reach.people, reach.basis) == (
        7,
        4,
        "roster",
    )  # W09–W12 on G01, G01, G02, G03, and the micro grids inside them (2 + 1 + 1)
    assert (r.touched.grids, r.touched.people) == (7, 4)
    assert {p.page for p in r.pages} == {
        "manual.html",
        "cards/part_time_worker.html",
        "checklists/part_time_worker.html",
    }
    assert not r.routes and not r.flags and not r.unhandled


def test_excluded_matter_still_granted_is_flagged(reports: dict[str, object]) -> None:
    r = reports["excluded_still_granted"]
    [flag] = r.flags
    assert (flag.code, flag.matter) == ("excluded_still_granted", "street_occupation")
    assert "street_officer" in flag.roles and "full_time_worker" in flag.roles
    assert flag.detail == ("street_officer",)  # not bound by the admission list: still allowed
    assert {c.change for c in r.permissions} == {"lost"}
    assert {p.code for p in r.validation} == {"GR502"}  # reported, not refused
    assert r.widening  # a flag trips --fail-on widening


def test_temporary_admission_without_expiry_is_flagged(reports: dict[str, object]) -> None:
    r = reports["temporary_without_expiry"]
    assert [(f.code, f.matter) for f in r.flags] == [("temporary_without_expiry", "flood_patrol")]
    gained = {(c.role, c.action) for c in r.permissions if c.matter == "flood_patrol"}
    assert ("full_time_worker", "handle") in gained
    assert {p.code for p in r.validation} == {"GR504"}


def test_admission_without_basis_is_flagged(reports: dict[str, object]) -> None:
    r = reports["admission_without_basis"]
    assert [(f.code, f.detail) for f in r.flags] == [("admission_without_approval", ("basis",))]


def test_escalation_time_limit_changes_routes_not_permissions(reports: dict[str, object]) -> None:
    r = reports["escalation_time_limit"]
    assert not r.permissions and not r.widening and r.changed
    assert r.exit_code("widening") == 0 and r.exit_code("any") == 1
    assert r.routes  # every matter whose chain takes the community station's own limit
    for route in r.routes:
        fields = {f.field: (f.old, f.new) for f in route.fields}
        assert fields.pop("community_centre.time_limit") == ("3d", "2d")
        # a matter without close_within prints its route's sum as its deadline (one day less)
        assert set(fields) <= {"deadline"}
    [level] = [d for d in r.definitions if d.kind == "escalation_level"]
    assert (level.key, level.fields[0].old, level.fields[0].new) == ("community_centre", "3d", "2d")
    notices = [p for p in r.pages if p.kind == "notice"]
    assert len(notices) == 8  # every grid-tier node's sheet prints the channel's limits


def test_grant_moved_to_parent_changes_nothing(reports: dict[str, object]) -> None:
    r = reports["grant_moved_to_parent"]
    assert not r.changed, normalised(r)
    assert not r.permissions and not r.definitions and not r.pages
    assert r.exit_code("any") == 0


def test_matter_becoming_handled_by_nobody(reports: dict[str, object]) -> None:
    r = reports["handled_by_nobody"]
    [unhandled] = r.unhandled
    assert unhandled.matter == "rental_safety" and unhandled.reason == "no_grant"
    assert unhandled.old_handlers == ("community_leader", "street_officer")
    assert {p.code for p in r.validation} == {"GR601"}
    assert not r.widening


def test_grant_on_lapsed_admission_is_flagged(reports: dict[str, object]) -> None:
    r = reports["grant_not_admitted"]
    [flag] = r.flags
    assert (flag.code, flag.matter, flag.roles, flag.detail) == (
        "grant_not_admitted",
        "flood_patrol",
        ("full_time_worker",),
        ("expired",),
    )
    assert not r.permissions  # the grant decides nothing while the matter is not admitted


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_markdown_golden(
    lang: str, reports: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    report = stable_sides(reports["part_time_grant"])
    check_golden(DIFF_FIXTURES / "part_time_grant" / f"expected.{lang}.md", markdown(report, lang))


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_format_renders(case: Path, lang: str, reports: dict[str, object]) -> None:
    report = reports[case.name]
    for out in (text(report, lang), markdown(report, lang)):
        assert out.endswith("\n") and "{" not in out.split("\n", 1)[0]
    assert AT.isoformat() in text(report, lang)
