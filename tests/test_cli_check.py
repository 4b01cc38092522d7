"""The decision commands end to end: check, route, who, can, export — exit codes, formats, languages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gridrules.cli.main import main

from conftest import EXAMPLE_BASE

BASE = str(EXAMPLE_BASE)
DAY = ["--at", "2025-01-01"]


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def check(capsys, *args: str) -> tuple[int, str, str]:
    return run(capsys, "check", BASE, *args)


def ask(action: str, matter: str, grid: str, principal: str | None = None) -> list[str]:
    """`[-p PRINCIPAL] -a ACTION -m MATTER -g GRID`."""
    who = ["-p", principal] if principal else []
    return [*who, "-a", action, "-m", matter, "-g", grid]


# --- check -------------------------------------------------------------------------


def test_check_allowed_exits_0(capsys):
    code, out, _ = check(
        capsys, *ask("handle", "neighbour_dispute", "S01C01G01", "W001"), *DAY, "--lang", "en"
    )
    assert code == 0
    assert out.startswith("✓ allowed: allowed: full_time_worker may handle")
    assert "responsibilities.yaml:7:9" in out and "policy version" in out


def test_check_denied_exits_1_with_reason_source_and_explanation(capsys):
    code, out, _ = check(
        capsys,
        *ask("handle", "neighbour_dispute", "S01C01G02", "W001"),
        *DAY,
        "--explain",
        "--lang",
        "zh",
    )
    assert code == 1
    assert "✗ out_of_scope: 不允许：网格 S01C01G02 不在专职网格员的管辖范围内" in out
    assert "人员: W001" in out and "✗ full_time_worker: out_of_scope" in out
    assert "依据: " in out and "roles.yaml:14:12" in out


def test_check_inline_principal_and_json(capsys):
    code, out, _ = check(
        capsys,
        "--roles",
        "community_leader",
        "--home",
        "S01C01",
        *ask("dispatch", "rental_safety", "S01C01G02"),
        *DAY,
        "--format",
        "json",
        "--explain",
        "--lang",
        "en",
    )
    assert code == 0
    data = json.loads(out)
    assert data["allowed"] is True and data["role"] == "community_leader"
    assert data["message"] == data["message_en"] and data["explanation"]


def test_check_many_from_a_request_file(capsys, tmp_path):
    requests = [
        {
            "principal": "W001",
            "action": "handle",
            "matter": "neighbour_dispute",
            "grid": "S01C01G01",
            "at": "2025-01-01",
        },
        {
            "principal": "W001",
            "action": "handle",
            "matter": "investment_promotion",
            "grid": "S01C01G01",
        },
    ]
    path = tmp_path / "requests.json"
    path.write_text(json.dumps(requests), encoding="utf-8")
    code, out, _ = check(capsys, "--request", str(path), "--format", "json")
    assert code == 1
    assert [d["reason"] for d in json.loads(out)] == ["allowed", "excluded"]


@pytest.mark.parametrize(
    "args",
    [
        ["-a", "handle", "-m", "neighbour_dispute", "-g", "S01C01G01"],  # no principal
        ["-p", "W001", "-m", "neighbour_dispute", "-g", "S01C01G01"],  # no action
        ["-p", "W001", "--roles", "x", "--home", "y", "-a", "handle", "-m", "m", "-g", "g"],
        [*ask("handle", "neighbour_dispute", "S01C01G01", "W001"), "--at", "tomorrow"],
    ],
)
def test_check_usage_errors_exit_2_with_one_line(capsys, args):
    code, _, err = check(capsys, *args)
    assert code == 2
    assert "Traceback" not in err and err.strip().splitlines()[-1].startswith("Error:")


def test_check_bad_request_file_exits_2(capsys, tmp_path):
    path = tmp_path / "r.json"
    path.write_text('{"principal": "W001", "action": "handle"', encoding="utf-8")
    code, _, err = check(capsys, "--request", str(path))
    assert code == 2 and "not JSON" in err
    path.write_text(
        '{"principal": "W001", "action": "handle", "matter": "m", "grid": "g", "mode": "war"}',
        encoding="utf-8",
    )
    code, _, err = check(capsys, "--request", str(path), "--lang", "en")
    assert code == 2 and "mode" in err


def test_check_invalid_policy_exits_2_with_one_line(capsys, make_policy):
    folder = make_policy({"roles.yaml": "kind: roles\nversion: 1\nroles: [1, 2\n"})
    code, _, err = run(
        capsys, "check", str(folder), *ask("handle", "x", "y", "W001"), "--lang", "en"
    )
    assert code == 2
    assert "does not validate" in err and "roles.yaml" in err
    assert len(err.strip().splitlines()) == 1


def test_check_unknown_ids_are_denials(capsys):
    code, out, _ = check(
        capsys, *ask("handle", "neighbour_dispute", "S01C01G01", "W404"), "--lang", "en"
    )
    assert code == 1 and "unknown_principal" in out


# --- route, who, can ------------------------------------------------------------------


def test_route_text_and_json(capsys):
    code, out, _ = run(
        capsys, "route", BASE, "-m", "rental_safety", "-g", "S01C01G01", "--lang", "en", "--explain"
    )
    assert code == 0
    assert "[HANDLES] 社区网格服务站 (community_centre) S01C01" in out
    assert "张晓燕 W001" in out and "Explanation:" in out
    code, out, _ = run(capsys, "route", BASE, "-m", "rental_safety", "--format", "json")
    data = json.loads(out)
    assert data["grid"] is None and data["handling_level"] == "community_centre"
    assert data["policy_version"]


def test_route_unknown_matter_exits_2(capsys):
    code, _, err = run(capsys, "route", BASE, "-m", "nope", "--lang", "en")
    assert code == 2 and "no matter 'nope'" in err


def test_who(capsys):
    code, out, _ = run(
        capsys, "who", BASE, *ask("handle", "neighbour_dispute", "S01C01G01"), *DAY, "--lang", "en"
    )
    assert code == 0
    assert "community_leader" in out and "W001" in out and "W003" in out
    code, out, _ = run(
        capsys,
        "who",
        BASE,
        *ask("handle", "investment_promotion", "S01C01G01"),
        *DAY,
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 1 and data["roles"] == [] and data["reason"] == "excluded"


def test_can(capsys):
    code, out, _ = run(capsys, "can", BASE, "-p", "W001", *DAY, "--lang", "en", "--explain")
    assert code == 0
    assert "neighbour_dispute" in out and "full_time_worker/patrol" in out
    code, out, _ = run(capsys, "can", BASE, "-p", "W001", "--at", "2020-01-01", "--format", "json")
    assert code == 1 and json.loads(out) == []  # nothing was admitted yet
    code, _, err = run(capsys, "can", BASE, "-p", "W404")
    assert code == 2 and "W404" in err


# --- export ------------------------------------------------------------------------------


def test_export_writes_both_files_atomically(capsys, tmp_path):
    out_dir = tmp_path / "casbin"
    code, out, _ = run(
        capsys, "export", BASE, "--casbin", str(out_dir), "--explain", "--lang", "en"
    )
    assert code == 0 and "p-rows" in out
    model = (out_dir / "model.conf").read_text(encoding="utf-8")
    policy = (out_dir / "policy.csv").read_text(encoding="utf-8")
    assert "[matchers]" in model and policy.startswith("# ")
    assert sorted(p.name for p in out_dir.iterdir()) == [
        "model.conf",
        "policy.csv",
    ]  # no temporaries
    assert oct((out_dir / "policy.csv").stat().st_mode & 0o777) != "0o600"


def test_export_json_and_no_comments(capsys, tmp_path):
    code, out, _ = run(
        capsys, "export", BASE, "--casbin", str(tmp_path), "--format", "json", "--no-comments"
    )
    assert code == 0 and json.loads(out)["rows"]["p"] == 11
    assert not (tmp_path / "policy.csv").read_text(encoding="utf-8").startswith("#")


def test_export_round_trips_through_pycasbin_files(tmp_path, capsys):
    import casbin

    run(capsys, "export", BASE, "--casbin", str(tmp_path))
    # The exported files load in a stock enforcer (the way other runtimes read them)
    from gridrules.enforcer import _FastModel  # the g2/g3-preserving model

    model = _FastModel([0, 1])
    model.load_model(str(tmp_path / "model.conf"))
    enforcer = casbin.Enforcer(
        model, casbin.persist.adapters.FileAdapter(str(tmp_path / "policy.csv"))
    )
    assert enforcer.enforce(
        "full_time_worker",
        "handle",
        "matter:neighbour_dispute",
        "grid:S01C01G01",
        "grid:S01C01G01",
        "normal",
        "epoch:1",
    )
    assert not enforcer.enforce(
        "full_time_worker",
        "handle",
        "matter:neighbour_dispute",
        "grid:S01C01G02",
        "grid:S01C01G01",
        "normal",
        "epoch:1",
    )


def test_export_into_a_file_path_fails_cleanly(capsys, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run(capsys, "export", BASE, "--casbin", str(blocker / "sub"))
    assert code == 2 and "Traceback" not in err


def test_the_write_never_leaves_half_a_file(tmp_path, monkeypatch):
    from gridrules import atomic

    target = tmp_path / "model.conf"
    target.write_text("old", encoding="utf-8")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(atomic.os, "replace", boom)
    with pytest.raises(OSError):
        atomic.write_many_atomic({target: "new", tmp_path / "policy.csv": "rows"})
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in Path(tmp_path).iterdir()) == ["model.conf"]


def test_help_lists_the_commands(capsys):
    _, out, _ = run(capsys, "--help")
    for name in ("check", "route", "who", "can", "test", "export"):
        assert f"  {name} " in out
