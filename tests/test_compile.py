"""gridrules.compile: Policy → Casbin model text and rows, pure and golden-tested.

Regenerate the golden files after an intended change:  GRIDRULES_UPDATE_GOLDEN=1 pytest tests/test_compile.py
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import pytest

from gridrules import load_policy
from gridrules.compile import CompileError, admission_epochs, compile_policy

from conftest import EXAMPLE_BASE

GOLDEN = Path(__file__).resolve().parent / "golden" / "compile"
UPDATE = os.environ.get("GRIDRULES_UPDATE_GOLDEN") == "1"


def _policy(folder: Path):
    result = load_policy(folder)
    assert result.ok, result.problems
    return result.policy


def _golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.read_text(encoding="utf-8") == text, (
        f"{name} changed: rerun with GRIDRULES_UPDATE_GOLDEN=1"
    )


def _relative(text: str) -> str:
    # Sources are printed relative to the working directory; make them stable.
    return text.replace(str(EXAMPLE_BASE), "example_base").replace(
        "src/gridrules/rules/example_base", "example_base"
    )


def test_example_base_matches_golden(monkeypatch):
    monkeypatch.chdir(EXAMPLE_BASE.parent.parent.parent.parent)
    artifacts = compile_policy(_policy(EXAMPLE_BASE))
    _golden("example_base.model.conf", artifacts.model_text)
    _golden("example_base.policy.csv", _relative(artifacts.policy_csv()))


def test_emergency_policy_matches_golden(make_policy, monkeypatch):
    folder = make_policy(
        {
            "emergency.yaml": """kind: emergency
version: 1
name: 应急状态
grants:
  - role: full_time_worker
    id: screen
    name: 入户排查
    actions: [report, assist]
    categories: [livelihood]
""",
            "admission.yaml": """kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: 区委社治委, basis: 文件, effective: "2024-01-01"}
  - {matter: elderly_visit, approved_by: 区委社治委, basis: 文件, effective: "2024-01-01"}
  - {matter: rental_safety, approved_by: 区委社治委, basis: 文件, effective: "2024-03-01",
     expires: "2024-06-30", temporary: true}
excluded:
  - {matter: investment_promotion, reason: 不得下沉}
""",
        }
    )
    monkeypatch.chdir(folder.parent)
    artifacts = compile_policy(_policy(folder))
    _golden("emergency.model.conf", artifacts.model_text.replace(folder.name, "policy"))
    _golden("emergency.policy.csv", artifacts.policy_csv().replace(folder.name, "policy"))


def test_compile_is_pure_and_deterministic():
    policy = _policy(EXAMPLE_BASE)
    assert compile_policy(policy) == compile_policy(policy)


def test_rows_are_tuples_of_strings_and_p_rows_stay_small():
    artifacts = compile_policy(_policy(EXAMPLE_BASE))
    assert all(isinstance(r, tuple) and all(isinstance(v, str) for v in r) for r in artifacts.rows)
    # grants only: nothing that grows with the registry or roster is a p-row
    assert len(artifacts.p_rows) == len(artifacts.p_origins) == 11
    assert {r[0] for r in artifacts.rows} == {"p", "g", "g2", "g3"}


def test_registry_lives_in_g2_with_one_root():
    artifacts = compile_policy(_policy(EXAMPLE_BASE))
    g2 = [r for r in artifacts.rows if r[0] == "g2"]
    assert ("g2", "grid:S01", "jurisdiction:example") in g2
    assert ("g2", "grid:S01C01G01", "grid:S01C01") in g2


def test_epochs_cut_at_effective_and_day_after_expiry(make_policy):
    folder = make_policy(
        {
            "admission.yaml": """kind: admission
version: 1
admitted:
  - {matter: neighbour_dispute, approved_by: x, basis: y, effective: "2024-01-01"}
  - {matter: elderly_visit, approved_by: x, basis: y, effective: "2024-01-01"}
  - {matter: rental_safety, approved_by: x, basis: y, effective: "2024-03-01", expires: "2024-06-30", temporary: true}
excluded:
  - {matter: investment_promotion, reason: 不得下沉}
"""
        }
    )
    policy = _policy(folder)
    assert admission_epochs(policy) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 3, 1),
        dt.date(2024, 7, 1),
    )
    artifacts = compile_policy(policy)
    assert artifacts.epoch_of(dt.date(2023, 12, 31)) == 0
    assert artifacts.epoch_of(dt.date(2024, 6, 30)) == 2
    assert artifacts.epoch_of(dt.date(2024, 7, 1)) == 3
    g3 = {r[1:] for r in artifacts.rows if r[0] == "g3"}
    assert ("matter:rental_safety", "epoch:2") in g3
    assert ("matter:rental_safety", "epoch:3") not in g3
    assert {("matter:neighbour_dispute", f"epoch:{i}") for i in (1, 2, 3)} <= g3


def test_excluded_matters_get_no_admission_links():
    artifacts = compile_policy(_policy(EXAMPLE_BASE))
    assert not [r for r in artifacts.rows if r[0] == "g3" and r[1] == "matter:investment_promotion"]


def _with_grids(policy, grids):
    import dataclasses

    return dataclasses.replace(policy, grids=tuple(grids))


def test_a_registry_cycle_is_refused():
    import dataclasses

    policy = _policy(EXAMPLE_BASE)
    grids = list(policy.grids)
    grids[0] = dataclasses.replace(grids[0], parent="S01C01G01")  # S01 under its own grandchild
    with pytest.raises(CompileError, match="cycle"):
        compile_policy(_with_grids(policy, grids))


def test_a_comma_in_a_grid_code_is_refused():
    import dataclasses

    policy = _policy(EXAMPLE_BASE)
    grids = [*policy.grids, dataclasses.replace(policy.grids[-1], id="S01,C9")]
    with pytest.raises(CompileError, match="comma"):
        compile_policy(_with_grids(policy, grids))


def test_orphans_hang_from_the_jurisdiction_root():
    import dataclasses

    policy = _policy(EXAMPLE_BASE)
    grids = [*policy.grids, dataclasses.replace(policy.grids[-1], id="X1", parent="NOWHERE")]
    artifacts = compile_policy(_with_grids(policy, grids))
    assert ("g2", "grid:X1", "jurisdiction:example") in artifacts.rows
