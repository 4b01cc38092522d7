"""Helpers for the service tests: real HTTP on loopback, a real throwaway PostgreSQL cluster.

Everything started here stops in a finalizer: uvicorn servers (threads or
subprocesses) and the PostgreSQL cluster (pg_ctl stop, then its folder is
removed). No mocks: the cluster is Debian's postgresql, started with
initdb/pg_ctl in a temporary folder on a free loopback port.
"""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

from gridrules.service.app import AppConfig, create_app
from gridrules.service.auth import Scope, Token, TokenAuth, _digest
from gridrules.service.holder import PolicyHolder
from gridrules.service.log import DecisionLog
from gridrules.service.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_BASE = ROOT / "src" / "gridrules" / "rules" / "example_base"
GRIDRULES = str(Path(sys.executable).with_name("gridrules"))

READ_TOKEN = "read-token-0123456789abcdef"
ADMIN_TOKEN = "admin-token-0123456789abcdef"
READ = {"Authorization": f"Bearer {READ_TOKEN}"}
ADMIN = {"Authorization": f"Bearer {ADMIN_TOKEN}"}

CHECK = {
    "principal": "W001",
    "action": "handle",
    "matter": "neighbour_dispute",
    "grid": "S01C01G01",
}


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def make_auth() -> TokenAuth:
    return TokenAuth(
        [
            Token("app", Scope.READ, _digest(READ_TOKEN)),
            Token("ops", Scope.ADMIN, _digest(ADMIN_TOKEN)),
        ]
    )


def wait_until(predicate: Callable[[], bool], timeout: float = 10.0, step: float = 0.02) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return predicate()


def wait_http(url: str, timeout: float = 15.0) -> None:
    def up() -> bool:
        try:
            return httpx.get(url + "/healthz", timeout=1).status_code == 200
        except httpx.HTTPError:
            return False

    if not wait_until(up, timeout, 0.05):
        raise RuntimeError(f"server at {url} did not come up")


@dataclass
class Running:
    url: str
    holder: PolicyHolder
    app: Any
    metrics: Metrics
    client: httpx.Client  # keep-alive client on `url` (no headers of its own)


@contextlib.contextmanager
def running_app(
    holder: PolicyHolder,
    *,
    config: AppConfig | None = None,
    decision_log: DecisionLog | None = None,
) -> Iterator[Running]:
    """uvicorn serving an app over `holder` in a thread, on a free loopback port."""
    import uvicorn

    metrics = Metrics()
    app = create_app(
        holder, auth=make_auth(), config=config, metrics=metrics, decision_log=decision_log
    )
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            loop="asyncio",
            http="httptools",
            lifespan="on",
            log_level="warning",
            access_log=False,
        )
    )
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{port}"
        if not wait_until(lambda: server.started, 15):
            raise RuntimeError("uvicorn did not start")
        with httpx.Client(base_url=url, timeout=10) as client:
            yield Running(url, holder, app, metrics, client)
    finally:
        server.should_exit = True
        thread.join(15)


@dataclass
class ServeProcess:
    url: str
    proc: subprocess.Popen[bytes]
    log_path: Path

    @property
    def log(self) -> str:
        return self.log_path.read_text(errors="replace")


@contextlib.contextmanager
def serve_process(
    args: list[str],
    *,
    env: dict[str, str] | None = None,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Iterator[ServeProcess]:
    """`gridrules serve …` as a subprocess on a free port; stopped (SIGTERM, then kill) at the end.

    `preexec_fn` runs in the child before `exec` (e.g. `resource.setrlimit`).
    """
    port = free_port()
    full_env = {**os.environ, **(env or {})}
    full_env.setdefault("GRIDRULES_TOKENS", READ_TOKEN)
    full_env.setdefault("GRIDRULES_ADMIN_TOKENS", ADMIN_TOKEN)
    fd, name = tempfile.mkstemp(prefix="gridrules-serve-", suffix=".log")
    os.close(fd)
    log_path = Path(name)
    with log_path.open("wb") as log_file:
        proc = subprocess.Popen(
            [GRIDRULES, "serve", *args, "--port", str(port), "--log-level", "info"],
            env=full_env,
            cwd=cwd,
            stdout=log_file,
            stderr=subprocess.STDOUT,
            preexec_fn=preexec_fn,
        )
    running = ServeProcess(f"http://127.0.0.1:{port}", proc, log_path)
    try:
        try:
            wait_http(running.url, 30)
        except RuntimeError:
            raise RuntimeError(f"gridrules serve did not start:\n{running.log}") from None
        yield running
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait(5)
        log_path.unlink(missing_ok=True)


# --- PostgreSQL -------------------------------------------------------------


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=_version_key)
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _version_key(path: str) -> tuple[int, ...]:
    part = path.split("/")[4]
    return tuple(int(x) for x in part.split(".") if x.isdigit())


@dataclass
class PostgresCluster:
    host: str
    port: int
    user: str

    def dsn(self, dbname: str = "postgres") -> str:
        return f"postgresql://{self.user}@{self.host}:{self.port}/{dbname}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.dsn(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.dsn(name)
