"""Emergency plans over HTTP: the admin API activates a plan at a level, requests without a
mode are then decided in emergency mode with that plan, an explicit mode wins, and the state
is shown in /readyz and /v1/policy — on one worker and across several."""

from __future__ import annotations

import http.client
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from gridrules.service.app import AppConfig
from gridrules.service.holder import FolderSource, PolicyHolder

from .support import (
    ADMIN,
    EXAMPLE_BASE,
    READ,
    Running,
    running_app,
    serve_process,
    wait_until,
)

EMERGENCY = """\
kind: emergency
version: 1
name: 应急状态
plans:
  - id: public_health
    name: 突发公共卫生事件应急预案
    name_en: public-health emergency plan
    levels: [III, IV]
    procedures:
      - {id: screening, name: 入户排查, roles: [full_time_worker], steps: [分楼栋入户排查]}
  - id: flood
    name: 防汛应急预案
    levels: [I, II, III, IV]
    procedures:
      - {id: patrol, name: 巡防管控, roles: [full_time_worker], steps: [巡查河堤]}
grants:
  - {role: full_time_worker, id: ft_screening, name: 入户排查, actions: [handle], matters: [door_to_door_screening]}
"""

SCREEN = {
    "principal": "W001",
    "action": "handle",
    "matter": "door_to_door_screening",
    "grid": "S01C01G01",
}


def emergency_policy(folder: Path) -> Path:
    """The example base with two plans and a matter admitted only during `public_health`."""
    shutil.copytree(EXAMPLE_BASE, folder)
    (folder / "emergency.yaml").write_text(EMERGENCY, encoding="utf-8")
    with (folder / "matters.yaml").open("a", encoding="utf-8") as out:
        out.write(
            "  - {id: door_to_door_screening, name: 入户排查, category: livelihood,"
            " handling_tier: grid}\n"
        )
    admission = (folder / "admission.yaml").read_text(encoding="utf-8")
    admission = admission.replace(
        "excluded:\n",
        "  - {matter: door_to_door_screening, approved_by: 区委社治委, basis: 示例,"
        ' effective: "2024-01-01", mode: emergency, plan: public_health}\nexcluded:\n',
    )
    (folder / "admission.yaml").write_text(admission, encoding="utf-8")
    return folder


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Running]:
    holder = PolicyHolder(FolderSource(emergency_policy(tmp_path / "policies" / "example")))
    assert holder.reload("startup").status == "applied", holder.describe()
    with running_app(holder, config=AppConfig()) as running:
        yield running


def check(served: Running, body: dict[str, object]) -> dict[str, object]:
    r = served.client.post("/v1/check", json=body, headers=READ)
    assert r.status_code == 200, r.text
    return r.json()


def activate(served: Running, plan: str, level: str) -> httpx.Response:
    return served.client.post(
        "/v1/admin/emergency", json={"plan": plan, "level": level}, headers=ADMIN
    )


def test_normal_mode_never_sees_emergency_only_admissions(served: Running) -> None:
    assert served.client.get("/readyz").json()["emergency"] == {"active": False, "mode": "normal"}
    assert check(served, SCREEN)["reason"] == "not_admitted"
    assert check(served, {**SCREEN, "mode": "emergency", "plan": "flood"})["reason"] == (
        "not_admitted"
    )
    assert check(served, {**SCREEN, "mode": "emergency", "plan": "public_health"})["allowed"]
    # a plan without a mode means emergency mode with that plan
    assert check(served, {**SCREEN, "plan": "public_health"})["allowed"] is True


