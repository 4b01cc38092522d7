"""Issue 13 items 5–8 end to end on the bundled policies: registers, warnings, party, codes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from gridrules.build.policy import build_policy
from gridrules.loader import read_chain
from gridrules.model import Policy
from gridrules.render.builder import Builder
from gridrules.render.burden_view import build_burden
from gridrules.route import route
from gridrules.rules import REGISTRY, Context

ROOT = Path(__file__).resolve().parent.parent
POLICIES = ROOT / "policies"


def _policy(folder: Path) -> Policy:
    layers, problems = read_chain(folder)
    assert not [p for p in problems if p.level.value == "error"], problems
    return build_policy(layers)


def _codes(policy: Policy, code: str) -> list[str]:
    ctx = Context(policy, read_chain(Path(policy.jurisdiction.folder))[0], dt.date(2026, 11, 22))
    return [p.message.en for p in REGISTRY[code].run(ctx)]


def test_yanchi_route_shows_the_dispatched_task() -> None:
    p = _policy(POLICIES / "yanchi")
    r = route(p, "income_drop", "640323001001001")
    assert [w.id for w in r.warnings] == ["red", "yellow"]
    task = r.to_dict()["warnings"][0]["task"]
    assert task["dispatched_by"] == "county_platform"
    assert task["to"] == ["township", "village"]
    assert task["within"] is None  # the source gives no deadline: none is invented
    assert dict(r.warning_names)["water"].zh == "盐池县水务局"


def test_jianggan_registers_are_example_data_and_printed() -> None:
    p = _policy(POLICIES / "hangzhou-jianggan")
    assert p.registers is not None and p.registers.example
    assert {x.status for x in p.registers.pushed_down} == {"resolved", "withdrawn", "admitted"}
    view = build_burden(Builder(p, "zh", dt.date(2026, 11, 22)))
    assert view is not None and "示例" in view.note
    assert any(t.title == "基层减负挂账清单" for t in view.tables)


def test_an_open_unadmitted_register_entry_and_a_veto_on_an_excluded_matter(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "hangzhou-jianggan"
    shutil.copytree(POLICIES / "hangzhou-jianggan", folder)
    reg = folder / "registers.yaml"
    text = reg.read_text(encoding="utf-8")
    text = text.replace("    status: resolved\n", "    status: open\n")
    text = text.replace("matter: work_safety_supervision\n", "matter: work_safety_supervision\n", 1)
    text = text.replace(
        "    department_name: 示例：区应急管理部门\n    status: cancelled\n",
        "    department_name: 示例：区应急管理部门\n    status: in_force\n",
    )
    reg.write_text(text, encoding="utf-8")
    p = _policy(folder)
    assert _codes(p, "GR860")  # duplicate_forms, open and naming no admitted matter
    assert any("work_safety_supervision" in m for m in _codes(p, "GR861"))


def test_grid_codes_declared_and_checked(tmp_path: Path) -> None:
    for name in ("yanchi", "tongjiang", "chengdu-wuhou", "jiamusi"):
        p = _policy(POLICIES / name)
        assert p.jurisdiction.settings.grid_codes is not None, name
        assert not _codes(p, "GR305"), name
    folder = tmp_path / "yanchi"
    shutil.copytree(POLICIES / "yanchi", folder)
    csv = folder / "grids.csv"
    rows = csv.read_text(encoding="utf-8").splitlines()
    rows[4] = rows[4].replace("640323001001001,", "640323001002001,", 1)  # wrong community
    csv.write_text("\n".join(rows) + "\n", encoding="utf-8")
    found = _codes(_policy(folder), "GR305")
    assert any("640323001002001" in m and "parent" in m for m in found), found


def test_jiamusi_party_rules_are_checked(tmp_path: Path) -> None:
    p = _policy(POLICIES / "jiamusi")
    assert p.party.in_service is not None and p.party.cross_appointments
    for code in ("GR710", "GR712", "GR714", "GR715"):
        assert not _codes(p, code), code
    folder = tmp_path / "jiamusi"
    shutil.copytree(POLICIES / "jiamusi", folder)
    roster = folder / "roster.yaml"
    text = roster.read_text(encoding="utf-8").replace(
        'employer: "佳木斯市民政局", points: 12', "points: 12", 1
    )
    roster.write_text(text, encoding="utf-8")
    assert any("employer" in m for m in _codes(_policy(folder), "GR715"))
