"""`gridrules serve` and the token configuration: bad input is one clear line, never a traceback."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from gridrules.cli.main import main
from gridrules.service.auth import AuthConfigError, Scope, TokenAuth, parse_token_file
from gridrules.service.errors import ServiceError

from .support import ADMIN_TOKEN, CHECK, READ_TOKEN, serve_process
from .test_holder import break_policy


@dataclass
class Result:
    returncode: int
    stderr: str


@pytest.fixture
def serve(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Any:
    """`gridrules serve …` in-process (these calls fail before serving), with a clean token env."""

    def run(*args: str, env: dict[str, str] | None = None) -> Result:
        for var in ("GRIDRULES_TOKENS", "GRIDRULES_ADMIN_TOKENS"):
            monkeypatch.delenv(var, raising=False)
        for var, value in (env or {}).items():
            monkeypatch.setenv(var, value)
        monkeypatch.setenv("GRIDRULES_LANG", "en")
        capsys.readouterr()
        code = main(["serve", *args, "--port", "1"])
        return Result(code, capsys.readouterr().err)

    return run


def one_line(result: Result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_no_tokens_is_refused(policy_dir: Path, serve: Any) -> None:
    result = serve(str(policy_dir))
    assert result.returncode == 2
    assert "no tokens configured" in one_line(result)


def test_token_file_inside_the_policy_folder_is_refused(policy_dir: Path, serve: Any) -> None:
    (policy_dir / "tokens").write_text(f"read {READ_TOKEN}\n")
    result = serve(str(policy_dir), "--tokens", str(policy_dir / "tokens"))
    assert result.returncode == 2
    assert "inside the policy folder" in one_line(result)


def test_bad_token_file_names_the_line(tmp_path: Path, policy_dir: Path, serve: Any) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text(f"# comment\nread {READ_TOKEN} app\nwrite {ADMIN_TOKEN}\n")
    result = serve(str(policy_dir), "--tokens", str(tokens))
    assert result.returncode == 2
    assert f"{tokens}:3" in one_line(result)
    tokens.write_text("admin short\n")
    assert "too short" in one_line(serve(str(policy_dir), "--tokens", str(tokens)))
    assert "cannot read token file" in one_line(
        serve(str(policy_dir), "--tokens", str(tmp_path / "missing"))
    )


def test_invalid_policy_lists_its_problems_and_exits_2(policy_dir: Path, serve: Any) -> None:
    break_policy(policy_dir)
    result = serve(str(policy_dir), env={"GRIDRULES_TOKENS": READ_TOKEN})
    assert result.returncode == 2  # invalid policy: refused input (docs/cli.md)
    assert "GR001" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a policy folder PATH or --store"),
        (["POLICY", "--store", "postgresql://x@127.0.0.1:1/x"], "not both"),
        (["POLICY", "--no-auth", "--host", "0.0.0.0"], "loopback"),
        (["POLICY", "--jurisdiction", "x"], "--jurisdiction only applies with --store"),
    ],
)
def test_usage_errors(policy_dir: Path, args: list[str], message: str, serve: Any) -> None:
    result = serve(*[str(policy_dir) if a == "POLICY" else a for a in args])
    assert result.returncode == 2
    assert message in result.stderr and "Traceback" not in result.stderr


def test_unreachable_store_exits_2(policy_dir: Path, serve: Any) -> None:
    result = serve(
        "--store", "postgresql://u:pw@127.0.0.1:1/db", env={"GRIDRULES_TOKENS": READ_TOKEN}
    )
    assert result.returncode == 2
    line = one_line(result)
    assert "cannot connect to the policy store" in line and "pw" not in line


def test_serve_end_to_end_with_a_token_file_and_decision_log(
    tmp_path: Path, policy_dir: Path
) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text(f"read {READ_TOKEN} grid-app\nadmin {ADMIN_TOKEN} ops\n")
    log = tmp_path / "log" / "decisions.jsonl"
    env = {"GRIDRULES_TOKENS": "", "GRIDRULES_ADMIN_TOKENS": ""}
    args = [str(policy_dir), "--tokens", str(tokens), "--decision-log", str(log)]
    with serve_process(args, env=env) as served:
        headers = {"Authorization": f"Bearer {READ_TOKEN}"}
        r = httpx.post(served.url + "/v1/check", json=CHECK, headers=headers)
        assert r.status_code == 200 and r.json()["allowed"] is True
        assert served.url.startswith("http://127.0.0.1:")
    assert '"client":"grid-app"' in log.read_text()


def test_no_auth_on_loopback(policy_dir: Path) -> None:
    with serve_process([str(policy_dir), "--no-auth"], env={"GRIDRULES_TOKENS": ""}) as served:
        assert httpx.post(served.url + "/v1/check", json=CHECK).json()["allowed"] is True


# --- tokens, without a server -----------------------------------------------


def test_tokens_from_env_and_scopes() -> None:
    auth = TokenAuth.from_sources(
        env={"GRIDRULES_TOKENS": f"{READ_TOKEN}, ", "GRIDRULES_ADMIN_TOKENS": ADMIN_TOKEN}
    )
    read = auth.authenticate(f"Bearer {READ_TOKEN}")
    admin = auth.authenticate(f"bearer {ADMIN_TOKEN}")
    assert read is not None and read.scope is Scope.READ
    assert admin is not None and admin.scope is Scope.ADMIN
    assert auth.authenticate(f"Bearer {READ_TOKEN}x") is None
    assert auth.authenticate(None) is None
    with pytest.raises(ServiceError) as denied:
        auth.require(f"Bearer {READ_TOKEN}", Scope.ADMIN)
    assert denied.value.status == 403
    assert auth.require(f"Bearer {ADMIN_TOKEN}", Scope.READ) is admin


def test_token_file_format(tmp_path: Path) -> None:
    path = tmp_path / "tokens"
    path.write_text(f"read {READ_TOKEN}  # the app\n\nadmin {ADMIN_TOKEN} ops\n")
    tokens = parse_token_file(path)
    assert [(t.scope, t.name) for t in tokens] == [(Scope.READ, "read@1"), (Scope.ADMIN, "ops")]
    assert all(READ_TOKEN.encode() not in t.digest for t in tokens)  # only digests are kept
    with pytest.raises(AuthConfigError):
        TokenAuth([], enabled=True)
    assert TokenAuth([], enabled=False).require(None, Scope.ADMIN) is None
