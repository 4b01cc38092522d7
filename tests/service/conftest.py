"""Fixtures for the service tests: real HTTP on loopback, a real throwaway PostgreSQL cluster.

Everything started here stops in a finalizer: uvicorn servers (threads or
subprocesses) and the PostgreSQL cluster (pg_ctl stop, then its folder is
removed). No mocks: the cluster is Debian's postgresql, started with
initdb/pg_ctl in a temporary folder on a free loopback port.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("uvicorn")

from gridrules.service.app import AppConfig
from gridrules.service.holder import FolderSource, PolicyHolder
from gridrules.service.limits import Limits
from gridrules.service.log import DecisionLog

from .support import (
    EXAMPLE_BASE,
    PostgresCluster,
    Running,
    _pg_bin,
    free_port,
    running_app,
)


@pytest.fixture
def policy_dir(tmp_path: Path) -> Path:
    """A fresh copy of the example base jurisdiction."""
    target = tmp_path / "policies" / "example"
    shutil.copytree(EXAMPLE_BASE, target)
    return target


@pytest.fixture
def served(policy_dir: Path, tmp_path: Path) -> Iterator[Running]:
    holder = PolicyHolder(FolderSource(policy_dir))
    assert holder.reload("startup").status == "applied"
    log = DecisionLog(tmp_path / "decisions.jsonl")
    config = AppConfig(limits=Limits(max_body_bytes=64 * 1024, max_batch=50))
    try:
        with running_app(holder, config=config, decision_log=log) as running:
            yield running
    finally:
        log.close()


# --- PostgreSQL -------------------------------------------------------------


@pytest.fixture(scope="session")
def postgres() -> Iterator[PostgresCluster]:
    """A throwaway PostgreSQL cluster on a free loopback port, stopped and removed at the end.

    As root, initdb and the server run as the `postgres` user (or `nobody`), since
    PostgreSQL refuses to run as root.
    """
    bindir = _pg_bin()
    if bindir is None:
        message = "PostgreSQL is not installed (scripts/setup --test installs it)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    pytest.importorskip("psycopg")
    run_as: dict[str, Any] = {}
    owner: pwd.struct_passwd | None = None
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            with contextlib.suppress(KeyError):
                owner = pwd.getpwnam(name)
                break
        if owner is None:
            pytest.skip("running as root and neither a postgres nor a nobody user exists")
        run_as = {"user": owner.pw_uid, "group": owner.pw_gid}
    base = Path(tempfile.mkdtemp(prefix="gridrules-pg-"))  # in /tmp: reachable by that user
    data, sockets = base / "data", base / "sock"
    sockets.mkdir()
    if owner is not None:
        for path in (base, sockets):
            os.chown(path, owner.pw_uid, owner.pw_gid)
    port = free_port()
    user = "gridrules"
    env = {**os.environ, "LC_ALL": "C", "LANG": "C"}
    env.pop("PGDATA", None)

    def run(*cmd: str) -> None:
        subprocess.run(
            cmd,
            check=True,
            env=env,
            cwd=base,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            timeout=120,
            **run_as,
        )

    started = False
    try:
        run(
            str(bindir / "initdb"),
            "-D",
            str(data),
            "-U",
            user,
            "--auth=trust",
            "--no-sync",
            "-E",
            "UTF8",
        )
        opts = (
            f"-p {port} -k {sockets} -c listen_addresses=127.0.0.1 -c fsync=off "
            "-c synchronous_commit=off -c full_page_writes=off -c max_connections=100"
        )
        run(
            str(bindir / "pg_ctl"),
            "-D",
            str(data),
            "-o",
            opts,
            "-l",
            str(base / "server.log"),
            "-w",
            "-t",
            "60",
            "start",
        )
        started = True
        yield PostgresCluster("127.0.0.1", port, user)
    finally:
        if started:
            with contextlib.suppress(subprocess.SubprocessError):
                run(str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "-w", "stop")
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def store_dsn(postgres: PostgresCluster) -> str:
    """A fresh database in the session's cluster."""
    return postgres.new_database()
