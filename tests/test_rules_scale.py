"""The semantic rules on a registry of 20,000 nodes and a roster of 30,000 workers.

No timing assertion here (speed targets belong in bench/): this checks that
every rule runs to the end at scale and finds the faults planted among
thousands of clean rows, each at its own row, and nothing else.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from gridrules.validate import validate_folder

TODAY = dt.date(2026, 11, 22)
COMMUNITIES = 200
GRIDS_PER_COMMUNITY = 99  # 1 street + 200 communities + 19,800 grids = 20,001 nodes
GRID_HEADER = ["id", "name", "tier", "parent", "households", "area", "floating_population"]
WORKER_HEADER = ["id", "name", "roles", "grid", "phone", "two_committees", "party_member"]


def registry() -> tuple[list[list[str]], list[list[str]]]:
    grids: list[list[str]] = [["S01", "示例街道", "street", "", "", "", ""]]
    workers: list[list[str]] = []
    for c in range(1, COMMUNITIES + 1):
        community = f"S01C{c:03d}"
        grids.append([community, f"第{c}社区", "community", "S01", "", "", ""])
        workers.append(
            [f"L{c:03d}", f"社区网格长{c}", "community_leader", community, "", "是", "是"]
        )
        for g in range(1, GRIDS_PER_COMMUNITY + 1):
            code = f"{community}G{g:02d}"
            rural = g % 10 == 0
            households = 150 + (g * 7) % 150 if rural else 300 + (g * 13) % 200
            area = "rural" if rural else "urban"
            grids.append(
                [code, f"第{c}社区第{g}网格", "grid", community, str(households), area, "0"]
            )
            workers.append(
                [f"W{c:03d}{g:02d}", f"网格员{c}-{g}", "full_time_worker", code, "", "", ""]
            )
            if g % 2 == 1 or g == 98:  # a party member in half the grids: 30,000 workers in all
                roles = "grid_party_member"
                workers.append([f"P{c:03d}{g:02d}", f"党员{c}-{g}", roles, code, "", "", "true"])
    return grids, workers


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(header)
        writer.writerows(rows)


def test_rules_at_scale_find_the_planted_faults(make_policy: Callable[..., Path]) -> None:
    grids, workers = registry()
    assert len(grids) >= 20_000 and len(workers) >= 30_000
    index = {row[0]: i for i, row in enumerate(grids)}
    line = {code: i + 2 for code, i in index.items()}  # header is line 1

    grids[index["S01C150G33"]][4] = "900"  # GR301: urban grid far above 300–500
    grids[index["S01C017G05"]][3] = "S01C017G04"  # GR303 (+GR302 walks to a community: fine)
    grids.append(["S01C099G07", "重复编码的网格", "grid", "S01C099", "400", "urban", "0"])  # GR202
    grids[index["S01C200G99"]][3] = "S01C2OO"  # GR201: letter O for zero
    workers = [w for w in workers if w[3] != "S01C120G42"]  # GR401: grid left without workers
    w_row = next(i for i, w in enumerate(workers) if w[0] == "W08811")
    workers[w_row][5] = "true"  # GR403: urban full-time worker on the two committees
    workers.append(
        ["W99999", "调错网格的人", "full_time_worker", "S01C001G100", "", "", ""]
    )  # GR201

    folder = make_policy(
        {
            "grids.yaml": "kind: grids\nversion: 1\ncsv: grids.csv\n",
            "roster.yaml": "kind: roster\nversion: 1\ncsv: roster.csv\n",
        }
    )
    write_csv(folder / "grids.csv", GRID_HEADER, grids)
    write_csv(folder / "roster.csv", WORKER_HEADER, workers)

    result = validate_folder(folder, today=TODAY)
    found = sorted((p.code, Path(p.location.file).name, p.location.line) for p in result.problems)
    assert found == sorted(
        [
            ("GR301", "grids.csv", line["S01C150G33"]),
            ("GR303", "grids.csv", line["S01C017G05"]),
            ("GR202", "grids.csv", len(grids) + 1),
            ("GR201", "grids.csv", line["S01C200G99"]),
            ("GR401", "grids.csv", line["S01C120G42"]),
            ("GR403", "roster.csv", w_row + 2),
            ("GR201", "roster.csv", len(workers) + 1),
        ]
    )
    by_code = {p.code: p for p in result.problems if p.location.file.endswith("grids.csv")}
    assert by_code["GR201"].hint is not None
    assert "S01C200" in by_code["GR201"].hint.en  # the near miss, found among 20,000 codes