def test_activation_decides_requests_without_mode_and_explicit_mode_wins(
    served: Running,
) -> None:
    r = activate(served, "public_health", "III")
    assert r.status_code == 200, r.text
    state = r.json()
    assert state["active"] is True and state["mode"] == "emergency"
    assert (state["plan"], state["level"], state["colour"], state["by"]) == (
        "public_health",
        "III",
        "yellow",
        "ops",
    )
    assert state["level_names"] == {
        "zh": "Ⅲ级（较大，黄色）",
        "en": "Level III (significant, yellow)",
    }
    assert state["plan_names"]["zh"] == "突发公共卫生事件应急预案"
    assert state["policy_version"] == served.holder.current.version  # type: ignore[union-attr]

    assert check(served, SCREEN)["allowed"] is True
    assert check(served, {**SCREEN, "mode": "normal"})["reason"] == "not_admitted"
    assert check(served, {**SCREEN, "mode": "emergency", "plan": "flood"})["reason"] == (
        "not_admitted"
    )
    batch = served.client.post(
        "/v1/check/batch",
        json={"requests": [SCREEN, {**SCREEN, "mode": "normal"}]},
        headers=READ,
    ).json()
    assert [d["allowed"] for d in batch["decisions"]] == [True, False]

    ready = served.client.get("/readyz").json()["emergency"]
    info = served.client.get("/v1/policy", headers=READ).json()["emergency"]
    assert ready == info and ready["plan"] == "public_health" and ready["declared"] is True

    who = served.client.get(
        "/v1/who-can",
        params={"action": "handle", "matter": "door_to_door_screening", "grid": "S01C01G01"},
        headers=READ,
    ).json()
    assert who["mode"] == "emergency" and "full_time_worker" in [x["role"] for x in who["roles"]]

    r = served.client.delete("/v1/admin/emergency", headers=ADMIN)
    assert r.status_code == 200
    assert r.json()["active"] is False and r.json()["ended"]["plan"] == "public_health"
    assert check(served, SCREEN)["reason"] == "not_admitted"
    assert served.client.get("/readyz").json()["emergency"]["active"] is False


def test_activation_is_checked_against_the_policy(served: Running) -> None:
    r = served.client.post(
        "/v1/admin/emergency", json={"plan": "public_health", "level": "III"}, headers=READ
    )
    assert r.status_code == 403
    r = activate(served, "earthquake", "I")
    assert r.status_code == 404 and r.json()["code"] == "unknown_plan"
    assert "public_health" in r.json()["message_en"]
    r = activate(served, "public_health", "I")  # the plan uses III and IV only
    assert r.status_code == 400 and r.json()["code"] == "invalid_level"
    r = served.client.post(
        "/v1/admin/emergency",
        json={"plan": "flood", "level": "I", "grids": ["S01"]},
        headers=ADMIN,
    )
    assert r.status_code == 400 and "grids" in r.json()["message_en"]
    assert served.client.get("/readyz").json()["emergency"]["active"] is False


def test_a_reload_without_the_plan_falls_back_to_normal_mode(
    served: Running, tmp_path: Path
) -> None:
    assert activate(served, "public_health", "IV").status_code == 200
    folder = tmp_path / "policies" / "example"
    emergency = (folder / "emergency.yaml").read_text(encoding="utf-8")
    (folder / "emergency.yaml").write_text(
        emergency.replace("id: public_health", "id: epidemic"), encoding="utf-8"
    )
    (folder / "admission.yaml").write_text(
        (folder / "admission.yaml")
        .read_text(encoding="utf-8")
        .replace("plan: public_health", "plan: epidemic"),
        encoding="utf-8",
    )
    assert served.client.post("/v1/admin/reload", headers=ADMIN).json()["status"] == "applied"
    state = served.client.get("/readyz").json()["emergency"]
    assert state["active"] is True and state["declared"] is False and state["mode"] == "normal"
    assert check(served, SCREEN)["reason"] == "not_admitted"


def test_activation_reaches_every_worker(tmp_path: Path) -> None:
    folder = emergency_policy(tmp_path / "policies" / "example")
    with serve_process([str(folder), "--workers", "2", "--no-watch"]) as served:
        host, port = served.url.removeprefix("http://").split(":")

        def states(n: int = 20) -> set[tuple[bool, bool]]:
            """(emergency active, screening allowed) over fresh connections (both workers)."""
            out = set()
            for _ in range(n):
                conn = http.client.HTTPConnection(host, int(port), timeout=10)
                try:
                    conn.request("GET", "/readyz")
                    active = json.loads(conn.getresponse().read())["emergency"]["active"]
                    conn.request("POST", "/v1/check", json.dumps(SCREEN), READ)
                    allowed = json.loads(conn.getresponse().read())["allowed"]
                    out.add((active, allowed))
                finally:
                    conn.close()
            return out

        assert states() == {(False, False)}
        with httpx.Client(base_url=served.url, timeout=10) as client:
            body = {"plan": "public_health", "level": "III"}
            r = client.post("/v1/admin/emergency", json=body, headers=ADMIN)
            assert r.status_code == 200, r.text
            assert wait_until(lambda: states(10) == {(True, True)}, 15), served.log
            r = client.delete("/v1/admin/emergency", headers=ADMIN)
            assert r.status_code == 200
            assert wait_until(lambda: states(10) == {(False, False)}, 15), served.log
