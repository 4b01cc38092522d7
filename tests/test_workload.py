"""The workload model (gridrules.workload), `gridrules workload` and the Wuhou figure."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gridrules.cli.main import cli
from gridrules.policy import load_policy
from gridrules.workload import compute

from conftest import POLICIES, ROOT

DAY = dt.date(2026, 11, 22)


def wuhou():
    result = load_policy(str(ROOT / "policies" / "chengdu-wuhou"))
    assert result.policy is not None
    return result.policy


def test_wuhou_full_time_worker_by_the_formula():
    policy = wuhou()
    load = compute(policy, DAY)
    worker = next(w for w in load.workers if "full_time_worker" in w.roles)
    households = policy.grid_by_id[worker.grid].households
    sharing = sum(
        1 for w in policy.workers if w.grid == worker.grid and "full_time_worker" in w.roles
    )
    # daily patrol 30×60, information 1×households×5 (shared), platform 30×40, mediation 4×90
    expected = (30 * 60 + households * 5 / sharing + 30 * 40 + 4 * 90) / 60
    assert worker.hours == pytest.approx(expected)
    assert worker.field_share == pytest.approx((expected - 20) / expected)


def test_two_workers_share_a_grid(make_policy):
    schedules = (
        "kind: schedules\nversion: 1\nschedules:\n"
        "  - {id: visit, name: 走访, role: full_time_worker, frequency: monthly,"
        " per: households, minutes: 6}\n"
    )
    roster = (
        "kind: roster\nversion: 1\nworkers:\n"
        '  - {id: W001, name: 甲, roles: [full_time_worker], grid: "S01C01G01"}\n'
        '  - {id: W002, name: 乙, roles: [full_time_worker], grid: "S01C01G01"}\n'
    )
    folder = make_policy({"schedules.yaml": schedules, "roster.yaml": roster})
    policy = load_policy(str(folder)).built
    load = compute(policy, DAY)
    assert [round(w.hours, 2) for w in load.workers] == [21.0, 21.0]  # 420 × 6 / 60 / 2


def test_schedule_counts_only_while_its_matter_is_admitted(make_policy):
    schedules = (
        "kind: schedules\nversion: 1\nschedules:\n"
        "  - {id: visit, name: 走访, role: full_time_worker, frequency: daily,"
        " per: fixed, minutes: 60, matters: [nothing_admitted]}\n"
    )
    folder = make_policy({"schedules.yaml": schedules})
    policy = load_policy(str(folder)).built
    load = compute(policy, DAY)
    assert [s.id for s in load.inactive] == ["visit"] and not load.workers


@pytest.mark.parametrize("fmt", ["text", "json", "csv", "html"])
def test_cli_formats(fmt):
    path = str(ROOT / "policies" / "xinbei")
    result = CliRunner().invoke(cli, ["workload", path, "--format", fmt, "--lang", "en"])
    assert result.exit_code == 0, result.output
    if fmt == "json":
        data = json.loads(result.output)
        assert data["assumed"] and data["grids"] and data["summary"]["grids_over"] == 0
    if fmt == "html":
        assert "<svg" in result.output and "not from a source" in result.output
    if fmt == "csv":
        assert result.output.startswith("# ")


def test_overloaded_grid_exits_1():
    case = ROOT / "tests" / "fixtures" / "invalid" / "gr850_workload_hours"
    args = ["workload", str(case / "policy"), "--root", str(case), "--format", "json"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 1, result.output
    [grid] = [g for g in json.loads(result.output)["grids"] if g["over"]]
    assert grid["grid"] == "S01C01G03" and grid["max_worker_hours"] == pytest.approx(230.0)


def test_the_handbook_has_a_workload_chapter_that_says_when_minutes_are_assumed(
    tmp_path: Path,
) -> None:
    """Issue 13 item 3: the report also as a chapter of the manual, never reading as measured."""
    from gridrules.cli.main import main

    out = tmp_path / "handbook"
    assert main(["render", str(POLICIES / "yanchi"), "--out", str(out), "--format", "html"]) == 0
    page = (out / "manual.html").read_text(encoding="utf-8")
    chapter = page[page.rindex("工作量测算（减负）") :]
    assert "估算，不是实测" in chapter  # Yanchi's minutes per household are assumptions
    assert "基础网格员" in chapter and "base_grid_worker" not in chapter
    assert "times" not in chapter
